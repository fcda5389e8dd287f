"""Access to award decisions: one helper per object type, 404 for what the user may not see."""

from django.http import Http404

from awards.models import AwardDecision, AwardRecipient


def get_decision_for_user(user, pk, *, write: bool = False) -> AwardDecision:
    """The decision if the user may see it (``write``: and change it), else 404."""
    from awards.services import may_edit

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    decision = (
        AwardDecision.objects.visible_to(user)
        .select_related("issuer", "proposed_by", "reward_form", "emulation_title", "area")
        .filter(pk=pk)
        .first()
    )
    if decision is None or (write and not may_edit(user, decision)):
        raise Http404
    return decision


def get_recipient_for_user(user, decision_pk, pk, *, write: bool = False) -> AwardRecipient:
    decision = get_decision_for_user(user, decision_pk, write=write)
    try:
        return decision.recipients.select_related("unit").get(pk=int(pk))
    except (AwardRecipient.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def get_dossier_for_user(user, pk, *, write: bool = False):
    """The reward dossier if the user's subtree proposes or decides it (``write``: and the user
    may act on it, as proposer or as the issuer's reviewer), else 404."""
    from awards.dossiers import may_decide, may_prepare
    from awards.models import Dossier

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    dossier = (
        Dossier.objects.visible_to(user)
        .select_related("proposer", "issuer", "reward_form", "emulation_title", "area", "decision")
        .filter(pk=pk)
        .first()
    )
    if dossier is None or (write and not (may_prepare(user, dossier) or may_decide(user, dossier))):
        raise Http404
    return dossier


def get_candidate_for_user(user, dossier_pk, pk, *, write: bool = False):
    from awards.models import Candidate

    dossier = get_dossier_for_user(user, dossier_pk, write=write)
    try:
        return dossier.candidates.select_related("unit").get(pk=int(pk))
    except (Candidate.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
