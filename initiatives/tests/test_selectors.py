from accounts.system import system_actor
from initiatives import selectors


def test_counts_follow_the_subtree_and_the_year(make_initiative, tree):
    make_initiative(status="registered", year=2023, funding_social=5_000_000, workdays=10)
    make_initiative(status="recognized", year=2024, subject="individual", person_name="Nguyễn Thị Lan", kind="exemplar")
    make_initiative(unit="quangan", status="registered", year=2024)
    make_initiative(status="draft", year=2024)
    assert selectors.registry_counts(tree["btl"]).count() == 2  # drafts are not registrations
    assert selectors.registry_counts(tree["btl"], include_drafts=True).count() == 3
    assert selectors.registry_counts(tree["hanoi_old"], year=2024).count() == 2
    assert selectors.registry_counts([tree["btl"], tree["tayho"]], year_range=(2023, None)).count() == 3
    counts = selectors.registry_counts(tree["conhue1"].path, year_range=(2023, 2024))
    assert counts.count(kind="exemplar", subject="individual", recognized_level="district") == 1
    assert counts.total("funding_social") == 5_000_000 and counts.total("workdays") == 10


def test_todays_units_total_their_predecessors_history_through_lineage(make_initiative, tree):
    make_initiative(status="registered", year=2024)
    assert selectors.registry_counts(tree["dongngac"]).count() == 0
    assert selectors.registry_counts(tree["dongngac"], through_lineage=True).count() == 1
    assert selectors.registry_counts(tree["hanoi"], through_lineage=True, year=2024).count() == 1


def test_decision_counts_group_by_level_and_decision_year(make_initiative, tree):
    make_initiative(status="recognized", level="district")
    make_initiative(status="recognized", level="commune", name="Camera an ninh")
    rows = selectors.decision_counts(tree["btl"], year=2024)
    assert {(r["level"], r["n"]) for r in rows} == {("district", 1), ("commune", 1)}
    assert selectors.decision_counts(tree["tayho"]) == []


def test_counts_by_year_and_active_in(make_initiative, tree):
    from initiatives import services

    old = make_initiative(status="implementing", year=2022)
    make_initiative(status="registered", year=2024)
    assert selectors.counts_by_year(tree["btl"])[2022]["registered"] == 1
    assert selectors.registry_counts(tree["btl"], active_in=2023).count() == 1
    services.initiative_stop(initiative=old, by=system_actor())
    assert selectors.registry_counts(tree["btl"], active_in=2023).count() == 1  # stopped later than 2023
