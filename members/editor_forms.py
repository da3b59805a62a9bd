"""Forms of the editors' pages (/my/...). They parse and validate; they never save.

The views turn `form.values()` (JSON-safe field values) into a proposed change through
members.services, so a form cannot write to a live record by accident.
"""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db import models
from django.forms import formset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accmr.models import User
from members import images
from members.changes import ORGANISATION_FIELDS, SERVICE_FIELDS
from members.models import (
    ORGANISATION_CONTACT_FIELDS,
    Organisation,
    Schedule,
    Service,
    ServiceCategory,
    ServiceStatus,
)


class BilingualFormMixin:
    """Greek and English versions of a field side by side.

    `translated` lists the base names; the form has `<name>_el` and `<name>_en`. Greek is
    the source language: `required_greek` fields must have it, and no field may have an
    English text without the Greek one.
    """

    translated: tuple[str, ...] = ()
    required_greek: tuple[str, ...] = ()

    def _setup_bilingual(self) -> None:
        model = self._meta.model
        for base in self.translated:
            verbose = capfirst(str(model._meta.get_field(base).verbose_name))
            for language, language_name in (("el", gettext("Greek")), ("en", gettext("English"))):
                field = self.fields[f"{base}_{language}"]
                field.label = gettext("{field} ({language})").format(
                    field=verbose, language=language_name
                )
                field.widget.attrs["lang"] = language
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs["rows"] = 4
            self.fields[f"{base}_el"].required = base in self.required_greek
            self.fields[f"{base}_en"].required = False
            self.fields[f"{base}_en"].help_text = ""

    def bilingual_pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"{base}_el"], self[f"{base}_en"]) for base in self.translated]

    def other_fields(self) -> list[Any]:
        paired = {f"{base}_{lang}" for base in self.translated for lang in ("el", "en")}
        return [self[name] for name in self.fields if name not in paired]

    def _clean_bilingual(self, cleaned: dict) -> None:
        for base in self.translated:
            if cleaned.get(f"{base}_en") and not cleaned.get(f"{base}_el"):
                self.add_error(
                    f"{base}_el",
                    _("Write the Greek text first; the English one translates it."),
                )


def _formfield(field: models.Field, **kwargs):
    # Addresses typed without a scheme are taken as https:// (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _json_safe(form: forms.ModelForm, names: tuple[str, ...]) -> dict[str, Any]:
    """Cleaned data as the JSON-safe values that ChangeRequest.proposed stores."""
    values: dict[str, Any] = {}
    model = form._meta.model
    for name in names:
        value = form.cleaned_data.get(name)
        field = model._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(obj.pk for obj in (value or []))
        elif field.many_to_one:
            values[name] = value.pk if value is not None else None
        elif isinstance(value, str):
            values[name] = value.strip().replace("\r\n", "\n")
        elif value is None and isinstance(field, models.CharField | models.TextField):
            values[name] = ""
        else:
            values[name] = value
    return values


class OrganisationProfileForm(BilingualFormMixin, forms.ModelForm):
    translated = ("name", "description")
    required_greek = ("name", "description")
    contact_fields = ("short_name", *ORGANISATION_CONTACT_FIELDS)

    logo_upload = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB. We resize it to 512 pixels."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Organisation
        formfield_callback = _formfield
        fields = [name for name in ORGANISATION_FIELDS if name != "logo"]  # logo: logo_upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_bilingual()

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return images.process_logo(upload)

    def clean(self):
        cleaned = super().clean()
        self._clean_bilingual(cleaned)
        return cleaned

    def values(self) -> dict[str, Any]:
        return _json_safe(self, tuple(self._meta.fields))


class ServiceForm(BilingualFormMixin, forms.ModelForm):
    translated = (
        "name",
        "description",
        "eligibility",
        "how_to_access",
        "funding_source",
        "hours_notes",
    )
    required_greek = ("name", "description")

    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            # Hours and status have forms of their own (ScheduleFormSet, ServiceStatusForm).
            name
            for name in SERVICE_FIELDS
            if name not in ("schedules", "status")
        ]
        widgets = {
            "population_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "locations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_bilingual()
        self.fields["category"].queryset = ServiceCategory.objects.filter(parent__isnull=True)
        self.fields["subcategory"].queryset = ServiceCategory.objects.filter(
            parent__isnull=False
        ).select_related("parent")
        # Only this organisation's addresses can be chosen: another id is "not one of the
        # available choices".
        self.fields["locations"].queryset = organisation.locations.all()

    def clean(self):
        cleaned = super().clean()
        self._clean_bilingual(cleaned)
        category, subcategory = cleaned.get("category"), cleaned.get("subcategory")
        if category and subcategory and subcategory.parent_id != category.pk:
            self.add_error("subcategory", _("Choose a sub-category of the chosen category."))
        return cleaned

    def values(self) -> dict[str, Any]:
        return _json_safe(self, tuple(self._meta.fields))

    def field_groups(self) -> list[tuple[str, list[Any]]]:
        """Untranslated fields in labelled groups, for the template."""
        groups = (
            (
                _("What kind of service"),
                ["category", "subcategory", "population_groups", "languages"],
            ),
            (
                _("How people can use it"),
                [
                    "access_walk_in",
                    "access_appointment",
                    "access_phone",
                    "access_online",
                    "access_referral",
                    "is_free",
                ],
            ),
            (_("Contact and places"), ["email", "phone", "website", "locations"]),
        )
        return [(title, [self[name] for name in names]) for title, names in groups]


class ServiceStatusForm(forms.Form):
    """Close temporarily, reopen, retire, or (for a draft) ask to publish."""

    CHOICES = {
        ServiceStatus.DRAFT: (
            (ServiceStatus.PUBLISHED, _("Ask a coordinator to publish it")),
            (ServiceStatus.RETIRED, _("Retire it (it will not be published)")),
        ),
        ServiceStatus.PUBLISHED: (
            (ServiceStatus.CLOSED, _("Temporarily closed")),
            (ServiceStatus.RETIRED, _("Retired: the service no longer exists")),
        ),
        ServiceStatus.CLOSED: (
            (ServiceStatus.PUBLISHED, _("Open again")),
            (ServiceStatus.RETIRED, _("Retired: the service no longer exists")),
        ),
        ServiceStatus.RETIRED: ((ServiceStatus.PUBLISHED, _("Offered again")),),
    }

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = self.CHOICES.get(current, ())


# ---------------------------------------------------------------------------
# Opening hours: a formset of rows, no JavaScript needed
# ---------------------------------------------------------------------------


class ScheduleRowForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", "—")] + list(Schedule.Weekday.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(
        label=_("Opens"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    closes = forms.TimeField(
        label=_("Closes"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        weekday, opens, closes = (cleaned.get(k) for k in ("weekday", "opens", "closes"))
        if weekday is None and opens is None and closes is None:
            return cleaned  # an empty row: ignored
        if cleaned.get("DELETE"):
            return cleaned
        if weekday is None:
            self.add_error("weekday", _("Choose the day."))
        if opens is None:
            self.add_error("opens", _("Give the opening time."))
        if closes is None:
            self.add_error("closes", _("Give the closing time."))
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return cleaned


class BaseScheduleFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove")

    def periods(self) -> list[list]:
        """The valid, kept rows as [[weekday, "HH:MM", "HH:MM"], ...], sorted."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("weekday") is None or not data.get("opens"):
                continue
            rows.append(
                [data["weekday"], data["opens"].strftime("%H:%M"), data["closes"].strftime("%H:%M")]
            )
        return sorted(rows)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        by_day: dict[int, list] = {}
        for form in self.forms:
            data = form.cleaned_data
            if data.get("DELETE") or data.get("weekday") is None:
                continue
            by_day.setdefault(data["weekday"], []).append(form)
        overlapping = False
        for forms_of_day in by_day.values():
            forms_of_day.sort(key=lambda f: f.cleaned_data["opens"])
            for before, after in zip(forms_of_day, forms_of_day[1:], strict=False):
                if after.cleaned_data["opens"] < before.cleaned_data["closes"]:
                    after.add_error("opens", _("This period overlaps another one on the same day."))
                    overlapping = True
        if overlapping:
            raise forms.ValidationError(
                _("Some opening periods overlap. Merge them or change the times."),
                code="overlap",
            )


ScheduleFormSet = formset_factory(
    ScheduleRowForm,
    formset=BaseScheduleFormSet,
    extra=3,
    can_delete=True,
    max_num=28,
    validate_max=True,
    absolute_max=40,
)


def schedule_initial(periods: list[list]) -> list[dict]:
    return [
        {"weekday": weekday, "opens": opens, "closes": closes} for weekday, opens, closes in periods
    ]


class InvitationPasswordForm(forms.Form):
    """A new editor's name and password; Django's validators judge the password."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("Optional. Coordinators see it next to your changes."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, email: str, *args, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
