from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("mau/mo-hinh.xlsx", views.template_initiatives, name="template_initiatives"),
    path("mau/thong-ke.xlsx", views.template_values, name="template_values"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/tien-do/", views.job_progress, name="progress"),
    path("<int:pk>/nhap/", views.job_start_view, name="start"),
    path("<int:pk>/huy/", views.job_cancel, name="cancel"),
    path("<int:pk>/bao-loi.xlsx", views.job_report, name="report"),
]
