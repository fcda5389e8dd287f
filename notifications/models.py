"""In-app notices and how each person wants to hear about each kind of event."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.events import EventKind


class Kind(models.TextChoices):
    FORM_SUBMITTED = EventKind.FORM_SUBMITTED, _("A statistics form was submitted")
    FORM_RETURNED = EventKind.FORM_RETURNED, _("A statistics form was returned")
    FORM_APPROVED = EventKind.FORM_APPROVED, _("A statistics form was approved")
    PROPOSAL_WAITING = EventKind.PROPOSAL_WAITING, _("A model waits for recognition review")
    PROPOSAL_RETURNED = EventKind.PROPOSAL_RETURNED, _("A proposal was not recognized")
    MODEL_RECOGNIZED = EventKind.MODEL_RECOGNIZED, _("A model was recognized")
    REPORT_ISSUED = EventKind.REPORT_ISSUED, _("A report was issued")
    DEADLINE_SOON = EventKind.DEADLINE_SOON, _("A reporting deadline is near")
    DEADLINE_OVERDUE = EventKind.DEADLINE_OVERDUE, _("A reporting deadline has passed")


class EmailMode(models.TextChoices):
    OFF = "off", _("No email")
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("Once a day (digest)")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notice to one person. ``key`` names the event (kind and object, and for deadlines the
    period and the day bucket): the same event never reaches the same person twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key = models.CharField(max_length=200)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # Chosen when the notice is made, from the recipient's preference: shown in the inbox or only
    # mailed, and mailed at once, in the daily digest, or not at all.
    in_app = models.BooleanField(_("shown in the app"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """A person's choice for one kind of notice. No row means the defaults: shown in the app,
    emailed in the daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(_("show in the app"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"


DEFAULT_IN_APP = True
DEFAULT_EMAIL = EmailMode.DIGEST
