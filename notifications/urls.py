from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("chuong/", views.bell, name="bell"),
    path("<int:pk>/mo/", views.open_notice, name="open"),
    path("<int:pk>/da-doc/", views.mark_read, name="read"),
    path("da-doc-tat-ca/", views.mark_all_read, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
]
