"""Background work: the PDF of an issued version is rendered once by the worker
(``manage.py db_worker``) and stored with it; until it is there, the PDF is rendered on request."""

from django.tasks import task


@task()
def render_version_pdf(version_id: int) -> int:
    """Render and store the PDF of an issued version; returns its size in bytes."""
    from lib import testpoints
    from reports import render
    from reports.models import ReportVersion

    version = ReportVersion.objects.filter(pk=version_id).first()
    if version is None or version.pdf:
        return 0
    data = render.render_pdf(version.content)
    testpoints.pause("reports.pdf")  # crash-safety tests: the job is RUNNING, nothing stored yet
    ReportVersion.objects.filter(pk=version_id, pdf=b"").update(pdf=data)
    return len(data)
