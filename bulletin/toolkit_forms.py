"""Forms of the toolkit: the editors' proposal of a publication and the list's filters."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accmr.lib.text import MAX_QUERY_LENGTH
from bulletin.models import Publication
from members.models import Language, ServiceCategory


def _formfield(field, **kwargs):
    # Addresses typed without a scheme are taken as https:// (as on the editors' other forms).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PublicationForm(forms.ModelForm):
    """A member editor proposes a publication of their organisation; a coordinator reviews it."""

    formfield_callback = _formfield

    class Meta:
        model = Publication
        fields = [
            "title_el",
            "title_en",
            "summary_el",
            "summary_en",
            "type",
            "themes",
            "year",
            "languages",
            "file",
            "external_url",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "summary_el": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "summary_en": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        labels = {
            "title_el": _("Title in Greek"),
            "title_en": _("Title in English"),
            "summary_el": _("Summary in Greek"),
            "summary_en": _("Summary in English"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ServiceCategory.objects.filter(parent__isnull=True)
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        has_file, has_link = bool(cleaned.get("file")), bool(cleaned.get("external_url"))
        if has_file == has_link and "file" not in self.errors:
            self.add_error(
                "file", _("Upload a PDF or give an external link: one of the two, not both.")
            )
        return cleaned


class ToolkitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    language = forms.ChoiceField(label=_("Language of the document"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, themes=(), languages=(), years=()):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["type"].choices = every + list(Publication.Type.choices)
        self.fields["theme"].choices = every + [(t.slug, t.name) for t in themes]
        self.fields["language"].choices = every + [(lang.slug, lang.name) for lang in languages]
        self.fields["year"].choices = every + [(str(y), str(y)) for y in years]

    def applied(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
