"""Large imports run in the worker (``manage.py db_worker``), in one transaction like small ones."""

from django.tasks import task


@task()
def run_import(job_id: int) -> int:
    from imports.models import ImportJob
    from imports.services import run_in_background

    run_in_background(job_id)
    return ImportJob.objects.filter(pk=job_id).values_list("processed_rows", flat=True).first() or 0
