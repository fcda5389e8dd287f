from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AchievementArea,
    AwardDecision,
    DecisionStatus,
    EmulationTitle,
    RecipientKind,
    RewardForm,
)
from orgunits.forms import DateInput
from orgunits.models import OrgUnit
from orgunits.widgets import UnitPicker
from webkit.fields import VNIntegerField, VNYearField

ISSUER_TITLES = [
    "Ban Thường vụ Quận ủy",
    "Ban Thường vụ Thành ủy",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Thường vụ Đảng ủy",
    "Chủ tịch UBND quận",
    "Chủ tịch UBND phường",
    "Chủ tịch UBND tỉnh",
    "Chủ tịch UBND thành phố",
    "Ban Dân vận Quận ủy",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ban Dân vận Trung ương",
]


class DecisionFilterForm(forms.Form):
    year = VNYearField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    area = forms.ModelChoiceField(
        label=_("Area of achievement"), queryset=AchievementArea.objects.all(), required=False
    )
    reward_form = forms.ModelChoiceField(label=_("Form of reward"), queryset=RewardForm.objects.all(), required=False)
    # Any unit narrows the list safely: the decisions are already limited to what the user may see.
    issuer = VNIntegerField(grouping=False, label=_("Issued within"), required=False, widget=UnitPicker())
    kind = forms.ChoiceField(
        label=_("Recipients"), required=False, choices=[("", _("All"))] + list(RecipientKind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(DecisionStatus.choices)
    )
    q = forms.CharField(label=_("Number or recipient"), required=False, max_length=100)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = self.fields["reward_form"].empty_label = _("All")
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )


# Names of the unit sets the decision form's pickers offer (registered in AwardsConfig.ready).
ISSUER_SCOPE = "award_issuer"
PROPOSER_SCOPE = "award_proposer"
RECIPIENT_SCOPE = "award_recipient"  # + ":<decision id>"


class DecisionForm(forms.ModelForm):
    # Search-as-you-type pickers: the allowed sets run to thousands of units in a city.
    issuer = VNIntegerField(grouping=False, label=_("Issuing unit"), widget=UnitPicker(scope=ISSUER_SCOPE))
    proposed_by = VNIntegerField(
        grouping=False, label=_("Proposing unit"), required=False, widget=UnitPicker(scope=PROPOSER_SCOPE)
    )
    # The version the editor started from (lost-update check) and the create form's one-time token.
    version = VNIntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = AwardDecision
        fields = [
            "status",
            "year",
            "issuer",
            "issuer_title",
            "number",
            "date",
            "signer",
            "proposed_by",
            "reward_form",
            "emulation_title",
            "area",
            "summary",
            "scan",
        ]
        field_classes = {"year": VNYearField}  # typed the Vietnamese way: webkit.fields
        widgets = {
            "date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "issuer_title": forms.TextInput(attrs={"list": "issuer-titles"}),
        }

    def __init__(self, *args, user=None, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if statuses is not None:
            self.fields["status"].choices = [c for c in DecisionStatus.choices if c[0] in statuses]
        self.fields["reward_form"].queryset = RewardForm.objects.active()
        self.fields["emulation_title"].queryset = EmulationTitle.objects.active()
        self.fields["area"].queryset = AchievementArea.objects.active()
        for name in ("reward_form", "emulation_title", "area"):
            self.fields[name].empty_label = "—"
        if self.instance.pk:
            self.initial["issuer"] = self.instance.issuer_id
            self.initial["proposed_by"] = self.instance.proposed_by_id
            self.initial["version"] = self.instance.version
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if name == "date" or isinstance(field.widget, UnitPicker):
                continue
            field.widget.attrs["class"] = css

    def clean_issuer(self):
        from awards.choices import issuer_unit_set

        return self._allowed_unit(
            "issuer",
            issuer_unit_set(self.user),
            _("Issuing unit: choose a unit you may issue awards for, or a body above a unit you propose for."),
        )

    def clean_proposed_by(self):
        from awards.choices import proposer_unit_set

        return self._allowed_unit(
            "proposed_by", proposer_unit_set(self.user), _("Proposing unit: choose a unit within your responsibility.")
        )

    def _allowed_unit(self, name, allowed, message):
        """The picked unit id if it is in the allowed set (the same set the picker suggests);
        the picker only suggests, a forged or stale id is refused here. The service still checks
        the actor's permission itself."""
        pk = self.cleaned_data.get(name)
        if pk is not None and not allowed.filter(pk=pk).exists():
            raise forms.ValidationError(message, code="unit_not_allowed")
        return pk

    def _post_clean(self):
        # The service validates the instance; the ModelForm must not try to assign unit ids.
        pass


class RecipientRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=RecipientKind.choices, initial=RecipientKind.COLLECTIVE)
    unit = VNIntegerField(grouping=False, label=_("Unit"), required=False, widget=UnitPicker())
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    initiative = forms.TypedChoiceField(label=_("Initiative"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, units=None, decision=None, initiative_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The units a recipient may belong to: the picker suggests them, clean_unit checks them.
        self.units = units
        if decision is not None:
            self.fields["unit"].widget.scope = f"{RECIPIENT_SCOPE}:{decision.pk}"
        self.fields["initiative"].choices = [("", "—")] + list(initiative_choices)
        for name, field in self.fields.items():
            if name == "date_of_birth":
                field.widget.attrs["class"] = "form-control form-control-sm js-date"
            elif name == "unit":
                field.widget.attrs["class"] = "form-control-sm"
            else:
                css = (
                    "form-select form-select-sm"
                    if isinstance(field.widget, forms.Select)
                    else "form-control form-control-sm"
                )
                field.widget.attrs["class"] = css

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is not None and (self.units is None or not self.units.filter(pk=pk).exists()):
            raise forms.ValidationError(
                _("Unit: choose a unit of the issuing unit's area within your responsibility."),
                code="unit_not_allowed",
            )
        return pk

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("unit") or data.get("name"))


class BaseRecipientFormSet(forms.BaseFormSet):
    def __init__(self, *args, units=None, decision=None, initiative_choices=(), **kwargs):
        self.choice_kwargs = {"units": units, "decision": decision, "initiative_choices": initiative_choices}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return dict(self.choice_kwargs)

    @cached_property
    def forms(self):
        forms_ = super().forms
        self._prefetch_unit_labels(forms_)
        return forms_

    @staticmethod
    def _prefetch_unit_labels(forms_) -> None:
        """Label every line's chosen unit from one query (up to 100 lines, one picker each)."""
        values = [form["unit"].value() for form in forms_]
        ids = {int(v) for v in values if v not in (None, "") and str(v).isdigit()}
        if not ids:
            return
        units = OrgUnit.objects.select_related("parent").in_bulk(ids)
        for form in forms_:
            form.fields["unit"].widget.known_units = units

    def rows(self) -> list[tuple[int, dict]]:
        """(form index, cleaned data) of the non-blank lines."""
        return [
            (
                i,
                {
                    k: v
                    for k, v in form.cleaned_data.items()
                    if k in ("kind", "unit", "name", "position", "date_of_birth", "initiative", "note")
                },
            )
            for i, form in enumerate(self.forms)
            if form.cleaned_data and not form.is_blank()
        ]


class PasteForm(forms.Form):
    kind = forms.ChoiceField(label=_("The lines are"), choices=RecipientKind.choices, initial=RecipientKind.COLLECTIVE)
    text = forms.CharField(
        label=_("Paste a list"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_(
            "One per line, columns separated by a tab (copied from Excel) or by a semicolon. Collectives: "
            "name of the unit or group; unit it belongs to. Individuals: full name; position; unit; date of birth."
        ),
    )


def parse_pasted(text: str, kind: str, unit_choices) -> list[dict]:
    """Lines of a pasted list → initial data for the recipient lines. Unit names are matched
    accent-insensitively against the offered units; a name that matches no unit stays a name."""
    from lib.vn_text import fold

    by_name: dict[str, int] = {}
    for pk, label in unit_choices:
        by_name.setdefault(fold(label.lstrip("— ")), pk)
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(";"))]
        cells += [""] * 4
        if not cells[0]:
            continue
        if kind == RecipientKind.INDIVIDUAL:
            row = {"kind": kind, "name": cells[0], "position": cells[1], "unit": by_name.get(fold(cells[2]))}
            if cells[3]:
                row["date_of_birth"] = cells[3]
        else:
            unit = by_name.get(fold(cells[0]))
            row = (
                {"kind": kind, "unit": unit}
                if unit
                else {"kind": kind, "name": cells[0], "unit": by_name.get(fold(cells[1]))}
            )
        rows.append(row)
    return rows[:100]


def recipient_formset(lines: int = 8):
    """A formset class with ``lines`` empty lines (at most 100)."""
    lines = max(0, min(int(lines), 100))
    return forms.formset_factory(RecipientRowForm, formset=BaseRecipientFormSet, extra=lines, max_num=100)


RecipientFormSet = recipient_formset()
