"""Kept for the apps that import it from here; the functions live in ``lib.audit`` so that apps
below ``accounts`` (``orgunits``) can use them too."""

from lib.audit import delete_by, save_by

__all__ = ["delete_by", "save_by"]
