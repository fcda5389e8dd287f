"""Messages of Django itself that its own Vietnamese catalogue lacks (new in Django 6); marking
them here puts them into the project catalogue, which takes precedence."""

from django.utils.translation import gettext_lazy as _

EXTRA = [
    _("- Select an option -"),
]
