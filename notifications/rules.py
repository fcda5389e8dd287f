"""For each kind of event: who hears of it (``notifications.audience``) and what the notice says.

Texts are English msgids translated into the site language when the notice is made (the stored
notice and its email read the same whatever page later shows them)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from lib.events import EventKind
from lib.vn_format import date_short
from notifications import audience


@dataclass
class Message:
    recipients: list
    title: str
    body: str
    link: str


def _form_words(submission) -> dict:
    return {
        "form": submission.data_set.name,
        "period": submission.period_obj.words(),
        "unit": submission.unit.name,
    }


def form_submitted(unit, obj, extra) -> Message:
    return Message(
        audience.reviewers_of_form(unit),
        _("%(unit)s submitted “%(form)s”, %(period)s") % _form_words(obj),
        _("The form waits for your review."),
        reverse("stats:submission", kwargs={"pk": obj.pk}),
    )


def form_returned(unit, obj, extra) -> Message:
    return Message(
        audience.workers_of(unit),
        _("“%(form)s”, %(period)s of %(unit)s was returned") % _form_words(obj),
        _("Reason: %(reason)s") % {"reason": extra.get("reason") or obj.reason},
        reverse("stats:submission", kwargs={"pk": obj.pk}),
    )


def form_approved(unit, obj, extra) -> Message:
    return Message(
        audience.workers_of(unit),
        _("“%(form)s”, %(period)s of %(unit)s was approved") % _form_words(obj),
        "",
        reverse("stats:submission", kwargs={"pk": obj.pk}),
    )


def _level_label(level: str) -> str:
    from initiatives.models import RecognitionLevel

    return str(RecognitionLevel(level).label) if level in RecognitionLevel.values else level


def proposal_waiting(unit, obj, extra) -> Message:
    level = extra.get("level") or obj.proposed_level
    return Message(
        audience.deciders_of_proposal(obj, level),
        _("“%(name)s” of %(unit)s is proposed for recognition at %(level)s")
        % {"name": obj.name, "unit": unit.name, "level": _level_label(level)},
        _("The proposal waits for your review."),
        reverse("initiatives:detail", kwargs={"pk": obj.pk}),
    )


def proposal_returned(unit, obj, extra) -> Message:
    return Message(
        audience.workers_of(unit),
        _("“%(name)s” was not recognized at %(level)s")
        % {"name": obj.name, "level": _level_label(extra.get("level", ""))},
        _("Reason: %(reason)s") % {"reason": extra.get("reason", "")},
        reverse("initiatives:detail", kwargs={"pk": obj.pk}),
    )


def model_recognized(unit, obj, extra) -> Message:
    decision = extra.get("decision")
    body = ""
    if decision is not None:
        body = _("Decision %(number)s of %(date)s, %(issuer)s.") % {
            "number": decision.number,
            "date": date_short(decision.date),
            "issuer": decision.issuer.name,
        }
    return Message(
        audience.workers_of(unit),
        _("“%(name)s” was recognized at %(level)s")
        % {"name": obj.name, "level": _level_label(getattr(decision, "level", "") or obj.recognized_level)},
        body,
        reverse("initiatives:detail", kwargs={"pk": obj.pk}),
    )


def report_issued(unit, obj, extra) -> Message:
    report = obj.report
    return Message(
        audience.issuers_over(unit),
        _("Report %(number)s was issued: %(title)s") % {"number": obj.number_text, "title": report.title},
        _("Issued on %(date)s in the name of %(body)s.")
        % {"date": date_short(obj.issued_on), "body": report.body.name.replace("\n", " ")},
        reverse("reports:detail", kwargs={"pk": report.pk}),
    )


def _deadline_words(unit, data_set, extra) -> dict:
    return {
        "form": data_set.name,
        "period": extra["period"].words(),
        "unit": unit.name,
        "date": date_short(extra["due"]),
        "days": extra["days"],
    }


def _entry_link(unit, data_set, extra) -> str:
    return reverse("stats:entry", kwargs={"data_set": data_set.pk, "period": extra["period"].code, "unit": unit.pk})


def deadline_soon(unit, obj, extra) -> Message:
    words = _deadline_words(unit, obj, extra)
    title = (
        _("“%(form)s”, %(period)s of %(unit)s is due today (%(date)s)") % words
        if extra["days"] == 0
        else _("“%(form)s”, %(period)s of %(unit)s: %(days)s days left until the deadline %(date)s") % words
    )
    return Message(
        audience.workers_of(unit),
        title,
        _("The form has not been submitted yet."),
        _entry_link(unit, obj, extra),
    )


def deadline_overdue(unit, obj, extra) -> Message:
    return Message(
        audience.workers_of(unit),
        _("“%(form)s”, %(period)s of %(unit)s is overdue: the deadline was %(date)s")
        % _deadline_words(unit, obj, extra),
        _("The form has not been submitted yet."),
        _entry_link(unit, obj, extra),
    )


RULES = {
    EventKind.FORM_SUBMITTED: form_submitted,
    EventKind.FORM_RETURNED: form_returned,
    EventKind.FORM_APPROVED: form_approved,
    EventKind.PROPOSAL_WAITING: proposal_waiting,
    EventKind.PROPOSAL_RETURNED: proposal_returned,
    EventKind.MODEL_RECOGNIZED: model_recognized,
    EventKind.REPORT_ISSUED: report_issued,
    EventKind.DEADLINE_SOON: deadline_soon,
    EventKind.DEADLINE_OVERDUE: deadline_overdue,
}
