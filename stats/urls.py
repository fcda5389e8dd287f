from django.urls import path

from stats import exports, views

app_name = "stats"
period = "<str:period>"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path(f"nhap/<int:data_set>/{period}/<int:unit>/", views.entry, name="entry"),
    path(f"nhap/<int:data_set>/{period}/<int:unit>/gia-tri/", views.entry_value, name="entry_value"),
    path(f"nhap/<int:data_set>/{period}/<int:unit>/gui/", views.entry_submit, name="entry_submit"),
    path("bao-cao/<int:pk>/", views.submission_detail, name="submission"),
    path("bao-cao/<int:pk>/duyet/", views.submission_approve, name="approve"),
    path("bao-cao/<int:pk>/tra-lai/", views.submission_return, name="return"),
    path("bao-cao/<int:pk>/mo-lai/", views.submission_reopen, name="reopen"),
    path("bao-cao/<int:pk>/so-lieu/<int:element>/", views.value_thread, name="value_thread"),
    path("theo-doi/", views.follow_ups, name="follow_ups"),
    path("phe-duyet/", views.approvals, name="approvals"),
    path("phe-duyet/duyet-nhieu/", views.approvals_bulk, name="approvals_bulk"),
    path("tien-do/", views.completeness, name="completeness"),
    path("tong-hop/", views.aggregates, name="aggregates"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    # Excel / CSV exports (?format=xlsx|csv with the page's filters)
    path("xuat/", exports.submissions_export, name="submissions_export"),
    path("phe-duyet/xuat/", exports.approvals_export, name="approvals_export"),
    path("tien-do/xuat/", exports.completeness_export, name="completeness_export"),
    path("theo-doi/xuat/", exports.follow_ups_export, name="follow_ups_export"),
    path("tong-hop/xuat/", exports.aggregates_export, name="aggregates_export"),
]
