from django.urls import path

from initiatives import exports, registry_views, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("them/", views.initiative_create, name="create"),
    path("hang-loat/", views.bulk_action, name="bulk"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/sua/", views.initiative_edit, name="edit"),
    path("<int:pk>/nhan-rong/", views.initiative_replicate, name="replicate"),
    path("<int:pk>/xoa/", views.initiative_delete, name="delete"),
    path("<int:pk>/thao-tac/<slug:action>/", views.initiative_action, name="action"),
    path("<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/gan-bien/", views.plaque_add, name="plaque_add"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/danh-gia/", registry_views.evaluation_page, name="evaluations"),
    path("tong-hop/", registry_views.summary_list, name="summaries"),
    path("tong-hop/<int:pk>/xoa/", registry_views.summary_delete, name="summary_delete"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/ban-quet/", views.decision_scan, name="decision_scan"),
    # Excel / CSV exports (?format=xlsx|csv with the list page's filters)
    path("xuat/", exports.initiative_export, name="export"),
    path("quyet-dinh/xuat/", exports.decision_export, name="decision_export"),
]
