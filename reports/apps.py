from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_see_reports(user):
    from accounts.access import has_cap_anywhere
    from accounts.roles import Cap

    return has_cap_anywhere(user, Cap.ENTER) or has_cap_anywhere(user, Cap.REVIEW)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.tasks.signals import task_started

        from reports.pdf_jobs import on_task_started
        from webkit.menu import MenuItem, register

        # A worker (re)starting work first fails the PDF jobs a killed worker left RUNNING.
        task_started.connect(on_task_started, dispatch_uid="reports.sweep_stale_pdf_jobs")

        register(MenuItem(_("Reports"), "reports:list", "file-earmark-text", 500, visible=_may_see_reports))

        from lib import softdelete
        from reports.models import Report

        softdelete.register(
            softdelete.Deletable(
                key="report",
                label=_("Reports"),
                model=Report,
                unit_path="unit__path",
                restore=_restore_report,
                describe=lambda r: f"{r.title} — {r.unit.name}",
                select_related=("unit",),
            )
        )


def _restore_report(report, *, by):
    from reports.services import report_restore

    return report_restore(report=report, by=by)
