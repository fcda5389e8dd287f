"""The one service contract, checked over the whole code base: every public function of every
app's ``services.py`` takes the acting user as a required keyword-only ``by``, so the history
always says who made a change and no caller can skip the permission checks by leaving it out."""

import importlib
import inspect
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Reads that live in a services module for historical reasons take no actor; each is named here
# with the reason, so a new state-changing function cannot slip in without one.
READS = {
    "accounts.services": {"role_rank": "the order of roles"},
    "orgunits.services": {
        "path_segment": "path arithmetic",
        "computed_path": "path arithmetic",
        "validate_unit": "a check run before a change, by the services that make it",
        "validate_lineage": "a check run before a change, by the services that make it",
        "validate_level_order": "a check run before a change, by the services that make it",
        "lineage_kind_for": "a classification",
    },
    "initiatives.services": {
        "detect_file_type": "reads the bytes of an upload",
        "check_upload": "a check of an upload before a service stores it",
        "validate_initiative": "a check run before a change, by the services that make it",
        "may_change_recognized": "a predicate",
        "locked_fields": "a read: which fields the actor may not change",
    },
    "awards.services": {
        "may_issue": "a predicate",
        "may_propose": "a predicate",
        "may_edit": "a predicate",
        "require_edit": "the refusal check the edit services and the API share",
        "person_key": "a normalised name",
        "may_link_initiative": "a predicate",
    },
    "reports.services": {
        "check_section_text": "a check run before a change",
        "period_end": "date arithmetic",
        "check_issue_date": "a check run before issuing",
    },
    "stats.services": {
        "check_can_report": "a pure check used by forms before a change",
        "is_locked": "a pure predicate",
        "parse_number": "parsing",
        "clean_value": "parsing and validation, no change",
        "clean_qualified_value": "parsing and validation, no change",
        "data_set_elements": "a read",
        "submission_totals": "a read",
        "check_rules": "a pure check",
        "children_not_approved": "a read",
        "combine_year": "arithmetic",
        "rollup_compute": "a read (recomputes without writing)",
        "rollup_compute_years": "a read (recomputes without writing)",
        "rollup_snapshot": "a read",
        "rollup_rebuild": "maintenance of derived totals only; no record a person entered changes",
        "rollup_rebuild_batched": "the same maintenance in short restartable steps",
        "bump_generations": "moves a cache counter inside the caller's transaction; no record changes",
    },
    "imports.services": {
        "max_bytes": "a setting",
        "max_uncompressed": "a setting",
        "max_rows": "a setting",
        "inline_rows": "a setting",
        "job_minutes": "a setting",
        "check_file": "a check of an upload before a job is made",
        "initiative_columns": "the template's columns",
        "value_columns": "the template's columns",
        "map_headers": "matching headers",
        "read_sheet": "reading the file",
        "job_sheet": "reading the job's stored file",
        "kind_cap": "the capability a kind of sheet needs",
        "kinds_for": "a read: the kinds of sheet a person may import",
        "job_columns": "a read",
        "job_preview": "a read",
        "unit_sheets_table": "reading an upload: one sheet per unit as one row per unit, nothing stored",
        "job_state": "a read: the job as its page shows it (after sweep_stale)",
        "progress_path": "a path: where a running job's progress is written",
        "sweep_stale": "housekeeping: marks jobs past their time limit failed, as the system",
        "run_in_background": "the worker's entry: runs the job as the user who started it",
        "run_import": "the task wrapping run_in_background",
    },
    "api.services": {"token_authenticate": "authentication: finds the key's user"},
}


def _service_modules():
    for app in settings.INSTALLED_APPS:
        if "." in app or not (ROOT / app).is_dir():
            continue
        if (ROOT / app / "services.py").exists():
            yield importlib.import_module(f"{app}.services")


def _public_functions(module):
    for name, obj in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
            continue
        yield name, obj


def test_the_walk_finds_the_services_of_every_app():
    names = {m.__name__ for m in _service_modules()}
    assert {"accounts.services", "orgunits.services", "initiatives.services", "awards.services"} <= names
    assert {"stats.services", "reports.services"} <= names


@pytest.mark.parametrize("module", list(_service_modules()), ids=lambda m: m.__name__)
def test_every_public_service_takes_a_required_keyword_only_by(module):
    exempt = READS.get(module.__name__, {})
    offenders = []
    for name, func in _public_functions(module):
        if name in exempt:
            continue
        param = inspect.signature(func).parameters.get("by")
        if param is None or param.kind is not inspect.Parameter.KEYWORD_ONLY or param.default is not param.empty:
            offenders.append(name)
    assert offenders == [], f"{module.__name__}: these services must take a required keyword-only `by`: {offenders}"
