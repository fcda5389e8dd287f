"""The counters reproduce the figures the seed articles state (DOMAIN.md §7), from the demo data.
Expected numbers are the articles' numbers, not the code's output."""

import pytest

from initiatives import selectors
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(scope="module")
def demo(demo_snapshots, django_db_blocker, tmp_path_factory):
    """The foundation and the registry (no other app's demo), for the module, inside a
    transaction rolled back at the end."""
    from danvan.demo import legacy_district
    from tests.demo_snapshots import demo_in_transaction

    media = tmp_path_factory.mktemp("media")
    with demo_in_transaction(demo_snapshots, django_db_blocker, media, wanted=("initiatives",)) as context:
        yield {
            "btl": legacy_district("Quận Bắc Từ Liêm"),
            "dongda": legacy_district("Quận Đống Đa"),
            "tayho": legacy_district("Quận Tây Hồ"),
            "tqn": context.units["Phường Tam Quan Nam"],
        }


@pytest.fixture
def units(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo


def test_bac_tu_liem_2022_has_78_collectives_and_27_individuals_registered_and_recognized(units):
    counts = selectors.registry_counts(units["btl"], year=2022)
    assert counts.count(subject="collective") == 78
    assert counts.count(subject="individual") == 27
    assert counts.count(subject="collective", recognized=True) == 78
    assert counts.count(subject="individual", recognized=True) == 27


def test_dong_da_2023_has_613_registrations_in_four_fields_and_23_district_recognitions(units):
    counts = selectors.registry_counts([units["dongda"]], year=2023)
    assert counts.count(subject="collective") == 314
    assert counts.count(subject="individual") == 299
    assert counts.count() == 613
    assert len([f for f, n in counts.by("field").items() if n]) == 4
    assert counts.count(recognized_level="district") == 23
    by_decision = selectors.decision_counts(units["dongda"], year=2023)
    assert [(r["level"], r["n"], r["decisions"]) for r in by_decision] == [("district", 23, 1)]


def test_tay_ho_2022_has_197_models_and_161_exemplars(units):
    counts = selectors.registry_counts(units["tayho"].path, year=2022)
    assert counts.count(kind="model") == 197
    assert counts.count(kind="exemplar") == 161


def test_bac_tu_liem_2024_has_549_models_with_over_7_billion_and_3000_workdays(units):
    counts = selectors.registry_counts(units["btl"], year=2024)
    assert counts.count(kind="model") == 549
    assert 7_000_000_000 < counts.total("funding_social") < 7_500_000_000
    assert 3_000 < counts.total("workdays") < 3_500


def test_bac_tu_liem_2014_2024_has_6977_registrations_and_885_plus_748_recognized(units):
    counts = selectors.registry_counts(units["btl"], year_range=(2014, 2024))
    assert counts.count() == 6977
    assert counts.count(subject="collective", recognized=True) == 885
    assert counts.count(subject="individual", recognized=True) == 748
    by_year = selectors.counts_by_year(units["btl"], year_range=(2014, 2024))
    assert sum(row["registered"] for row in by_year.values()) == 6977


def test_bac_tu_liem_plans_13_plaque_mounted_works_for_2025(units):
    plaques = selectors.plaque_counts(units["btl"], year=2025)
    assert sum(plaques.values()) == 13


def test_tam_quan_nam_2022_has_15_models_6_new_9_replicated_by_field(units):
    counts = selectors.registry_counts(units["tqn"], year=2022)
    assert counts.count(kind="model") == 15
    assert counts.count(origin="new") == 6
    assert counts.count(origin="replicated") == 9
    assert counts.count(field="political") == 2
    assert counts.count(field="culture") == 10
    assert counts.count(field="security") == 3


def test_tam_quan_nam_has_42_models_in_force_at_the_end_of_2022(units):
    assert selectors.registry_counts(units["tqn"], active_in=2022).count(kind="model") == 42


def test_replicated_camera_an_ninh_links_to_its_source(units):
    camera = Initiative.objects.get(unit__path__startswith=units["tqn"].path, year=2022, name="Camera an ninh")
    assert camera.source is not None and camera.lineage_path.startswith(camera.source.lineage_path)


def test_counters_run_a_constant_number_of_queries(units, django_assert_max_num_queries):
    # The named rows, then the summary registrations (a third query only when some exist).
    with django_assert_max_num_queries(2):
        selectors.registry_counts(units["btl"], year_range=(2014, 2024))
    with django_assert_max_num_queries(1):
        selectors.decision_counts(units["btl"], year_range=(2014, 2024))


def test_demo_load_is_idempotent(units):
    from danvan.demo import DemoContext
    from initiatives import demo as initiatives_demo

    before = Initiative.objects.count()
    initiatives_demo.load(DemoContext())
    assert Initiative.objects.count() == before


def test_summary_gives_the_figures_a_report_quotes(units):
    summary = selectors.registry_counts(units["tqn"], year=2022).summary()
    assert (summary["total"], summary["new"], summary["replicated"]) == (15, 6, 9)
    assert summary["recognized"] == summary["recognized_commune"]
