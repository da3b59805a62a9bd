"""Forms of the activities: the public list's filters and the editors' activity form."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bulletin.models import Activity, Weekday
from members.editor.forms import BilingualFormMixin
from members.forms import DirectoryFilterForm, TermChoiceField, Vocabularies
from members.models import Language, PopulationGroup, ServiceCategory

MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class DateRange:
    """[start, end) in aware date-times; `end` None means "from now on"."""

    start: dt.datetime
    end: dt.datetime | None


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class ActivityFilterForm(DirectoryFilterForm):
    """The query string of the activities list (and of its calendar feed)."""

    WHEN_TODAY, WHEN_WEEK, WHEN_MONTH, WHEN_DATES = "today", "week", "month", "dates"

    field_order = [
        "q",
        "when",
        "date_from",
        "date_to",
        "category",
        "population_group",
        "language",
        "community",
        "free",
        "online",
    ]

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Any time from now")),
            ("today", _("Today")),
            ("week", _("This week")),
            ("month", _("This month")),
            ("dates", _("Chosen dates")),
        ],
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For chosen dates: the first day."),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For chosen dates: the last day (the first day if empty)."),
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    online = forms.BooleanField(label=_("Online only"), required=False)

    def __init__(self, data, *, vocabularies: Vocabularies):
        super().__init__(data, vocabularies=vocabularies)
        self.fields["q"].help_text = _("A word from the title or the description.")
        self.fields["category"] = TermChoiceField(vocabularies.categories, label=_("Category"))
        self.fields["population_group"] = TermChoiceField(
            vocabularies.population_groups, label=_("For")
        )
        self.fields["language"] = TermChoiceField(vocabularies.languages, label=_("Language"))
        self.fields["community"].label = _("Municipal community of Athens")
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if (start or end) and not cleaned.get("when"):
            cleaned["when"] = self.WHEN_DATES
        if cleaned.get("when") == self.WHEN_DATES:
            if not start and not end:
                self.add_error("date_from", _("Give at least the first day."))
            elif start and end and end < start:
                self.add_error("date_to", _("The last day must not be before the first."))
            elif start and end and (end - start).days > MAX_RANGE_DAYS:
                self.add_error("date_to", _("Choose at most a year of dates."))
        return cleaned

    def date_range(self, now: dt.datetime | None = None) -> DateRange:
        """The period asked for, never starting before `now` (the list shows what is to come)."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        criteria = self.filters()
        when = criteria.get("when")
        if when == self.WHEN_TODAY:
            return DateRange(now, _midnight(today + dt.timedelta(days=1)))
        if when == self.WHEN_WEEK:
            # Until the end of Sunday; on a Saturday or Sunday "this week" is the week ahead,
            # as people say it (otherwise a Sunday visitor would see only what is left today).
            days_left = 7 - today.weekday() + (7 if today.weekday() >= 5 else 0)
            return DateRange(now, _midnight(today + dt.timedelta(days=days_left)))
        if when == self.WHEN_MONTH:
            first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            return DateRange(now, _midnight(first_of_next))
        if when == self.WHEN_DATES and ("date_from" in criteria or "date_to" in criteria):
            first = criteria.get("date_from") or criteria["date_to"]
            last = criteria.get("date_to") or first
            return DateRange(max(now, _midnight(first)), _midnight(last + dt.timedelta(days=1)))
        return DateRange(now, None)


class WeekdaysField(forms.MultipleChoiceField):
    """Days of the week as checkboxes; cleans to the model's digits ("024")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=[(str(d.value), d.label) for d in Weekday], **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return list(value)
        return value

    def clean(self, value):
        return "".join(sorted(set(super().clean(value))))


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _formfield(field, **kwargs):
    # Addresses typed without a scheme are taken as https:// (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ActivityForm(BilingualFormMixin, forms.ModelForm):
    """An editor's activity. Dates and times are typed in Athens time."""

    translated = ("title", "description", "address")
    required_greek = ("title", "description")

    day = forms.DateField(label=_("Date"), widget=_date_input(), help_text=_("The first day."))
    start_time = forms.TimeField(label=_("Starts at"), widget=_time_input())
    end_time = forms.TimeField(label=_("Ends at"), widget=_time_input())
    end_day = forms.DateField(
        label=_("Last day, if it lasts several days"),
        required=False,
        widget=_date_input(),
        help_text=_("Only for a one-off activity over several days."),
    )
    repeat_weekdays = WeekdaysField(label=_("Days of the week"), required=False)

    class Meta:
        model = Activity
        formfield_callback = _formfield
        fields = [
            "title_el",
            "title_en",
            "description_el",
            "description_en",
            "repeat",
            "repeat_weekdays",
            "repeat_until",
            "place",
            "location",
            "address_el",
            "address_en",
            "community",
            "online_url",
            "category",
            "population_groups",
            "languages",
            "is_free",
            "registration",
            "registration_contact",
            "capacity",
        ]
        widgets = {
            "repeat": forms.RadioSelect,
            "place": forms.RadioSelect,
            "registration": forms.RadioSelect,
            "repeat_until": _date_input(),
            "population_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }

    field_groups_spec = (
        (_("When"), ("day", "start_time", "end_time", "end_day", "repeat", "repeat_weekdays",
                     "repeat_until")),
        (_("Where"), ("place", "location", "community", "online_url")),
        (_("What and for whom"), ("category", "population_groups", "languages")),
        (_("Taking part"), ("is_free", "registration", "registration_contact", "capacity")),
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        instance = kwargs.get("instance")
        if instance is None:
            instance = kwargs["instance"] = Activity(organisation=organisation)
        if instance.pk:
            start, end = instance.local_start, instance.local_end
            kwargs["initial"] = {
                "day": start.date(),
                "start_time": start.time(),
                "end_time": end.time(),
                "end_day": end.date() if end.date() != start.date() else None,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self._setup_bilingual()
        self.fields["location"].queryset = organisation.locations.all()
        self.fields["location"].empty_label = gettext("Choose a location")
        self.fields["category"].queryset = ServiceCategory.objects.filter(parent__isnull=True)
        self.fields["population_groups"].queryset = PopulationGroup.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["capacity"].widget.attrs["min"] = 1

    def field_groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.field_groups_spec]

    def address_pair(self):
        return self["address_el"], self["address_en"]

    def clean(self):
        cleaned = super().clean()
        self._clean_bilingual(cleaned)
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            end_day = cleaned.get("end_day") or day
            if cleaned.get("repeat") == Activity.Repeat.WEEKLY and end_day != day:
                self.add_error("end_day", _("A weekly activity starts and ends on the same day."))
                return cleaned
            self.instance.starts_at = timezone.make_aware(dt.datetime.combine(day, start))
            self.instance.ends_at = timezone.make_aware(dt.datetime.combine(end_day, end))
            if self.instance.ends_at <= timezone.now() and not self.instance.pk:
                self.add_error("day", _("This date and time have already passed."))
        # Only what the chosen options use is kept.
        if cleaned.get("repeat") != Activity.Repeat.WEEKLY:
            cleaned["repeat_weekdays"] = ""
            cleaned["repeat_until"] = None
        place = cleaned.get("place")
        if place != Activity.Place.LOCATION:
            cleaned["location"] = None
        if place != Activity.Place.ADDRESS:
            cleaned.update(address_el="", address_en="", community=None)
        if place != Activity.Place.ONLINE:
            cleaned["online_url"] = ""
        if cleaned.get("registration") == Activity.Registration.NONE:
            cleaned["registration_contact"] = ""
        return cleaned

    def _update_errors(self, errors):
        # The model checks the start and the end, which this form splits into several fields.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict:
            for model_field, form_field in (("starts_at", "day"), ("ends_at", "end_time")):
                if model_field in error_dict:
                    error_dict.setdefault(form_field, []).extend(error_dict.pop(model_field))
        super()._update_errors(errors)
