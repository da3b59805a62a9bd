"""Forms of the editors' pages (/my/...). They parse and validate; they never save.

The views turn `form.values()` (JSON-safe field values) into a proposed change through
members.services, so a form cannot write to a live record by accident. The hours forms are in
members.editor.hours_forms.
"""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accmr.models import User
from members import images
from members.changes import LOCATION_FIELDS, ORGANISATION_FIELDS, SERVICE_FIELDS, coordinate_text
from members.models import (
    ORGANISATION_CONTACT_FIELDS,
    SERVICE_ACCESS_FIELDS,
    SERVICE_TRANSLATED_FIELDS,
    Location,
    Organisation,
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
        # Only what changes is held to what publishing needs: a live record whose required
        # text is empty (an import, an old record) can still get a new phone number.
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            for base in self.required_greek:
                if not (getattr(instance, f"{base}_el", "") or "").strip():
                    self.fields[f"{base}_el"].required = False

    def publishing_gaps(self) -> list[str]:
        """Labels of the fields publishing needs that are still empty after this form."""
        data = getattr(self, "cleaned_data", {})
        return [
            str(self.fields[f"{base}_el"].label)
            for base in self.required_greek
            if not (data.get(f"{base}_el") or "").strip()
        ]

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
        elif isinstance(field, models.DecimalField):
            values[name] = coordinate_text(value)
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
    translated = SERVICE_TRANSLATED_FIELDS
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

    # What Service.missing_contact() reads: the ways of access and the contact details.
    CONTACT_RULE_FIELDS = frozenset(
        {"access_phone", "access_appointment", "access_online", "phone", "email", "website"}
    )

    def _post_clean(self):
        """The model's rule "a way of access needs its contact" holds a change to the ways of
        access or the contact details; a live record that already breaks it (an import) can
        still get another field changed, and the editor is told what publishing needs."""
        super()._post_clean()
        self.contact_gaps: list[str] = []
        if self.instance.pk is None or self.CONTACT_RULE_FIELDS & set(self.changed_data):
            return
        for name, message in self.instance.missing_contact().items():
            errors = self._errors.get(name)
            if errors is None:
                continue
            kept = [e for e in errors if e != str(message)]
            if len(kept) < len(errors):
                self.contact_gaps.append(str(message))
            if kept:
                self._errors[name] = self.error_class(kept)
            else:
                del self._errors[name]
                self.cleaned_data.setdefault(name, getattr(self.instance, name))

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
                list(SERVICE_ACCESS_FIELDS),
            ),
            (_("Contact and places"), ["email", "phone", "website", "locations"]),
        )
        return [(title, [self[name] for name in names]) for title, names in groups]


class LocationForm(BilingualFormMixin, forms.ModelForm):
    """A new location or a change to one: the address in Greek (English optional), postcode,
    municipality, municipal community, coordinates and accessibility."""

    translated = ("address", "municipality", "name", "accessibility_notes")
    required_greek = ("address",)

    class Meta:
        model = Location
        formfield_callback = _formfield
        fields = list(LOCATION_FIELDS)
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_bilingual()
        for name in ("address_el", "address_en"):
            self.fields[name].widget.attrs["autocomplete"] = "street-address"
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "inputmode": "numeric"}
        )
        self.fields["municipality_el"].initial = self.fields["municipality_el"].initial or "Αθήνα"
        self.fields["latitude"].help_text = _("Optional. For example 37.984100.")
        self.fields["longitude"].help_text = _("Optional. For example 23.728000.")

    def clean_postcode(self):
        postcode = (self.cleaned_data.get("postcode") or "").replace(" ", "")
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            raise forms.ValidationError(_("A Greek postcode has five digits, e.g. 104 31."))
        return postcode

    def clean(self):
        cleaned = super().clean()
        self._clean_bilingual(cleaned)
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.errors.keys() & {"latitude", "longitude"}
        ):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both coordinates, or neither."),
            )
        return cleaned

    def values(self) -> dict[str, Any]:
        return _json_safe(self, tuple(self._meta.fields))

    def field_groups(self) -> list[tuple[str, list[Any]]]:
        groups = (
            (_("Where"), ["postcode", "community", "latitude", "longitude"]),
            (_("Access"), ["step_free"]),
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

    def __init__(self, *args, current: str, service: Service | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = self.CHOICES.get(current, ())
        self.service = service

    def clean_status(self):
        status = self.cleaned_data["status"]
        service = self.service
        if status == ServiceStatus.PUBLISHED and service and service.status == ServiceStatus.DRAFT:
            missing = [
                gettext("the name in Greek") if not service.name_el else "",
                gettext("the description in Greek") if not service.description_el else "",
            ]
            missing = [m for m in missing if m]
            if missing:
                raise forms.ValidationError(
                    gettext(
                        "To be published the service needs: {missing}. Add it on the service's "
                        "page first."
                    ).format(missing=", ".join(missing))
                )
        return status


class ProblemAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the coordinators: what you corrected, or why nothing needs to change."),
        error_messages={"required": _("Write your answer first.")},
    )


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
