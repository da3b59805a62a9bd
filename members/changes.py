"""Proposed changes: what editors may change, how values are stored, described and applied.

An editor's form never writes to a live record. Its cleaned data is turned into stored
(JSON-safe) values: field name -> value, foreign keys as ids, many-to-many fields as sorted id
lists, opening hours as ``"schedules": [[weekday, "HH:MM", "HH:MM"], ...]``, the logo as its
storage name (`live_value` reads a live record in that form). A ChangeRequest keeps the
proposed and previous values in that form, and per field a `StoredDecision`.
`describe_change` turns a request into `FieldChange` rows for people; `apply_values` writes
stored values back onto a live record. The workflows that submit, review and revert changes
are in members.services.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from django.db import models
from django.forms import BoundField
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accmr.lib.translated_fields import translated_fields
from members.models import (
    ORGANISATION_CONTACT_FIELDS,
    SERVICE_ACCESS_FIELDS,
    ChangeRequest,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceStatus,
)

# What editors may propose. Everything else (type, status of the organisation, trust,
# registry numbers, staff notes, slugs) stays with coordinators.
ORGANISATION_FIELDS = (
    "name_el",
    "name_en",
    "description_el",
    "description_en",
    "short_name",
    *ORGANISATION_CONTACT_FIELDS,
    "logo",
)
SERVICE_FIELDS = (
    "name_el",
    "name_en",
    "description_el",
    "description_en",
    "category",
    "subcategory",
    "population_groups",
    "languages",
    "eligibility_el",
    "eligibility_en",
    "how_to_access_el",
    "how_to_access_en",
    *SERVICE_ACCESS_FIELDS,
    "funding_source_el",
    "funding_source_en",
    "hours_notes_el",
    "hours_notes_en",
    "email",
    "phone",
    "website",
    "locations",
    "schedules",
    "status",
)
LOCATION_FIELDS = (
    "name_el",
    "name_en",
    "address_el",
    "address_en",
    "postcode",
    "municipality_el",
    "municipality_en",
    "community",
    "latitude",
    "longitude",
    "step_free",
    "accessibility_notes_el",
    "accessibility_notes_en",
)
SCHEDULES = "schedules"
COORDINATE_PLACES = Decimal("0.000001")  # Location.latitude/longitude: 6 decimal places


def coordinate_text(value: Decimal | None) -> str | None:
    """A coordinate as stored in a proposed change: text with six decimals (JSON has no
    decimals, and "37.98" and "37.980000" must compare equal)."""
    return None if value is None else str(Decimal(value).quantize(COORDINATE_PLACES))


class Decision(models.TextChoices):
    """A coordinator's decision on one proposed field."""

    ACCEPTED = "accepted", _("Accept")
    RETURNED = "returned", _("Return")


class StoredDecision(TypedDict):
    """One field's entry in `ChangeRequest.decisions` (field name -> StoredDecision)."""

    decision: str  # a Decision value
    comment: str  # the coordinator's comment, for the editor
    replaced: NotRequired[Any]  # accepted: the live value it replaced (what a revert restores)
    reverts: NotRequired[int]  # on a revert's own record: the change request it reverted
    reverted_by: NotRequired[int]  # set once a later change request reverted this field


class ReviewError(ValueError):
    """A review or revert that cannot be carried out; the message is for the coordinator."""


# --- stored values: reading and writing live records ----------------------------------


def split_language(model: type[models.Model], name: str) -> tuple[str, str]:
    """("description", "en") for "description_en"; (name, "") for untranslated fields."""
    base, _sep, language = name.rpartition("_")
    if language in ("el", "en") and base in translated_fields(model):
        return base, language
    return name, ""


def field_label(model: type[models.Model], name: str) -> str:
    if name == SCHEDULES:
        return gettext("Opening hours")
    base, language = split_language(model, name)
    verbose = capfirst(str(model._meta.get_field(base).verbose_name))
    if language:
        language_name = gettext("Greek") if language == "el" else gettext("English")
        return gettext("{field} ({language})").format(field=verbose, language=language_name)
    return verbose


def live_value(obj: models.Model, name: str) -> Any:
    """The live value of one editable field, in the stored (JSON-safe) form `proposed` uses."""
    if name == SCHEDULES:
        return [
            [s.weekday, s.opens.strftime("%H:%M"), s.closes.strftime("%H:%M")]
            for s in obj.schedules.order_by("weekday", "opens")
        ]
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    if field.many_to_one:
        return getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return getattr(obj, name).name or ""
    if isinstance(field, models.DecimalField):
        return coordinate_text(getattr(obj, name))
    value = getattr(obj, field.attname)
    if value is None and isinstance(field, models.CharField | models.TextField):
        return ""
    return value


def _clean_schedules(rows: Any) -> list[Schedule]:
    periods = []
    for row in rows or []:
        weekday, opens, closes = row
        opens_t, closes_t = dt.time.fromisoformat(opens), dt.time.fromisoformat(closes)
        if not (0 <= int(weekday) <= 6 and opens_t < closes_t):
            raise ReviewError(gettext("The proposed opening hours are not valid."))
        periods.append(Schedule(weekday=int(weekday), opens=opens_t, closes=closes_t))
    return periods


def apply_values(obj: models.Model, values: dict[str, Any], *, user, reason: str) -> None:
    """Write stored (JSON-safe) `values` onto a live record and save it, with its history."""
    later: dict[str, Any] = {}
    for name, value in values.items():
        if name == SCHEDULES:
            later[name] = _clean_schedules(value)
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            later[name] = value
        elif field.many_to_one:
            if value is not None and not field.related_model.objects.filter(pk=value).exists():
                raise ReviewError(
                    gettext("“{field}” names a record that no longer exists.").format(
                        field=field_label(type(obj), name)
                    )
                )
            setattr(obj, field.attname, value)
        elif isinstance(field, models.FileField):
            setattr(obj, name, value or "")
        else:
            setattr(obj, name, value)
    obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save()
    for name, value in later.items():
        if name == SCHEDULES:
            obj.schedules.all().delete()
            for period in value:
                period.service = obj
            Schedule.objects.bulk_create(value)
            continue
        related = obj._meta.get_field(name).related_model.objects.filter(pk__in=value or [])
        if name == "locations":  # never another organisation's address
            related = related.filter(organisation_id=obj.organisation_id)
        getattr(obj, name).set(related)


# --- describing a change --------------------------------------------------------------


def display_value(model: type[models.Model], name: str, value: Any) -> str:
    """A short human-readable text for a JSON-safe value (e-mails, dashboard, review)."""
    if value is None or value == "" or value == []:
        return gettext("(empty)")
    if name == SCHEDULES:
        return "\n".join(
            f"{Schedule.Weekday(int(w)).label} {opens}–{closes}" for w, opens, closes in value
        )
    if name == "status" and model is Service and value in ServiceStatus.values:
        return str(ServiceStatus(value).label)
    field = model._meta.get_field(name)
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if field.many_to_many:
        names = [str(o) for o in field.related_model.objects.filter(pk__in=value)]
        return ", ".join(names) or gettext("(empty)")
    if field.many_to_one:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else gettext("(removed)")
    return str(value)


@dataclass
class FieldChange:
    """One proposed field of a change request, as the review page, the editor's dashboard and
    the e-mails show it (see describe_change; the admin's review page fills the last group)."""

    name: str  # the stored name, e.g. "description_en" or "schedules"
    label: str  # "Description (English)", in the active language
    base: str  # "description": the model field without its language
    language: str  # "el", "en", or "" for a field that is not translated
    old: Any  # stored (JSON-safe) values
    new: Any
    old_display: str  # the same as short text (display_value)
    new_display: str
    decision: str = ""  # a Decision once reviewed
    comment: str = ""
    reverted: bool = False
    is_logo: bool = False
    is_long_text: bool = False
    # Filled by the admin's review page (members.admin.review):
    previous_differs: bool = False  # the live value moved since the change was proposed
    old_url: str = ""  # logo files
    new_url: str = ""
    old_html: str = ""  # old and new as safe HTML, an inline word diff for texts
    new_html: str = ""
    decision_field: BoundField | None = None  # the review form's fields for this row
    comment_field: BoundField | None = None


def target_model(change_request: ChangeRequest) -> type[models.Model]:
    if change_request.service_id:
        return Service
    if change_request.location_id or change_request.creates_location:
        return Location
    return Organisation


FIELD_ORDER = {
    Service: SERVICE_FIELDS,
    Location: LOCATION_FIELDS,
    Organisation: ORGANISATION_FIELDS,
}


def describe_change(change_request: ChangeRequest, *, old: dict | None = None) -> list[FieldChange]:
    """The fields of a change request, in form order, ready for a template.

    `old` overrides the old values (the review page passes the live values of now).
    """
    model = target_model(change_request)
    order = FIELD_ORDER[model]
    old = change_request.previous if old is None else old
    names = sorted(change_request.proposed, key=lambda n: order.index(n) if n in order else 99)
    rows = []
    for name in names:
        base, language = split_language(model, name)
        decision = change_request.decisions.get(name) or {}
        field = None if name == SCHEDULES else model._meta.get_field(base)
        rows.append(
            FieldChange(
                name=name,
                label=field_label(model, name),
                base=base,
                language=language,
                old=old.get(name),
                new=change_request.proposed[name],
                old_display=display_value(model, name, old.get(name)),
                new_display=display_value(model, name, change_request.proposed[name]),
                decision=decision.get("decision", ""),
                comment=decision.get("comment", ""),
                reverted=bool(decision.get("reverted_by")),
                is_logo=name == "logo",
                is_long_text=isinstance(field, models.TextField),
            )
        )
    return rows


def for_record(
    organisation: Organisation, service: Service | None = None, location: Location | None = None
):
    """The change requests of one live record: the profile, a service or a location."""
    return ChangeRequest.objects.filter(
        organisation=organisation, service=service, location=location, creates_location=False
    )


def pending_values(
    organisation: Organisation, service: Service | None = None, location: Location | None = None
) -> dict:
    """What is waiting for review for one record (to pre-fill the editor's form)."""
    pending = for_record(organisation, service, location).filter(state=ChangeRequest.State.PENDING)
    first = pending.first()
    return dict(first.proposed) if first else {}


@dataclass
class ReturnedField:
    """A field a coordinator returned: what the editor proposed and why it came back."""

    value: Any
    comment: str
    returned_at: dt.datetime


RETURNED_SHOWN_DAYS = 90  # a returned field is offered again on the form this long


def returned_values(
    organisation: Organisation,
    service: Service | None = None,
    location: Location | None = None,
    *,
    now: dt.datetime | None = None,
) -> dict[str, ReturnedField]:
    """Fields of one record that a coordinator returned and nobody has proposed again since
    (the latest return wins), to pre-fill the editor's form with the comment beside them."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=RETURNED_SHOWN_DAYS)
    requests = (
        for_record(organisation, service, location)
        .exclude(state=ChangeRequest.State.WITHDRAWN)
        .filter(submitted_at__gte=since)
        .order_by("-submitted_at", "-pk")
    )
    returned: dict[str, ReturnedField] = {}
    settled: set[str] = set()
    for change in requests:
        for name, value in change.proposed.items():
            if name in settled:
                continue
            settled.add(name)
            decision = change.decisions.get(name) or {}
            if (
                change.state == ChangeRequest.State.REVIEWED
                and decision.get("decision") == Decision.RETURNED
            ):
                returned[name] = ReturnedField(
                    value=value, comment=decision.get("comment", ""), returned_at=change.reviewed_at
                )
    return returned


def change_title(change_request: ChangeRequest) -> str:
    """What a change is about, in words: "New service: Greek lessons", "Location: Solonos 1"."""
    model = target_model(change_request)
    if model is Service:
        service = change_request.service
        if service.status == ServiceStatus.DRAFT and "status" in change_request.proposed:
            return gettext("New service: {name}").format(name=service.name)
        return gettext("Service: {name}").format(name=service.name)
    if model is Location:
        if change_request.creates_location:
            address = change_request.proposed.get("address_el") or ""
            return gettext("New location: {address}").format(address=address)
        return gettext("Location: {address}").format(address=change_request.location)
    return gettext("Profile of the organisation")
