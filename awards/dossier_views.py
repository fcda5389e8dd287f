"""Pages of the reward dossier (hồ sơ đề nghị khen thưởng) and the certificates. Thin: every
change goes through awards.services; refusals come back on the form with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import certificates, choices, dossiers, services
from awards.access import get_candidate_for_user, get_decision_for_user, get_dossier_for_user, get_recipient_for_user
from awards.dossier_forms import CandidateForm, CouncilForm, DecideForm, DossierForm, ReportForm, ReturnForm
from awards.forms import ISSUER_TITLES
from awards.models import Dossier
from webkit import uploads
from webkit.forms import SERVICE_ERRORS, add_errors


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def dossier_list(request):
    dossiers_qs = (
        Dossier.objects.visible_to(request.user)
        .select_related("proposer", "issuer", "reward_form", "emulation_title")
        .order_by("-year", "-pk")
    )
    page = Paginator(dossiers_qs, 25).get_page(request.GET.get("page"))
    return render(request, "awards/dossier_list.html", {"page": page, "may_create": choices.may_create(request.user)})


@login_required
def dossier_create(request):
    if not choices.may_create(request.user):
        raise Http404
    form = DossierForm(request.POST or None, request.FILES or None, user=request.user)
    form.initial.setdefault("year", timezone.localdate().year)
    if request.method == "POST" and form.is_valid():
        data = form.fields_for_service()
        try:
            dossier = services.dossier_create(by=request.user, proposer=form.cleaned_data["proposer"], **data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The dossier was created. Now add its candidates."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_form.html", {"form": form, "dossier": None, "issuer_titles": ISSUER_TITLES})


@login_required
def dossier_edit(request, pk):
    dossier = get_dossier_for_user(request.user, pk, write=True)
    if not dossiers.may_prepare(request.user, dossier):
        raise Http404
    form = DossierForm(request.POST or None, request.FILES or None, instance=dossier, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(dossier=dossier, by=request.user, **form.fields_for_service())
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    context = {"form": form, "dossier": dossier, "issuer_titles": ISSUER_TITLES}
    return render(request, "awards/dossier_form.html", context)


@login_required
def dossier_detail(request, pk):
    dossier = get_dossier_for_user(request.user, pk)
    candidates = list(dossier.candidates.select_related("unit"))
    may_prepare = dossiers.may_prepare(request.user, dossier)
    may_decide = dossiers.may_decide(request.user, dossier)
    context = {
        "dossier": dossier,
        "candidates": candidates,
        "missing": dossiers.missing(dossier, candidates),
        "events": dossier.events.select_related("by"),
        "may_prepare": may_prepare and dossier.status in dossiers.EDITABLE,
        "may_decide": may_decide,
        "show_personal": dossiers.may_see_personal(request.user, dossier),
        "return_form": ReturnForm(),
    }
    return render(request, "awards/dossier_detail.html", context)


@login_required
def dossier_letter(request, pk):
    dossier = get_dossier_for_user(request.user, pk)
    if not dossier.letter_file:
        raise Http404
    return uploads.serve(dossier.letter_file, filename=dossier.letter_file_name or "to-trinh.pdf")


def _step(request, pk, action):
    dossier = get_dossier_for_user(request.user, pk, write=True)
    try:
        action(dossier)
    except SERVICE_ERRORS as exc:
        text = " ".join(exc.messages) if hasattr(exc, "messages") else str(exc)
        messages.error(request, text or _("You do not have permission to do this."))
        return None
    return dossier


@login_required
@require_POST
def dossier_submit(request, pk):
    if _step(request, pk, lambda d: services.dossier_submit(dossier=d, by=request.user)):
        messages.success(request, _("The dossier was submitted."))
    return redirect("awards:dossier_detail", pk=pk)


@login_required
@require_POST
def dossier_return(request, pk):
    form = ReturnForm(request.POST)
    reason = form.data.get("reason", "")
    if _step(request, pk, lambda d: services.dossier_return(dossier=d, by=request.user, reason=reason)):
        messages.success(request, _("The dossier was returned to the proposing unit."))
    return redirect("awards:dossier_detail", pk=pk)


@login_required
def candidate_add(request, pk):
    dossier = get_dossier_for_user(request.user, pk, write=True)
    form = CandidateForm(request.POST or None, request.FILES or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("report_file"):
            data.pop("report_file", None)
        try:
            services.candidate_add(dossier=dossier, by=request.user, **data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The candidate was added."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_candidate_form.html", {"form": form, "dossier": dossier})


@login_required
def candidate_report(request, pk, candidate_pk):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk, write=True)
    dossier = candidate.dossier
    form = ReportForm(request.POST or None, request.FILES or None, initial={"report_text": candidate.report_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_report_set(
                candidate=candidate,
                by=request.user,
                report_text=form.cleaned_data["report_text"],
                report_file=form.cleaned_data.get("report_file") or None,
            )
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The achievement report was saved."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    context = {"form": form, "dossier": dossier, "candidate": candidate}
    return render(request, "awards/dossier_report_form.html", context)


@login_required
@require_POST
def candidate_draft(request, pk, candidate_pk):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk, write=True)
    try:
        services.candidate_draft_report(candidate=candidate, by=request.user)
    except SERVICE_ERRORS as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("awards:dossier_detail", pk=pk)
    messages.success(request, _("The report was drafted from the registry; check and complete it."))
    return redirect("awards:dossier_report", pk=pk, candidate_pk=candidate.pk)


@login_required
def candidate_file(request, pk, candidate_pk):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk)
    if not candidate.report_file:
        raise Http404
    return uploads.serve(candidate.report_file, filename=candidate.report_file_name or "bao-cao")


@login_required
@require_POST
def candidate_remove(request, pk, candidate_pk):
    candidate = get_candidate_for_user(request.user, pk, candidate_pk, write=True)
    if _step(request, pk, lambda d: services.candidate_remove(candidate=candidate, by=request.user)):
        messages.success(request, _("%(name)s was removed from the dossier.") % {"name": candidate.display_name})
    return redirect("awards:dossier_detail", pk=pk)


@login_required
def dossier_council(request, pk):
    dossier = get_dossier_for_user(request.user, pk, write=True)
    if not dossiers.may_decide(request.user, dossier):
        raise Http404
    candidates = list(dossier.candidates.select_related("unit"))
    initial = {
        "members": dossier.council_members,
        "meeting_date": dossier.meeting_date,
        "required_share": dossier.required_share,
        "share_inclusive": dossier.share_inclusive,
    }
    form = CouncilForm(request.POST or None, initial=initial, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.council_review(
                dossier=dossier,
                by=request.user,
                members=data["members"],
                meeting_date=data["meeting_date"],
                votes=form.votes(),
                required_share=data["required_share"],
                share_inclusive=data["share_inclusive"],
            )
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The council's review was recorded."))
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_council.html", {"form": form, "dossier": dossier})


@login_required
def dossier_decide(request, pk):
    dossier = get_dossier_for_user(request.user, pk, write=True)
    if not dossiers.may_decide(request.user, dossier):
        raise Http404
    form = DecideForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.dossier_decide(dossier=dossier, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s was issued.") % {"number": decision.number})
            return redirect("awards:detail", pk=decision.pk)
    passing = [c for c in dossier.candidates.select_related("unit") if c.passed]
    return render(request, "awards/dossier_decide.html", {"form": form, "dossier": dossier, "passing": passing})


# ---------------------------------------------------------------- certificates


@login_required
def decision_certificates(request, pk):
    decision = get_decision_for_user(request.user, pk)
    if decision.status != "issued" or not decision.recipients.exists():
        raise Http404
    return _pdf(certificates.award_pdf(decision), f"bang-khen-{decision.pk}.pdf")


@login_required
def recipient_certificate(request, pk, recipient_pk):
    recipient = get_recipient_for_user(request.user, pk, recipient_pk)
    decision = recipient.decision
    if decision.status != "issued":
        raise Http404
    return _pdf(certificates.award_pdf(decision, recipient), f"bang-khen-{decision.pk}-{recipient.pk}.pdf")


@login_required
def recognition_certificates(request, pk):
    from initiatives.access import get_decision_for_user as get_recognition_for_user

    decision = get_recognition_for_user(request.user, pk)
    items = list(decision.items.select_related("initiative__unit"))
    if not items:
        raise Http404
    return _pdf(
        certificates.render_pdf(certificates.recognition_pages(decision, items)), f"cong-nhan-{decision.pk}.pdf"
    )
