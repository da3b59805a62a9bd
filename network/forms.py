"""Forms of the network pages: query-string filters, and the good-practice form for the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from accmr.lib.text import MAX_QUERY_LENGTH
from accmr.lib.translated_fields import text_in_language
from network.models import GoodPractice
from network.validators import validate_pdf


class _QueryForm(forms.Form):
    """A GET form: invalid fields are dropped and explained, valid ones still apply."""

    def applied(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class PracticeFilterForm(_QueryForm):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, municipalities=(), themes=(), years=()):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["municipality"].choices = every + [
            (m.slug, text_in_language(m, "name")[0]) for m in municipalities
        ]
        self.fields["theme"].choices = every + [(t.slug, t.display_name) for t in themes]
        self.fields["year"].choices = every + [(str(y), str(y)) for y in years]


class CompareForm(_QueryForm):
    FORMATS = [("html", _("Web page")), ("csv", _("CSV"))]

    category = forms.ChoiceField(
        label=_("Break down a category"),
        required=False,
        help_text=_("Show the sub-categories of one category instead of all categories."),
    )
    format = forms.ChoiceField(choices=FORMATS, required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, categories=()):
        super().__init__(data)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, c.display_name) for c in categories
        ]


class MunicipalityServicesForm(_QueryForm):
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, data=None, *, categories=()):
        super().__init__(data)
        choices = [("", _("All categories"))]
        for category in categories:
            label = category.display_name
            if category.parent_id:
                label = f"– {label}"
            choices.append((category.slug, label))
        self.fields["category"].choices = choices


_web_address = URLValidator(schemes=["http", "https"])


class GoodPracticeForm(forms.ModelForm):
    """The good-practice form for coordinators (used by the admin).

    The attachment is checked by content and size (network.validators.validate_pdf, also on
    the model field, so every form gets it) and stored under a safe, random name.
    """

    class Meta:
        model = GoodPractice
        fields = [
            "title_el",
            "title_en",
            "slug",
            "summary_el",
            "summary_en",
            "body_el",
            "body_en",
            "municipalities",
            "themes",
            "date",
            "attachment",
            "links",
            "is_example",
            "status",
        ]

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and not getattr(attachment, "_committed", False):
            validate_pdf(attachment)
        return attachment

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data.get("links", "").splitlines()]
        lines = [line for line in lines if line]
        errors = []
        for line in lines:
            try:
                _web_address(line)
            except ValidationError:
                errors.append(line)
        if errors:
            raise ValidationError(
                _("Not a web address starting with http:// or https://: %(lines)s"),
                params={"lines": ", ".join(errors)},
                code="invalid_link",
            )
        return "\n".join(lines)
