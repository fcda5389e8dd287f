from django.urls import path

from awards import dossier_views, exports, summary_views, views

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
    # Certificates (PDF, A4 landscape): a whole decision, one recipient, a recognition decision
    path("<int:pk>/bang/", dossier_views.decision_certificates, name="certificates"),
    path("<int:pk>/nguoi-nhan/<int:recipient_pk>/bang/", dossier_views.recipient_certificate, name="certificate"),
    path("cong-nhan/<int:pk>/giay-cong-nhan/", dossier_views.recognition_certificates, name="recognition_certificates"),
    # Reward dossiers (hồ sơ đề nghị khen thưởng)
    path("ho-so/", dossier_views.dossier_list, name="dossier_list"),
    path("ho-so/them/", dossier_views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", dossier_views.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/to-trinh/", dossier_views.dossier_letter, name="dossier_letter"),
    path("ho-so/<int:pk>/gui/", dossier_views.dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/tra-lai/", dossier_views.dossier_return, name="dossier_return"),
    path("ho-so/<int:pk>/hoi-dong/", dossier_views.dossier_council, name="dossier_council"),
    path("ho-so/<int:pk>/quyet-dinh/", dossier_views.dossier_decide, name="dossier_decide"),
    path("ho-so/<int:pk>/ung-vien/them/", dossier_views.candidate_add, name="dossier_candidate_add"),
    path("ho-so/<int:pk>/ung-vien/<int:candidate_pk>/bao-cao/", dossier_views.candidate_report, name="dossier_report"),
    path(
        "ho-so/<int:pk>/ung-vien/<int:candidate_pk>/bao-cao/du-thao/",
        dossier_views.candidate_draft,
        name="dossier_report_draft",
    ),
    path(
        "ho-so/<int:pk>/ung-vien/<int:candidate_pk>/bao-cao/tep/",
        dossier_views.candidate_file,
        name="dossier_report_file",
    ),
    path(
        "ho-so/<int:pk>/ung-vien/<int:candidate_pk>/xoa/",
        dossier_views.candidate_remove,
        name="dossier_candidate_remove",
    ),
    # Excel / CSV exports (?format=xlsx|csv with the list page's filters)
    path("xuat/", exports.decision_export, name="export"),
    path("xuat/nguoi-nhan/", exports.recipient_export, name="recipients_export"),
]
