"""Forms of the public directory: the list filters and the "report a problem" form.

The filter forms validate the query string. A value they do not understand is
dropped (and explained on the page) rather than failing the whole search.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import BooleanField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from accmr.cache import remember
from accmr.lib.spam import SpamGuardForm
from accmr.lib.text import MAX_QUERY_LENGTH
from members.models import (
    WEEKDAY_KEYS,
    Community,
    Language,
    OrganisationType,
    PopulationGroup,
    ProblemReport,
    Schedule,
    Service,
    ServiceCategory,
)


@dataclass(frozen=True)
class Vocabularies:
    """The editable term lists, read in one query and remembered (`remembered()`)."""

    types: list[OrganisationType]
    categories: list[ServiceCategory]
    subcategories: list[ServiceCategory]
    population_groups: list[PopulationGroup]
    languages: list[Language]

    @classmethod
    def remembered(cls, *, with_types: bool = True) -> "Vocabularies":
        """`load()`, kept under the content version (the lists ask for it on every page)."""
        return remember(
            f"vocabularies:{with_types}",
            lambda: cls.load(with_types=with_types),
            seconds=settings.DATA_CACHE_SECONDS,
        )

    @classmethod
    def load(cls, *, with_types: bool = True) -> "Vocabularies":
        """Every list in one query (a UNION ALL of the four tables, which share their columns
        but one), each in its own order."""
        models = [ServiceCategory, PopulationGroup, Language]
        if with_types:
            models.append(OrganisationType)
        terms = {model: [] for model in models}
        for model, term in _terms_of(models):
            terms[model].append(term)
        categories = terms[ServiceCategory]
        return cls(
            types=terms.get(OrganisationType, []),
            categories=[c for c in categories if c.parent_id is None],
            subcategories=[c for c in categories if c.parent_id is not None],
            population_groups=terms[PopulationGroup],
            languages=terms[Language],
        )


# The columns every vocabulary has (members.models.Vocabulary), and the one of its own that two
# of them have (NULL in the other tables' rows).
_SHARED = ["id", "slug", "uuid", "name", "name_el", "name_en", "other_names", "order"]
_OWN = {ServiceCategory: "parent_id", OrganisationType: "is_municipal"}


def _terms_of(models):
    """(model, term) for each term of `models`, model by model, each in its Meta ordering."""
    parts = []
    for kind, model in enumerate(models):
        own = _OWN.get(model)
        parent = F("parent_id") if own == "parent_id" else Cast(Value(None), IntegerField())
        municipal = (
            F("is_municipal") if own == "is_municipal" else Cast(Value(None), BooleanField())
        )
        parts.append(
            model.objects.order_by()
            .annotate(kind=Value(kind), own_parent=parent, own_municipal=municipal)
            .values_list("kind", *_SHARED, "own_parent", "own_municipal")
        )
    rows = parts[0].union(*parts[1:], all=True).order_by("kind", "order", "slug")
    for kind, *shared, parent_id, is_municipal in rows:
        model = models[kind]
        own = _OWN.get(model)
        if own is None:
            yield model, model.from_db(rows.db, _SHARED, shared)
        else:
            value = parent_id if own == "parent_id" else is_municipal
            yield model, model.from_db(rows.db, [*_SHARED, own], [*shared, value])


class TermChoiceField(forms.ChoiceField):
    """A single vocabulary term chosen by its key; cleans to the term itself (or None)."""

    def __init__(self, terms, *, grouped_by=None, **kwargs):
        self.terms = {term.slug: term for term in terms}
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        # Built when the field is drawn, not when the form checks a value (valid_value()
        # looks the term up): a list page draws its filters once per selection and language
        # (members.views._filters_html), but checks them on every request.
        if grouped_by:
            self.choices = lambda: (
                [("", _("Any"))]
                + [
                    group
                    for group in (
                        (
                            parent.display_name,
                            [(t.slug, t.display_name) for t in terms if t.parent_id == parent.pk],
                        )
                        for parent in grouped_by
                    )
                    if group[1]
                ]
            )
        else:
            self.choices = lambda: [("", _("Any"))] + [(t.slug, t.display_name) for t in terms]

    def offer_only(self, terms) -> None:
        """Offer only `terms` (without groups); any known term still cleans, so the form can
        explain one that does not fit instead of calling it unknown."""
        self.choices = [("", _("Any"))] + [(t.slug, t.name) for t in terms]

    def valid_value(self, value) -> bool:
        return value in self.terms

    def clean(self, value):
        slug = super().clean(value)
        return self.terms.get(slug)


class DirectoryFilterForm(forms.Form):
    """What both lists share: free text, terms and the municipal community."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A name, a word or part of a word; accents and capitals do not matter."),
    )
    community = forms.TypedChoiceField(
        label=_("Municipal community of Athens"),
        choices=[("", _("Any"))] + Community.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data, *, vocabularies: Vocabularies):
        super().__init__(data)
        self.vocabularies = vocabularies
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": MAX_QUERY_LENGTH})

    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("By name")), ("checked", _("Recently checked first"))],
    )

    def filters(self) -> dict:
        """The valid, non-empty criteria (invalid ones are left out and shown as errors);
        the order is not one of them (see sort_order())."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "", False) and name != "sort"
        }

    def sort_order(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or ""

    def order_fields(self, field_order) -> None:
        # The order of the list comes after every filter.
        super().order_fields([*field_order, *(n for n in self.fields if n != "sort"), "sort"])

    def describe(self, name: str, value) -> str:
        """A criterion in words, for the summary of the active filters."""
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return str(field.label)
        if name == "q":
            return f"«{value}»"
        if isinstance(field, TermChoiceField):
            return value.display_name
        choices = dict(field.choices)
        text = str(choices.get(value, value))
        if name == "open_on":
            fixed = {"today": _("Open today"), "tomorrow": _("Open tomorrow")}
            return str(fixed.get(value) or _("Open on: {day}").format(day=text))
        return text

    def filter_errors(self) -> list[tuple[str, list[str]]]:
        """(label, messages) for each criterion that was ignored."""
        return [
            (self.fields[name].label if name in self.fields else "", errors)
            for name, errors in self.errors.items()
        ]


class OrganisationFilterForm(DirectoryFilterForm):
    field_order = ["q", "type", "category", "population_group", "language", "community"]
    # The order comes last, after every filter (see ServiceFilterForm).

    member = forms.BooleanField(label=_("ACCMR members only"), required=False)

    def __init__(self, data, *, vocabularies: Vocabularies):
        super().__init__(data, vocabularies=vocabularies)
        self.fields["type"] = TermChoiceField(vocabularies.types, label=_("Type of organisation"))
        self.fields["category"] = TermChoiceField(
            vocabularies.categories, label=_("Offers services in")
        )
        self.fields["population_group"] = TermChoiceField(
            vocabularies.population_groups, label=_("Serves")
        )
        self.fields["language"] = TermChoiceField(vocabularies.languages, label=_("Speaks"))
        self.order_fields(self.field_order)


def day_choices() -> list[tuple[str, str]]:
    """The choices of "open on": today, tomorrow, or the next Monday etc.
    (members.models.day_from_key)."""
    return [
        ("", _("Any day")),
        ("today", _("Today")),
        ("tomorrow", _("Tomorrow")),
        *zip(WEEKDAY_KEYS, Schedule.Weekday.labels, strict=True),
    ]


class ServiceFilterForm(DirectoryFilterForm):
    field_order = [
        "q",
        "category",
        "subcategory",
        "population_group",
        "language",
        "type",
        "community",
        "open_on",
    ]

    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    walk_in = forms.BooleanField(label=_("No appointment needed"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    open_on = forms.ChoiceField(
        label=_("Open on"),
        required=False,
        choices=day_choices,
        help_text=_(
            "Public holidays and the closures the services announce are taken into account."
        ),
    )
    evening = forms.BooleanField(label=_("Open after 17:00"), required=False)
    weekend = forms.BooleanField(label=_("Open at weekends"), required=False)
    municipal = forms.BooleanField(label=_("Municipal services only"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("By name")),
            ("checked", _("Recently checked first")),
            ("opening", _("Open now, then opening soonest today")),
        ],
    )

    def __init__(self, data, *, vocabularies: Vocabularies):
        super().__init__(data, vocabularies=vocabularies)
        self.fields["category"] = TermChoiceField(vocabularies.categories, label=_("Category"))
        self.fields["subcategory"] = TermChoiceField(
            vocabularies.subcategories,
            grouped_by=vocabularies.categories,
            label=_("Sub-category"),
        )
        chosen = self.fields["category"].terms.get(str(self.data.get("category") or ""))
        if chosen is not None:
            self.fields["subcategory"].offer_only(
                [t for t in vocabularies.subcategories if t.parent_id == chosen.pk]
            )
        self.fields["population_group"] = TermChoiceField(
            vocabularies.population_groups, label=_("For")
        )
        self.fields["language"] = TermChoiceField(vocabularies.languages, label=_("Language"))
        self.fields["type"] = TermChoiceField(vocabularies.types, label=_("Type of organisation"))
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        category, subcategory = cleaned.get("category"), cleaned.get("subcategory")
        if category and subcategory and subcategory.parent_id != category.pk:
            self.add_error(
                "subcategory", _("This sub-category does not belong to the chosen category.")
            )
        return cleaned


class ProblemReportForm(SpamGuardForm, forms.ModelForm):
    """A visitor tells the coordinators that something on an organisation's page is wrong.

    Spam resistance (accmr.lib.spam): a honeypot, a signed start time tied to the
    organisation and, in the view, a per-address rate limit.
    """

    SALT = "members.problem-report"

    service = forms.ChoiceField(label=_("Which service is it about? (optional)"), required=False)

    class Meta:
        model = ProblemReport
        fields = ["message", "contact_email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        labels = {"message": _("What is wrong or missing?")}

    field_order = ["service", "message", "contact_email", "nickname", "started"]

    def __init__(self, *args, organisation, services: list[Service], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self._services = {service.slug: service for service in services}
        self.fields["service"].choices = [("", _("The organisation in general"))] + [
            (service.slug, service.name) for service in services
        ]
        self.fields["message"].max_length = 2000
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.guard(organisation.pk)

    def clean_service(self):
        slug = self.cleaned_data["service"]
        return self._services.get(slug) if slug else None
