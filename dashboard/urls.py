from django.urls import path

from dashboard import exports, views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("viec-cho-toi/", views.my_tasks, name="tasks"),
    path("xuat/", exports.dashboard_export, name="export"),
]
