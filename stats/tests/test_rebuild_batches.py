"""The batched rollup rebuild gives exactly what the one-transaction rebuild gives, step by step
(one subtree and one year per transaction), and resumes after an interruption."""

from accounts.system import system_actor
from stats import services
from stats.models import Rollup, RollupRebuildStep


def _data(tree, form6, form_year, fill, personas):
    """Values in two districts' wards across two years, both forms, some approved."""
    reviewer = personas["city_leader"]
    for unit, period, raised in (
        ("conhue1", "2023H1", 10),
        ("dongngac_old", "2023H1", 20),
        ("quangan", "2023H1", 7),
        ("conhue1", "2024", 40),
        ("quangan", "2024H1", 5),
    ):
        data_set = form_year if "H" not in period else form6
        sub = services.submission_open(data_set=data_set, period=period, unit=tree[unit], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised, RECOMMENDATIONS_RESOLVED=raised // 2)
        if unit != "quangan":
            services.submission_submit(submission=sub, by=system_actor())
            services.submission_approve(submission=sub, by=reviewer)


def test_a_batched_rebuild_equals_the_full_rebuild_and_the_values(tree, form6, form_year, fill, personas):
    _data(tree, form6, form_year, fill, personas)
    services.rollup_rebuild()
    full = services.rollup_snapshot()
    assert full == services.rollup_compute() and full
    Rollup.objects.update(value=0, count=99)  # damage every row: the batches must replace them all
    element_id = next(iter(full))[0]
    Rollup.objects.create(element_id=element_id, period="1999H1", unit=tree["vn"], approved_only=False, count=3)
    services.rollup_rebuild_batched()
    assert services.rollup_snapshot() == full
    assert not RollupRebuildStep.objects.exists()  # a finished rebuild leaves no checkpoint


def test_an_interrupted_batched_rebuild_resumes_after_its_last_step(tree, form6, form_year, fill, personas):
    _data(tree, form6, form_year, fill, personas)
    expected = services.rollup_compute()
    Rollup.objects.all().delete()
    services.rollup_rebuild_batched(stop_after=2)
    assert RollupRebuildStep.objects.count() == 2
    done = set(RollupRebuildStep.objects.values_list("subtree", "year"))
    steps = []
    services.rollup_rebuild_batched(resume=True, progress=lambda path, year: steps.append((path, year)))
    assert not done & set(steps)  # the steps already done are not done again
    assert services.rollup_snapshot() == expected


def test_an_edit_after_a_batched_rebuild_moves_the_rebuilt_rows(tree, form6, fill, el):
    sub = services.submission_open(data_set=form6, period="2023H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=10)
    services.rollup_rebuild_batched()
    services.value_set(submission=sub, element=el("RECOMMENDATIONS_RAISED"), value="12", by=system_actor())
    assert services.rollup_snapshot() == services.rollup_compute()
