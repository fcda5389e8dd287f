from django.http import Http404

from imports.models import ImportJob


def get_job_for_user(user, pk) -> ImportJob:
    """An import is seen only by the person who uploaded it (it may hold any unit's data)."""
    job = ImportJob.objects.select_related("data_set").filter(pk=pk, created_by_id=user.pk).first()
    if job is None:
        raise Http404
    return job
