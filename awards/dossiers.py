"""Reads about reward dossiers: who may act on one, what is still missing before it can move on,
the vote rule, and the achievement report drafted from the registry. No state changes here
(those are in awards.services)."""

from django.utils.translation import gettext as _

from accounts.access import can
from accounts.roles import Cap
from accounts.system import is_system
from awards.models import AwardRecipient, Candidate, DecisionStatus, Dossier, DossierStatus, RecipientKind
from lib.vn_format import date_short
from lib.vn_text import fold

EDITABLE = (DossierStatus.DRAFT, DossierStatus.RETURNED)


def may_prepare(user, dossier: Dossier) -> bool:
    """The proposing unit's clerks and heads (and reviewers above it) prepare and submit."""
    return is_system(user) or can(user, Cap.ENTER, dossier.proposer) or can(user, Cap.REVIEW, dossier.proposer)


def may_decide(user, dossier: Dossier) -> bool:
    """The council's review and the decision: reviewers and leaders of the issuer's subtree."""
    return is_system(user) or can(user, Cap.REVIEW, dossier.issuer)


def may_see_personal(user, dossier: Dossier) -> bool:
    """An individual's date of birth is shown to those who prepare or decide the dossier only."""
    return may_prepare(user, dossier) or may_decide(user, dossier)


def share_passes(votes_for: int, members: int, share: int, inclusive: bool) -> bool:
    """More than ``share`` % of all members voted for (or at least, when ``inclusive``)."""
    if members <= 0:
        return False
    if inclusive:
        return votes_for * 100 >= share * members
    return votes_for * 100 > share * members


def missing(dossier: Dossier, candidates=None) -> list[str]:
    """What must still be done before the dossier can take its next step, in words."""
    if candidates is None:
        candidates = list(dossier.candidates.select_related("unit"))
    items = []
    if dossier.status in EDITABLE:
        if not dossier.letter_number:
            items.append(_("The proposal letter has no number."))
        if dossier.letter_date is None:
            items.append(_("The proposal letter has no date."))
        if not dossier.letter_file:
            items.append(_("The proposal letter file is not attached."))
        if not candidates:
            items.append(_("The proposal lists no candidate."))
        for candidate in candidates:
            if not candidate.has_report:
                items.append(_("No achievement report for %(name)s.") % {"name": candidate.display_name})
    elif dossier.status == DossierStatus.SUBMITTED:
        if not dossier.members:
            items.append(_("The council's members are not entered."))
        if dossier.meeting_date is None:
            items.append(_("The council's meeting date is not entered."))
        for candidate in candidates:
            if candidate.votes_for is None or candidate.votes_against is None:
                items.append(_("No council vote for %(name)s.") % {"name": candidate.display_name})
    elif dossier.status == DossierStatus.REVIEWED:
        if not any(c.passed for c in candidates):
            items.append(_("No candidate passed the council's vote."))
    return items


def draft_report(candidate: Candidate) -> str:
    """An achievement report drafted from the registry: the recognized models of the candidate's
    unit and the awards the candidate already holds (issued decisions)."""
    from initiatives.models import Initiative

    lines = [_("ACHIEVEMENT REPORT OF %(name)s") % {"name": candidate.display_name.upper()}, ""]
    lines.append(_("I. Models and exemplars recognized"))
    initiatives = []
    if candidate.unit_id:
        initiatives = list(
            Initiative.objects.filter(unit_id=candidate.unit_id).exclude(recognized_level="").order_by("-year", "name")
        )
    if candidate.kind == RecipientKind.INDIVIDUAL:
        initiatives = [i for i in initiatives if not i.person_name or i.person_name == candidate.name]
    for initiative in initiatives:
        lines.append(
            _("- %(name)s (%(year)s, recognized at %(level)s level)")
            % {"name": initiative.name, "year": initiative.year, "level": initiative.get_recognized_level_display()}
        )
    if not initiatives:
        lines.append(_("- None recorded in the registry."))
    lines.append("")
    lines.append(_("II. Awards already received"))
    held = AwardRecipient.objects.filter(decision__status=DecisionStatus.ISSUED).select_related(
        "decision__reward_form", "decision__emulation_title"
    )
    if candidate.kind == RecipientKind.INDIVIDUAL:
        # The key awards.services.person_key gives the same individual on a decision.
        born = candidate.date_of_birth.isoformat() if candidate.date_of_birth else ""
        key = f"{fold(candidate.name)}|{born}|{candidate.unit_id or ''}"
        held = held.filter(kind=RecipientKind.INDIVIDUAL, person_key=key)
    elif candidate.unit_id:
        held = held.filter(kind=RecipientKind.COLLECTIVE, unit_id=candidate.unit_id, name=candidate.name)
    else:
        held = held.none()
    held = list(held.order_by("-decision__date", "-pk"))
    for recipient in held:
        decision = recipient.decision
        lines.append(
            _("- %(what)s, decision no. %(number)s of %(date)s (%(issuer)s)")
            % {
                "what": decision.what,
                "number": decision.number or "…",
                "date": date_short(decision.date) if decision.date else "…",
                "issuer": decision.issuer_title,
            }
        )
    if not held:
        lines.append(_("- None recorded in the registry."))
    return "\n".join(lines)
