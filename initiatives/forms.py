from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_paths
from accounts.roles import Cap
from initiatives.models import (
    Field,
    Initiative,
    Kind,
    Origin,
    PlaqueLevel,
    PlaqueWork,
    RecognitionLevel,
    Status,
    Subject,
)
from initiatives.services import check_upload
from orgunits.forms import DateInput
from orgunits.models import OrgUnit
from orgunits.widgets import UnitPicker
from webkit.fields import VNDecimalField, VNIntegerField, VNYearField


def _units_with(user, cap):
    paths = scope_paths(user, cap)
    units = OrgUnit.objects.select_related("level").order_by("path")
    return units if paths is None else units.within(paths)


def _default_unit(user, units):
    """The unit a new registration starts with: the user's own unit as it is today. The scope also
    holds the units merged into it (they come first by path), and a unit that ended in 2025 cannot
    own a model registered for this year."""
    today = timezone.localdate()
    own = units.filter(pk__in=user.assignments.values("unit_id")).valid_on(today).first()
    return own or units.valid_on(today).first() or units.first()


class BootstrapMixin:
    """Bootstrap classes on every widget (the shared partial renders widgets as they are)."""

    def _style(self, small: bool = False):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select" + (" form-select-sm" if small else "")
            elif isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
                continue
            else:
                css = "form-control" + (" form-control-sm" if small else "")
            existing = widget.attrs.get("class", "")
            if css.split()[0] not in existing:
                widget.attrs["class"] = f"{existing} {css}".strip()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("— " * max(obj.depth - 2, 0)) + obj.name


class InitiativeForm(BootstrapMixin, forms.ModelForm):
    """Registration and edit form. The optional evidence file is checked by content here, so a
    refused file leaves the rest of the form as typed."""

    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    evidence_public = forms.BooleanField(label=_("Photo may be shown on the public showcase"), required=False)
    # The version the editor started from (lost-update check) and the create form's one-time token.
    version = VNIntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Initiative
        fields = [
            "name",
            "kind",
            "subject",
            "field",
            "year",
            "unit",
            "place",
            "group_name",
            "person_name",
            "person_position",
            "person_unit",
            "origin",
            "situation",
            "goals",
            "content",
            "scope",
            "leader",
            "participants",
            "resources",
            "start_date",
            "end_date",
            "expected_outputs",
            "sustainability",
            "funding_social",
            "funding_state",
            "workdays",
            "land_m2",
            "beneficiaries",
            "works_built",
            "results_text",
            "contact",
            "internal_note",
        ]
        # Numbers are typed the Vietnamese way (150.000.000; 12,5): see webkit.fields.
        field_classes = {
            "year": VNYearField,
            "funding_social": VNIntegerField,
            "funding_state": VNIntegerField,
            "workdays": VNIntegerField,
            "land_m2": VNDecimalField,
            "beneficiaries": VNIntegerField,
            "works_built": VNIntegerField,
        }
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "situation",
                    "goals",
                    "content",
                    "scope",
                    "participants",
                    "resources",
                    "expected_outputs",
                    "sustainability",
                    "results_text",
                    "internal_note",
                )
            },
        }

    def __init__(self, *args, user=None, instance_pk=None, locked=(), evidence=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance_pk = instance_pk
        self.locked = tuple(locked)
        if not evidence:
            # A reviewer correcting a recognized initiative does not enter evidence here.
            del self.fields["evidence_file"], self.fields["evidence_public"]
        units = _units_with(user, Cap.ENTER)
        if instance_pk and self.initial.get("unit"):
            # A reviewer correcting a recognized initiative keeps its unit on offer.
            units = units | OrgUnit.objects.filter(pk=self.initial["unit"])
        self.fields["unit"] = UnitChoiceField(label=_("Owning unit"), queryset=units, widget=UnitPicker(cap="enter"))
        if not self.initial.get("unit") and user is not None and not user.is_superuser:
            first = _default_unit(user, units)
            self.initial["unit"] = first.pk if first else None
        self.fields["field"].queryset = Field.objects.filter(active=True)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        for name in ("funding_social", "funding_state", "workdays", "land_m2", "beneficiaries", "works_built"):
            self.fields[name].required = False
            self.fields[name].widget.attrs.setdefault("min", 0)
        for name in (n for n in self.locked if n in self.fields):
            # Shown read-only; a disabled field keeps the saved value whatever is posted.
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Recognized: only a reviewer of the unit may change this.")
        self._style()

    SECTIONS = [
        (_("General information"), ["name", "kind", "subject", "field", "year", "unit", "place", "origin"]),
        (_("Collective or individual"), ["group_name", "person_name", "person_position", "person_unit"]),
        (
            _("Registration content"),
            [
                "situation",
                "goals",
                "content",
                "scope",
                "leader",
                "participants",
                "resources",
                "start_date",
                "end_date",
                "expected_outputs",
                "sustainability",
            ],
        ),
        (
            _("Results"),
            ["funding_social", "funding_state", "workdays", "land_m2", "beneficiaries", "works_built", "results_text"],
        ),
        (_("Private (never public)"), ["contact", "internal_note"]),
        (_("Evidence"), ["evidence_file", "evidence_public"]),
    ]

    def sections(self):
        sections = [(title, [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS]
        return [(title, fields) for title, fields in sections if fields]

    def _post_clean(self):
        # Cross-field and cross-row rules run in the service (one place for the web, API and
        # imports); here only the file is checked.
        pass

    def clean(self):
        data = super().clean()
        # Show the service's cross-field rules together with the missing fields, all at once.
        from initiatives.services import validate_initiative

        values = {k: v for k, v in data.items() if k in self.Meta.fields and v is not None}
        if self.instance_pk:
            values["pk"] = self.instance_pk
        try:
            validate_initiative(Initiative(**values))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    for error in errors:
                        self.add_error(field, error)
        return data

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                check_upload(upload, field="evidence_file")
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["evidence_file"]) from None
        return upload

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. dan van kheo")}),
    )
    year = VNYearField(label=_("Year"), required=False)
    year_from = VNYearField(label=_("From year"), required=False)
    year_to = VNYearField(label=_("To year"), required=False)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.all(), required=False, empty_label=_("All"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + Kind.choices, required=False)
    subject = forms.ChoiceField(label=_("Subject"), choices=[("", _("All"))] + Subject.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Status.choices, required=False)
    level = forms.ChoiceField(
        label=_("Recognized level"),
        choices=[("", _("All")), ("any", _("Recognized at any level")), ("none", _("Not recognized yet"))]
        + RecognitionLevel.choices,
        required=False,
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=[("", _("All"))] + Origin.choices, required=False)
    unit = VNIntegerField(label=_("Unit (subtree)"), required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-year", _("Newest year first")),
            ("year", _("Oldest year first")),
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("unit", _("Unit")),
            ("status", _("Status")),
            ("funding", _("Largest funding")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style(small=True)


class ProposeForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=RecognitionLevel.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    is_public = forms.BooleanField(label=_("Photo may be shown on the public showcase"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style(small=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload, field="file")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from None
        return upload


class PlaqueForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlaqueWork
        fields = ["name", "level", "occasion", "date"]
        widgets = {"date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = PlaqueLevel.choices
        self.fields["date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self._style(small=True)


class ReplicateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    unit = UnitChoiceField(
        label=_("Replicated in unit"),
        queryset=OrgUnit.objects.none(),
        widget=UnitPicker(cap="enter", current_only=True),
    )
    year = VNYearField(label=_("Year"))
    place = forms.CharField(label=_("Where it is carried out"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_with(user, Cap.ENTER)
        self._style()


# The name of the recognition issuers' picker set (registered in InitiativesConfig.ready).
ISSUER_SCOPE = "recognition_issuer"


class BulkForm(forms.Form):
    """Reviewers' bulk action over the selected rows: propose at a level, or recognize under one
    decision (an existing one, or a new one typed in the same form)."""

    ACTIONS = [("propose", _("Propose for recognition")), ("recognize", _("Recognize under a decision"))]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    level = forms.ChoiceField(label=_("Level"), choices=RecognitionLevel.choices)
    decision = VNIntegerField(label=_("Existing decision"), required=False, widget=forms.Select)
    number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        required=False,
        help_text=_("Leave empty for a new decision: it takes the issuing body's next number of the year."),
    )
    date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput)
    # A search-as-you-type picker over the bodies whose decisions the user may record.
    issuer = VNIntegerField(
        grouping=False, label=_("Issuing body"), required=False, widget=UnitPicker(scope=ISSUER_SCOPE)
    )
    signer = forms.CharField(label=_("Signer"), max_length=150, required=False)
    scan = forms.FileField(label=_("Scanned decision"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def clean_issuer(self):
        """The picker only suggests; a forged or stale id is refused here against the same set
        (the service still checks the actor's permission itself)."""
        from initiatives.access import issuer_unit_set

        pk = self.cleaned_data.get("issuer")
        if pk is not None and not issuer_unit_set(self.user).filter(pk=pk).exists():
            raise ValidationError(
                _("Issuing body: choose a body whose decisions you may record."), code="unit_not_allowed"
            )
        return pk

    def clean(self):
        data = super().clean()
        if data.get("action") == "recognize" and not data.get("decision"):
            if not data.get("date"):
                self.add_error("date", _("Decision date: type it, or choose an existing decision."))
            if not data.get("issuer"):
                self.add_error("issuer", _("Issuing body: choose it, or choose an existing decision."))
        return data
