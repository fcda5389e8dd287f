from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("mau/mo-hinh.xlsx", views.template_initiatives, name="template_initiatives"),
    path("mau/thong-ke.xlsx", views.template_values, name="template_values"),
    path("mau/khen-thuong.xlsx", views.template_kind, {"kind": "awards"}, name="template_awards"),
    path("mau/so-lieu-tong-hop.xlsx", views.template_kind, {"kind": "summaries"}, name="template_summaries"),
    path("mau/don-vi.xlsx", views.template_kind, {"kind": "units"}, name="template_units"),
    path("mau/tai-khoan.xlsx", views.template_kind, {"kind": "users"}, name="template_users"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/tien-do/", views.job_progress, name="progress"),
    path("<int:pk>/nhap/", views.job_start_view, name="start"),
    path("<int:pk>/huy/", views.job_cancel, name="cancel"),
    path("<int:pk>/bao-loi.xlsx", views.job_report, name="report"),
]
