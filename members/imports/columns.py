"""Columns of the import/export files: how one cell is read and written, and what a row
changes (for the preview).

Readable, stable cells: slugs for related records, "yes"/"no", dates as YYYY-MM-DD (also
DD/MM/YYYY and the like), every problem in plain words against its column.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from accmr.lib.phones import normalise_phones


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PhonesWidget(TextWidget):
    """Phone numbers read as stored (E.164), so a file in any spelling of the same numbers
    changes nothing; a value that is not a number stays as written, for full_clean to
    report against its column."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        try:
            return normalise_phones(text)
        except ValidationError:
            return text


class DigitsWidget(TextWidget):
    """An identifier made of digits. Spreadsheets that take it for a number drop its
    leading zeros, which `pad` puts back (an ΑΦΜ always has nine digits)."""

    def __init__(self, pad: int = 0):
        super().__init__()
        self.pad = pad

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value)).zfill(self.pad)
        return re.sub(r"\s", "", cell_text(value))


class YesNoWidget(widgets.Widget):
    TRUE = {"1", "yes", "y", "true", "x", "ναι", "ν", "✓"}
    FALSE = {"0", "no", "n", "false", "όχι", "οχι", "ο"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text == "":
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(
            _("“{value}” is not yes or no: write 1 or 0 (yes/no and ναι/όχι work too).").format(
                value=value
            )
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("1" if value else "0")


class UUIDWidget(widgets.Widget):
    """The record's public identifier (its id in open data). Empty: a new record gets one."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(
                _(
                    "“{value}” is not a UUID (like 3f2b9c1e-…); leave it empty for a new record."
                ).format(value=value)
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“{value}” is not a date; write it as 2025-03-31 or 31/03/2025.").format(value=value)
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(_("“{value}” is not a number.").format(value=value)) from exc

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A value from a fixed list: its key, or its label in Greek or English."""

    def __init__(self, choices, *, integer=False):
        super().__init__()
        self.choices = choices
        self.integer = integer

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        for key, label in self.choices:
            names = {str(key).lower()}
            for lang in ("el", "en"):
                with translation.override(lang):
                    names.add(str(label).lower())
            if text.lower() in names:
                return key
        raise ValueError(
            _("“{value}” is not one of: {choices}.").format(
                value=value, choices=", ".join(str(key) for key, _label in self.choices)
            )
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SlugWidget(widgets.ForeignKeyWidget):
    """A related row by its slug, looked up in one query per import."""

    def __init__(self, model, unknown_message, queryset=None):
        super().__init__(model, field="slug")
        self.unknown_message = unknown_message
        self._queryset = queryset
        self._by_slug = None

    def reset(self):
        self._by_slug = None

    def lookup(self) -> dict:
        if self._by_slug is None:
            queryset = self._queryset if self._queryset is not None else self.model.objects
            self._by_slug = {obj.slug: obj for obj in queryset.all()}
        return self._by_slug

    def clean(self, value, row=None, **kwargs):
        slug = cell_text(value)
        if not slug:
            return None
        try:
            return self.lookup()[slug]
        except KeyError:
            raise ValueError(str(self.unknown_message).format(value=slug)) from None

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class SlugListWidget(widgets.ManyToManyWidget):
    """Several related rows by slug, separated by commas (or semicolons)."""

    def __init__(self, model, unknown_message):
        super().__init__(model, separator=",", field="slug")
        self.unknown_message = unknown_message
        self._by_slug = None

    def reset(self):
        self._by_slug = None

    def clean(self, value, row=None, **kwargs):
        slugs = [s.strip() for s in re.split(r"[,;]", cell_text(value)) if s.strip()]
        if self._by_slug is None:
            self._by_slug = {obj.slug: obj for obj in self.model.objects.all()}
        unknown = [s for s in slugs if s not in self._by_slug]
        if unknown:
            raise ValueError(str(self.unknown_message).format(value=", ".join(unknown)))
        return [self._by_slug[s] for s in dict.fromkeys(slugs)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(sorted(item.slug for item in value.all()))


# --- the preview ---------------------------------------------------------------------------


class ChangesDiff:
    """What a row changes, column by column, for the preview (instead of an HTML diff)."""

    def __init__(self, resource, instance, new):
        self.resource = resource
        self.new = new
        self.left = self._values(instance) if not new else None
        self.right = None

    def _values(self, instance):
        if instance is None:
            return None
        values = {}
        # Many-to-many values: the row's (not saved yet, or a dry run), else those loaded.
        m2m = {**getattr(instance, "_loaded_m2m", {}), **getattr(instance, "_import_m2m", {})}
        for field in self.resource.get_import_fields():
            if field.attribute in m2m:
                slugs = sorted(item.slug for item in m2m[field.attribute])
                values[field.column_name] = ", ".join(slugs)
            else:
                values[field.column_name] = cell_text(field.export(instance))
        return values

    def compare_with(self, resource, instance):
        self.right = self._values(instance)

    def as_html(self):
        if self.right is None:
            return []
        if self.new:  # what the new record gets, without the empty and "no" columns
            return [
                {"column": c, "old": "", "new": v}
                for c, v in self.right.items()
                if v not in ("", "0")
            ]
        return [
            {"column": c, "old": self.left.get(c, ""), "new": v}
            for c, v in self.right.items()
            if v != self.left.get(c, "")
        ]
