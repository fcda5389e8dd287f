from django.urls import path

from reports import unit_record, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("ho-so-don-vi/<int:pk>/", unit_record.unit_record, name="unit_record"),
    path("soan/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/muc/<slug:key>/", views.section_save, name="section_save"),
    path("<int:pk>/tieu-de/", views.title_save, name="title_save"),
    path("<int:pk>/cap-nhat-so-lieu/", views.report_refresh, name="refresh"),
    path("<int:pk>/xoa/", views.report_delete, name="delete"),
    path("<int:pk>/ban-hanh/", views.report_issue, name="issue"),
    path("<int:pk>/phien-ban-moi/", views.report_new_version, name="new_version"),
    path("<int:pk>/tao-lai-pdf/", views.pdf_retry, name="pdf_retry"),
    path("<int:pk>/in/", views.report_print, name="print"),
    path("<int:pk>/tai-ve/<slug:fmt>/", views.report_export, name="export"),
    path("co-quan-ban-hanh/", views.body_list, name="bodies"),
    path("co-quan-ban-hanh/them/", views.body_create, name="body_create"),
    path("co-quan-ban-hanh/<int:pk>/", views.body_edit, name="body_edit"),
    path("co-quan-ban-hanh/<int:pk>/mau/", views.body_template, name="body_template"),
]
