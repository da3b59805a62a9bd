"""The hours forms of the editors' pages: the weekly hours (one row per day, no JavaScript
needed), a closure or special hours, and the public holidays choice."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Closure, Schedule

RANGES_PER_DAY = 2
WEEKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday: what "copy Monday" fills


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


@dataclass
class DayRow:
    """One day of the hours form, for the template: its checkbox and its time ranges."""

    weekday: int
    label: str
    open: Any  # BoundField
    ranges: list[tuple[Any, Any]]  # (opens, closes) BoundFields
    errors: list[str]


class WeekHoursForm(forms.Form):
    """The weekly hours as seven rows: open or closed, and up to two time ranges each (a day
    that already has more periods, from an import, keeps a row for each). Field names:
    `d<weekday>-open`, `d<weekday>-opens-<n>`, `d<weekday>-closes-<n>` (n from 1)."""

    def __init__(self, *args, periods: list[list], **kwargs):
        by_day: dict[int, list[tuple[str, str]]] = {}
        for weekday, opens, closes in sorted(periods):
            by_day.setdefault(int(weekday), []).append((opens, closes))
        initial = {}
        self.ranges_of = {}
        for weekday in range(7):
            day = by_day.get(weekday, [])
            self.ranges_of[weekday] = max(RANGES_PER_DAY, len(day))
            initial[f"d{weekday}-open"] = bool(day)
            for n, (opens, closes) in enumerate(day, start=1):
                initial[f"d{weekday}-opens-{n}"] = opens
                initial[f"d{weekday}-closes-{n}"] = closes
        super().__init__(*args, initial=initial, **kwargs)
        for weekday, day_label in Schedule.Weekday.choices:
            self.fields[f"d{weekday}-open"] = forms.BooleanField(
                label=gettext("Open on {day}").format(day=day_label), required=False
            )
            for n in range(1, self.ranges_of[weekday] + 1):
                self.fields[f"d{weekday}-opens-{n}"] = _time_field(
                    gettext("{day}, period {n}: opens").format(day=day_label, n=n)
                )
                self.fields[f"d{weekday}-closes-{n}"] = _time_field(
                    gettext("{day}, period {n}: closes").format(day=day_label, n=n)
                )

    def _ranges(self, weekday: int) -> list[tuple[str, str]]:
        return [
            (f"d{weekday}-opens-{n}", f"d{weekday}-closes-{n}")
            for n in range(1, self.ranges_of[weekday] + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for weekday, day_label in Schedule.Weekday.choices:
            given = []
            for opens_name, closes_name in self._ranges(weekday):
                if self.errors.keys() & {opens_name, closes_name}:
                    continue
                opens, closes = cleaned.get(opens_name), cleaned.get(closes_name)
                if opens is None and closes is None:
                    continue
                if opens is None:
                    self.add_error(opens_name, _("Give the opening time."))
                elif closes is None:
                    self.add_error(closes_name, _("Give the closing time."))
                elif closes <= opens:
                    self.add_error(
                        closes_name, _("The closing time must be after the opening time.")
                    )
                else:
                    given.append((opens, closes, opens_name))
            is_open = cleaned.get(f"d{weekday}-open")
            if is_open and not given and not self._day_has_errors(weekday):
                self.add_error(
                    f"d{weekday}-opens-1",
                    gettext("Give the hours of {day}, or untick “open”.").format(day=day_label),
                )
            elif given and not is_open:
                self.add_error(
                    f"d{weekday}-open",
                    gettext(
                        "You gave hours for {day} but marked it closed: tick “open” or clear "
                        "the times."
                    ).format(day=day_label),
                )
            given.sort()
            for before, after in zip(given, given[1:], strict=False):
                if after[0] < before[1]:
                    self.add_error(after[2], _("This period overlaps another one on the same day."))
        return cleaned

    def _day_has_errors(self, weekday: int) -> bool:
        return any(name.startswith(f"d{weekday}-") for name in self.errors)

    def periods(self) -> list[list]:
        """The opening periods as [[weekday, "HH:MM", "HH:MM"], ...], sorted."""
        rows = []
        for weekday in range(7):
            if not self.cleaned_data.get(f"d{weekday}-open"):
                continue
            for opens_name, closes_name in self._ranges(weekday):
                opens, closes = (
                    self.cleaned_data.get(opens_name),
                    self.cleaned_data.get(closes_name),
                )
                if opens is not None and closes is not None:
                    rows.append([weekday, opens.strftime("%H:%M"), closes.strftime("%H:%M")])
        return sorted(rows)

    def days(self) -> list[DayRow]:
        rows = []
        for weekday, label in Schedule.Weekday.choices:
            names = [f"d{weekday}-open", *(n for pair in self._ranges(weekday) for n in pair)]
            rows.append(
                DayRow(
                    weekday=weekday,
                    label=label,
                    open=self[f"d{weekday}-open"],
                    ranges=[(self[a], self[b]) for a, b in self._ranges(weekday)],
                    errors=[e for name in names for e in self.errors.get(name, [])],
                )
            )
        return rows

    @staticmethod
    def copy_monday(data) -> Any:
        """The posted data with Monday's row copied to Tuesday–Friday (the "copy Monday to
        all weekdays" button: nothing is saved, the form comes back filled)."""
        data = data.copy()
        monday_open = data.get("d0-open")
        for weekday in WEEKDAYS[1:]:
            for key in [k for k in data if k.startswith(f"d{weekday}-")]:
                del data[key]
            if monday_open:
                data[f"d{weekday}-open"] = monday_open
            for key in [k for k in data if k.startswith("d0-") and k != "d0-open"]:
                data[key.replace("d0-", f"d{weekday}-", 1)] = data[key]
        return data


class ClosureForm(forms.ModelForm):
    """Dates the service is closed, or open at other hours. `ends_on` empty means one day."""

    MAX_DAYS = 366

    class Meta:
        model = Closure
        fields = ("starts_on", "ends_on", "opens", "closes", "note_el", "note_en")
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["ends_on"].required = False
        self.fields["ends_on"].help_text = _("Empty for a single day.")
        self.fields["note_el"].label = _("Note (Greek)")
        self.fields["note_en"].label = _("Note (English)")
        for name in ("note_el", "note_en"):
            self.fields[name].help_text = ""
        self.fields["note_el"].widget.attrs["lang"] = "el"
        self.fields["note_en"].widget.attrs["lang"] = "en"

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and not ends and "ends_on" not in self.errors:
            cleaned["ends_on"] = ends = starts
            self.instance.ends_on = starts
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("The last day cannot be before the first."))
            elif ends < self.today:
                self.add_error("ends_on", _("These dates are past: enter coming dates only."))
            elif (ends - starts).days >= self.MAX_DAYS:
                self.add_error("ends_on", _("Enter at most a year at a time."))
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if (opens is None) != (closes is None) and not self.errors.keys() & {"opens", "closes"}:
            self.add_error(
                "closes" if closes is None else "opens",
                _("Give both times for special hours, or neither if closed all day."),
            )
        elif opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        if cleaned.get("note_en") and not cleaned.get("note_el"):
            self.add_error(
                "note_el", _("Write the Greek text first; the English one translates it.")
            )
        return cleaned


class PublicHolidaysForm(forms.Form):
    open_on_public_holidays = forms.BooleanField(
        label=_("This service keeps its usual hours on public holidays"), required=False
    )
