"""Each event kind makes the notice and the email for exactly the people in scope.

The tree and personas come from the root conftest: ward_clerk and ward_head work in Phường Cổ
Nhuế 1; district_reviewer reviews Quận Bắc Từ Liêm; city_leader leads the new Hà Nội (and, through
lineage, the old one); the outsider is a clerk in Phường Quảng An (Tây Hồ); admin administers the
country (no reviewing, entering or issuing)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from lib.events import EventKind
from notifications import services
from notifications.models import EmailMode, Notification, NotificationPreference
from notifications.tests.conftest import recipients

pytestmark = pytest.mark.django_db


def _submitted(tree, people, half_year_form, committed, period="2024H1"):
    from stats import services as stats

    with committed():
        sub = stats.submission_open(
            data_set=half_year_form, period=period, unit=tree["conhue1"], by=people["ward_clerk"]
        )
        sub = stats.submission_submit(submission=sub, by=people["ward_clerk"])
    return sub


def _digest_addresses():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submitted_form_tells_the_reviewers_above_the_ward_and_nobody_else(tree, people, half_year_form, committed):
    sub = _submitted(tree, people, half_year_form, committed)
    # Reviewing Cổ Nhuế 1 from above: the district reviewer, and the city leader through lineage.
    assert recipients(EventKind.FORM_SUBMITTED) == {"district_reviewer", "city_leader"}
    notice = Notification.objects.get(kind=EventKind.FORM_SUBMITTED, recipient=people["district_reviewer"])
    assert "Phường Cổ Nhuế 1" in notice.title
    assert notice.link == f"/thong-ke/bao-cao/{sub.pk}/"
    assert notice.unit == tree["conhue1"]
    # The default is the daily digest: nothing is mailed before it runs, then one email each.
    assert mail.outbox == []
    assert services.send_digests(by=people["admin"]) == 2
    assert _digest_addresses() == ["city_leader@example.org", "district_reviewer@example.org"]
    assert notice.title in next(m.body for m in mail.outbox if m.to == ["district_reviewer@example.org"])


def test_a_returned_form_and_an_approved_one_tell_the_wards_clerk_and_head(tree, people, half_year_form, committed):
    from stats import services as stats

    sub = _submitted(tree, people, half_year_form, committed)
    with committed():
        stats.submission_return(submission=sub, reason="Thiếu số liệu đối thoại", by=people["district_reviewer"])
    assert recipients(EventKind.FORM_RETURNED) == {"ward_clerk", "ward_head"}
    returned = Notification.objects.get(kind=EventKind.FORM_RETURNED, recipient=people["ward_clerk"])
    assert "Thiếu số liệu đối thoại" in returned.body

    with committed():
        stats.submission_submit(submission=sub, by=people["ward_head"])
        stats.submission_approve(submission=sub, by=people["district_reviewer"])
    # Submitted a second time: a second notice for each reviewer (another occurrence).
    assert (
        Notification.objects.filter(kind=EventKind.FORM_SUBMITTED, recipient=people["district_reviewer"]).count() == 2
    )
    # The approval was the reviewer's: the ward's clerk and head are both told.
    assert recipients(EventKind.FORM_APPROVED) == {"ward_clerk", "ward_head"}


def test_the_actor_is_not_told_of_their_own_action(tree, people, half_year_form, committed):
    from stats import services as stats

    sub = _submitted(tree, people, half_year_form, committed)
    with committed():
        stats.submission_return(submission=sub, reason="Sửa lại", by=people["district_reviewer"])
        stats.submission_submit(submission=sub, by=people["ward_head"])
    # The second submission was the head's: the reviewers hear of it, the head does not.
    assert "ward_head" not in recipients(EventKind.FORM_SUBMITTED)
    assert Notification.objects.filter(kind=EventKind.FORM_SUBMITTED).count() == 4


def _initiative(tree, people, committed, name="Camera an ninh ngõ xóm"):
    from initiatives import services as ini
    from initiatives.models import Field

    with committed():
        initiative = ini.initiative_create(
            by=people["ward_clerk"],
            unit=tree["conhue1"],
            name=name,
            field=Field.objects.order_by("pk").first(),
            year=2024,
            register=True,
        )
        ini.initiative_propose(initiative=initiative, level="district", by=people["ward_clerk"])
    initiative.refresh_from_db()
    return initiative


def test_a_proposal_tells_the_reviewers_who_decide_at_its_level(tree, people, committed):
    initiative = _initiative(tree, people, committed)
    # District level: the district reviewer decides; the city leader decides at the city level only.
    assert recipients(EventKind.PROPOSAL_WAITING) == {"district_reviewer"}
    notice = Notification.objects.get(kind=EventKind.PROPOSAL_WAITING)
    assert initiative.name in notice.title and notice.link == f"/mo-hinh/{initiative.pk}/"


def test_a_refused_proposal_tells_the_wards_clerk_and_head_with_the_reason(tree, people, committed):
    from initiatives import services as ini

    initiative = _initiative(tree, people, committed)
    with committed():
        ini.initiative_refuse(initiative=initiative, reason="Chưa đủ kết quả", by=people["district_reviewer"])
    assert recipients(EventKind.PROPOSAL_RETURNED) == {"ward_clerk", "ward_head"}
    assert "Chưa đủ kết quả" in Notification.objects.filter(kind=EventKind.PROPOSAL_RETURNED).first().body


def test_a_recognized_model_tells_its_wards_clerk_and_head_with_the_decision(tree, people, committed):
    from initiatives import services as ini

    initiative = _initiative(tree, people, committed)
    with committed():
        decision = ini.decision_create(
            by=people["district_reviewer"],
            number="23-QĐ/QU",
            date=dt.date(2024, 12, 1),
            issuer=tree["btl"],
            level="district",
        )
        ini.decision_recognize(decision=decision, initiatives=[initiative], by=people["district_reviewer"])
    assert recipients(EventKind.MODEL_RECOGNIZED) == {"ward_clerk", "ward_head"}
    notice = Notification.objects.filter(kind=EventKind.MODEL_RECOGNIZED).first()
    assert "23-QĐ/QU" in notice.body and "01/12/2024" in notice.body


def test_an_issued_report_tells_the_heads_and_leaders_who_see_the_unit(tree, people, committed):
    from accounts.system import system_actor
    from reports import services as rep
    from reports.models import BodyKind

    body = rep.body_create(
        by=system_actor(),
        unit=tree["conhue1"],
        kind=BodyKind.STATE,
        name="ỦY BAN NHÂN DÂN\nPHƯỜNG CỔ NHUẾ 1",
        abbreviation="UBND",
        place="Cổ Nhuế 1",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị B",
    )
    report = rep.report_draft(by=people["ward_clerk"], kind="year", unit=tree["conhue1"], body=body, year=2024)
    with committed():
        version = rep.report_issue(report=report, by=people["ward_head"], issued_on=dt.date(2025, 1, 5))
    # ISSUE over Cổ Nhuế 1: its head (who issued it) and the city leader; the reviewer cannot issue.
    assert recipients(EventKind.REPORT_ISSUED) == {"city_leader"}
    notice = Notification.objects.get(kind=EventKind.REPORT_ISSUED)
    assert version.number_text in notice.title and notice.link == f"/bao-cao/{report.pk}/"


def test_an_action_rolled_back_tells_nobody(tree, people, half_year_form, committed):
    from stats import services as stats

    sub = stats.submission_open(data_set=half_year_form, period="2024H1", unit=tree["conhue1"], by=people["ward_clerk"])
    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            stats.submission_submit(submission=sub, by=people["ward_clerk"])
            raise RuntimeError("the caller failed after the service")
    assert Notification.objects.count() == 0
    sub.refresh_from_db()
    assert sub.status == "draft"


def test_preferences_are_honoured_in_the_app_and_by_email(tree, people, half_year_form, committed, settings):
    # "At once" emails go through the worker; here the queue runs each task as it is queued.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # The reviewer wants email at once and nothing under the bell; the leader wants nothing at all.
    services.preference_set(
        user=people["district_reviewer"],
        kind=EventKind.FORM_SUBMITTED,
        in_app=False,
        email=EmailMode.IMMEDIATE,
        by=people["district_reviewer"],
    )
    services.preference_set(
        user=people["city_leader"],
        kind=EventKind.FORM_SUBMITTED,
        in_app=False,
        email=EmailMode.OFF,
        by=people["city_leader"],
    )
    _submitted(tree, people, half_year_form, committed)
    assert recipients(EventKind.FORM_SUBMITTED) == {"district_reviewer"}
    notice = Notification.objects.get(kind=EventKind.FORM_SUBMITTED)
    assert notice.in_app is False and notice.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["district_reviewer@example.org"]]
    assert mail.outbox[0].subject == notice.title
    # Not under the bell, and not mailed a second time in the digest.
    from notifications.selectors import inbox, unread_count

    assert unread_count(people["district_reviewer"]) == 0 and not inbox(people["district_reviewer"]).exists()
    assert services.send_digests(by=people["admin"]) == 0


def test_another_kinds_preference_leaves_this_kind_at_the_defaults(tree, people, half_year_form, committed):
    services.preference_set(
        user=people["district_reviewer"],
        kind=EventKind.REPORT_ISSUED,
        in_app=False,
        email=EmailMode.OFF,
        by=people["district_reviewer"],
    )
    _submitted(tree, people, half_year_form, committed)
    notice = Notification.objects.get(kind=EventKind.FORM_SUBMITTED, recipient=people["district_reviewer"])
    assert notice.in_app is True and notice.email == EmailMode.DIGEST


def test_someone_without_an_email_address_gets_the_notice_but_no_email(tree, people, half_year_form, committed):
    people["city_leader"].email = ""
    people["city_leader"].save(update_fields=["email"])
    _submitted(tree, people, half_year_form, committed)
    assert recipients(EventKind.FORM_SUBMITTED) == {"district_reviewer", "city_leader"}
    services.send_digests(by=people["admin"])
    assert _digest_addresses() == ["district_reviewer@example.org"]


def test_the_digest_sends_one_email_per_person_with_every_waiting_notice(tree, people, half_year_form, committed):
    from stats import services as stats

    sub = _submitted(tree, people, half_year_form, committed)
    with committed():
        stats.submission_return(submission=sub, reason="Bổ sung", by=people["district_reviewer"])
        stats.submission_submit(submission=sub, by=people["ward_clerk"])
        stats.submission_approve(submission=sub, by=people["district_reviewer"])
    # ward_clerk: returned + approved; ward_head: the same two; district_reviewer: 2 submissions
    # (the approval was theirs); city_leader: 2 submissions.
    assert services.send_digests(by=people["admin"]) == 4
    assert _digest_addresses() == [
        "city_leader@example.org",
        "district_reviewer@example.org",
        "ward_clerk@example.org",
        "ward_head@example.org",
    ]
    clerk_mail = next(m for m in mail.outbox if m.to == ["ward_clerk@example.org"])
    for notice in Notification.objects.filter(recipient=people["ward_clerk"]):
        assert notice.title in clerk_mail.body
    assert clerk_mail.subject.startswith("2 ")
    # Everything went out: a second run sends nothing.
    mail.outbox.clear()
    assert services.send_digests(by=people["admin"]) == 0 and mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_same_event_never_notifies_a_person_twice(tree, people, half_year_form):
    from stats import services as stats

    sub = stats.submission_open(data_set=half_year_form, period="2024H1", unit=tree["conhue1"], by=people["ward_clerk"])
    first = services.notify(EventKind.FORM_SUBMITTED, unit=sub.unit, obj=sub, by=people["ward_clerk"], key="once")
    again = services.notify(EventKind.FORM_SUBMITTED, unit=sub.unit, obj=sub, by=people["ward_clerk"], key="once")
    assert len(first) == 2 and again == []
    assert Notification.objects.count() == 2


def test_marking_read_is_for_the_recipient_only(tree, people, half_year_form, committed):
    from django.core.exceptions import PermissionDenied

    _submitted(tree, people, half_year_form, committed)
    notice = Notification.objects.get(recipient=people["district_reviewer"])
    with pytest.raises(PermissionDenied):
        services.mark_read(notification=notice, by=people["city_leader"])
    services.mark_read(notification=notice, by=people["district_reviewer"])
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert services.mark_all_read(by=people["city_leader"]) == 1
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_changed_only_by_their_owner(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.preference_set(
            user=people["ward_clerk"], kind=EventKind.FORM_RETURNED, in_app=False, email="off", by=people["admin"]
        )
    assert not NotificationPreference.objects.exists()


def test_nothing_is_announced_while_events_are_muted(tree, people, half_year_form, committed):
    from lib import events

    with events.muted():
        _submitted(tree, people, half_year_form, committed)
    assert Notification.objects.count() == 0
    _submitted(tree, people, half_year_form, committed, period="2023H1")
    assert recipients(EventKind.FORM_SUBMITTED) == {"district_reviewer", "city_leader"}
