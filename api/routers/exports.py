"""Spreadsheet exports: the list endpoints' rows (same filters, same scope) as XLSX or CSV, without
pagination, and a form's aggregates or completeness for a unit and period. The files are built by
webkit.exports and the apps' export modules, exactly as the pages' "Xuất Excel" buttons build them."""

from typing import Literal

from django.apps import apps
from django.http import Http404
from ninja import Field, Query, Router, Schema

from accounts.access import get_unit_for_user
from api.errors import ERRORS
from webkit import exports as ex

router = Router(tags=["exports"])
Format = Literal["xlsx", "csv"]
FILE = {200: None, **ERRORS}


def _installed(app: str) -> None:
    if not apps.is_installed(app):
        raise Http404


if apps.is_installed("initiatives"):
    from api.routers.initiatives import InitiativeFilters

    class InitiativeExportFilters(InitiativeFilters):
        format: Format = "xlsx"

    @router.get("/initiatives/export", response=FILE, summary="Export initiatives (XLSX or CSV)")
    def initiatives_export(request, filters: Query[InitiativeExportFilters]):
        """The rows of ``GET /initiatives`` with the same filters, all of them."""
        from initiatives import selectors
        from initiatives.exports import initiatives_sheet

        data = filters.dict(exclude_none=True)
        fmt = data.pop("format")
        if "unit" in data:
            data["unit"] = get_unit_for_user(request.auth, data["unit"])
        sheet = initiatives_sheet(selectors.initiative_list(request.auth, data=data))
        return ex.export_response(fmt, "mo-hinh-dien-hinh", [sheet])

    class FormatOnly(Schema):
        format: Format = "xlsx"

    @router.get("/decisions/export", response=FILE, summary="Export recognition decisions (XLSX or CSV)")
    def decisions_export(request, filters: Query[FormatOnly]):
        from initiatives.exports import decisions_sheet, visible_decisions_ordered

        sheet = decisions_sheet(visible_decisions_ordered(request.auth))
        return ex.export_response(filters.format, "quyet-dinh-cong-nhan", [sheet])


if apps.is_installed("awards"):
    from api.routers.awards import AwardFilters

    class AwardExportFilters(AwardFilters):
        format: Format = "xlsx"
        table: Literal["decisions", "recipients"] = Field("decisions", description="Decisions or their recipients.")

    @router.get("/awards/export", response=FILE, summary="Export award decisions or recipients (XLSX or CSV)")
    def awards_export(request, filters: Query[AwardExportFilters]):
        """The decisions of ``GET /awards`` with the same filters (or their visible recipients)."""
        from awards import selectors
        from awards.exports import decisions_sheet, recipients_sheet, visible_recipients
        from awards.models import AwardDecision

        data = filters.dict(exclude_none=True)
        fmt, table = data.pop("format"), data.pop("table")
        if "issuer" in data:
            data["issuer"] = get_unit_for_user(request.auth, data["issuer"]).pk
        decisions = selectors.filter_decisions(AwardDecision.objects.visible_to(request.auth), data)
        decisions = decisions.order_by("-year", "-date", "-pk")
        if table == "recipients":
            sheet = recipients_sheet(visible_recipients(request.auth, decisions))
            return ex.export_response(fmt, "nguoi-nhan-khen-thuong", [sheet])
        return ex.export_response(fmt, "quyet-dinh-khen-thuong", [decisions_sheet(decisions)])


if apps.is_installed("stats"):
    from api.routers.stats import PeriodCode, SubmissionFilters
    from api.schemas import Id

    class SubmissionExportFilters(SubmissionFilters):
        format: Format = "xlsx"

    @router.get("/stats/submissions/export", response=FILE, summary="Export submissions (XLSX or CSV)")
    def submissions_export(request, filters: Query[SubmissionExportFilters]):
        """The rows of ``GET /stats/submissions`` with the same filters."""
        from api.routers.stats import submission_list
        from stats.exports import submissions_sheet

        # The list endpoint's own query (undecorated), so scope and filters cannot drift apart.
        queryset = submission_list.__wrapped__(request, filters)
        return ex.export_response(filters.format, "bieu-thong-ke", [submissions_sheet(queryset)])

    class TableFilters(Schema):
        data_set: Id
        period: PeriodCode
        unit: Id
        include_unapproved: bool = False
        through_lineage: bool = False
        format: Format = "xlsx"

    def _table_args(request, filters):
        from api.routers.stats import _period
        from stats.models import DataSet

        data_set = DataSet.objects.filter(pk=filters.data_set).first()
        period = _period(filters.period)  # "0000" matches the pattern but is no period: 422
        if data_set is None or not data_set.accepts_period(period):
            raise Http404
        return data_set, period, get_unit_for_user(request.auth, filters.unit)

    @router.get("/stats/aggregates/export", response=FILE, summary="Export a form's aggregates (XLSX or CSV)")
    def aggregates_export(request, filters: Query[TableFilters]):
        from stats import selectors
        from stats.exports import aggregate_sheets

        data_set, period, unit = _table_args(request, filters)
        table = selectors.aggregate_table(
            data_set,
            unit,
            period,
            include_unapproved=filters.include_unapproved,
            through_lineage=filters.through_lineage,
        )
        stem = f"tong-hop-{unit.name}-{period.code}"
        return ex.export_response(filters.format, stem, aggregate_sheets(table, data_set, unit))

    @router.get("/stats/completeness/export", response=FILE, summary="Export a form's completeness (XLSX or CSV)")
    def completeness_export(request, filters: Query[TableFilters]):
        from stats.exports import completeness_sheets

        data_set, period, unit = _table_args(request, filters)
        stem = f"tien-do-{unit.name}-{period.code}"
        return ex.export_response(filters.format, stem, completeness_sheets(data_set, period, unit))
