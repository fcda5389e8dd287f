from django.urls import path

from awards import exports, summary_views, views

app_name = "awards"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("them/", views.decision_create, name="create"),
    path("tong-hop/", summary_views.summary_awards, name="summaries"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/sua/", views.decision_edit, name="edit"),
    path("<int:pk>/xoa/", views.decision_delete, name="delete"),
    path("<int:pk>/ban-quet/", views.decision_scan, name="scan"),
    path("<int:pk>/nguoi-nhan/them/", views.recipients_add, name="recipients_add"),
    path("<int:pk>/nguoi-nhan/<int:recipient_pk>/xoa/", views.recipient_remove, name="recipient_remove"),
    # Excel / CSV exports (?format=xlsx|csv with the list page's filters)
    path("xuat/", exports.decision_export, name="export"),
    path("xuat/nguoi-nhan/", exports.recipient_export, name="recipients_export"),
]
