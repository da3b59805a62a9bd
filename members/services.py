"""Workflows of member self-service.

Invitations, proposed changes and their review, confirmation and freshness reminders.
Each public function is one transaction and, where people must be told, sends the e-mail
after it commits its work.

How changes travel
------------------
An editor's form never writes to a live record. The view turns the form's cleaned data
into JSON-safe values (`values`: field name -> value; foreign keys as ids, many-to-many
fields as sorted id lists, opening hours as ``"schedules": [[weekday, "HH:MM", "HH:MM"],
...]``, the logo as its storage name) and calls `change_request_submit`, which keeps only
the fields that differ from the live record in the one pending ChangeRequest of that
record (merged with what is already pending). Coordinators review it field by field with
`change_request_review`; accepted fields are written to the live record in the same
transaction, with `simple_history` recording who and why. Trusted organisations skip the
queue: the change is applied at once and recorded as an accepted ChangeRequest.

New services are created as DRAFT records (not public), filled directly by the editor, and
published through a ChangeRequest whose only field is ``status: "published"``; a draft can
be edited directly until a coordinator publishes it (see `service_create`). The reviewer
sees the whole draft on the review page.
"""

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.translator import translator

from accmr.lib.text import latin_slug
from accmr.mail import send_email
from accmr.models import User
from members.models import (
    ChangeRequest,
    EditorMembership,
    Invitation,
    Organisation,
    ProblemReport,
    Schedule,
    Service,
    ServiceStatus,
)

log = logging.getLogger("members.selfservice")

INVITATION_DAYS = 7
REMINDER_EVERY_DAYS = 30
ACCEPTED, RETURNED = "accepted", "returned"

# What editors may propose. Everything else (type, status of the organisation, trust,
# registry numbers, staff notes, slugs) stays with coordinators.
ORGANISATION_FIELDS = (
    "name_el",
    "name_en",
    "description_el",
    "description_en",
    "short_name",
    "website",
    "email",
    "phone",
    "facebook",
    "instagram",
    "linkedin",
    "x_twitter",
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
    "access_walk_in",
    "access_appointment",
    "access_phone",
    "access_online",
    "access_referral",
    "is_free",
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
SCHEDULES = "schedules"


class InvitationUnusable(Exception):
    """The invitation was used, has expired, or does not belong to this person."""


class ReviewError(ValueError):
    """A review or revert that cannot be carried out; the message is for the coordinator."""


# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------


def _send(kind: str, *, to: Iterable[str], **params) -> None:
    """Queue one e-mail per recipient; members/emails.py builds each when it is sent."""
    send_email(f"members.{kind}", to=to, **params)


# ---------------------------------------------------------------------------
# Field values: reading, writing, describing
# ---------------------------------------------------------------------------


def _translated_bases(model: type[models.Model]) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).fields)
    except Exception:  # noqa: BLE001 - a model without translated fields
        return set()


def split_language(model: type[models.Model], name: str) -> tuple[str, str]:
    """("description", "en") for "description_en"; (name, "") for untranslated fields."""
    base, _sep, language = name.rpartition("_")
    if language in ("el", "en") and base in _translated_bases(model):
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
    """The live value of one editable field, in the JSON-safe form `proposed` uses."""
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


def _apply(obj: models.Model, values: dict[str, Any], *, user, reason: str) -> None:
    """Write JSON-safe `values` onto a live record and save it, with its history."""
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
    name: str
    label: str
    base: str
    language: str
    old: Any
    new: Any
    old_display: str
    new_display: str
    decision: str = ""
    comment: str = ""
    reverted: bool = False
    is_logo: bool = False
    is_long_text: bool = False


def target_model(change_request: ChangeRequest) -> type[models.Model]:
    return Service if change_request.service_id else Organisation


def describe_change(change_request: ChangeRequest, *, old: dict | None = None) -> list[FieldChange]:
    """The fields of a change request, in form order, ready for a template.

    `old` overrides the old values (the review page passes the live values of now).
    """
    model = target_model(change_request)
    order = SERVICE_FIELDS if model is Service else ORGANISATION_FIELDS
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


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_send(*, invitation: Invitation, invited_by: User | None) -> None:
    """Save a new invitation (e-mail and organisation set) and queue the e-mail with its link.

    The link's token is made when the e-mail is built (`invitation_new_token`), so the queue
    never holds it; until then the stored hash is that of a token nobody knows.
    """
    invitation.email = invitation.email.strip().lower()
    invitation.token_hash = _hash_token(secrets.token_urlsafe(32))
    invitation.expires_at = timezone.now() + dt.timedelta(days=INVITATION_DAYS)
    invitation.invited_by = invited_by
    invitation.accepted_at = None
    invitation.save()
    log.info(
        "invitation sent invitation_id=%s organisation_id=%s by user_id=%s",
        invitation.pk,
        invitation.organisation_id,
        getattr(invited_by, "pk", None),
    )
    _send("invitation", to=[invitation.email], invitation_id=invitation.pk)


def invitation_new_token(invitation: Invitation) -> str:
    """A new token for the invitation's link; only its SHA-256 is stored, and any earlier
    link stops working. Called when the e-mail is built: the e-mail is the token's only copy.
    """
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def invitation_lookup(token: str) -> Invitation | None:
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_hash_token(token))
        .first()
    )


def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    password: str | None = None,
    full_name: str = "",
) -> User:
    """Use an invitation once: create the account if needed and the editor membership."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable():
            raise InvitationUnusable
        if user is None:
            if User.objects.filter(email__iexact=locked.email).exists():
                raise InvitationUnusable
            user = User.objects.create_user(
                email=locked.email, password=password, full_name=full_name.strip()
            )
        elif user.email.lower() != locked.email.lower():
            raise InvitationUnusable
        EditorMembership.objects.get_or_create(user=user, organisation_id=locked.organisation_id)
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    log.info("invitation accepted invitation_id=%s user_id=%s", locked.pk, user.pk)
    return user


# ---------------------------------------------------------------------------
# Proposed changes
# ---------------------------------------------------------------------------


def pending_values(organisation: Organisation, service: Service | None = None) -> dict:
    """What is waiting for review for one record (to pre-fill the editor's form)."""
    pending = ChangeRequest.objects.filter(
        organisation=organisation, service=service, state=ChangeRequest.State.PENDING
    ).first()
    return dict(pending.proposed) if pending else {}


def _notify_coordinators(change_request: ChangeRequest) -> None:
    _send("change_submitted", to=settings.COORDINATORS_EMAIL, change_request_id=change_request.pk)


def change_request_submit(
    *,
    user: User,
    organisation: Organisation,
    values: dict[str, Any],
    service: Service | None = None,
) -> ChangeRequest | None:
    """Propose new values for some fields of an organisation or one of its services.

    Returns the pending (or, for a trusted organisation, the accepted) ChangeRequest, or
    None when nothing differs from the live record. On a DRAFT service (not public) every
    field but `status` is written directly; publishing still goes through review.
    """
    allowed = SERVICE_FIELDS if service is not None else ORGANISATION_FIELDS
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Fields editors may not change: {sorted(unknown)}")
    values = dict(values)
    notify = False
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        target: models.Model = org
        if service is not None:
            target = Service.objects.select_for_update().get(pk=service.pk, organisation=org)
            if target.status == ServiceStatus.DRAFT:
                direct = {k: v for k, v in values.items() if k != "status"}
                if values.get("status") == ServiceStatus.RETIRED:
                    direct["status"] = ServiceStatus.RETIRED
                    ChangeRequest.objects.filter(
                        service=target, state=ChangeRequest.State.PENDING
                    ).update(state=ChangeRequest.State.WITHDRAWN)
                if direct:
                    _apply(target, direct, user=user, reason="Draft edited by an editor")
                values = {k: v for k, v in values.items() if k == "status" and k not in direct}
                if not values:
                    return None
        live = {name: live_value(target, name) for name in values}
        changed = {name: value for name, value in values.items() if value != live[name]}
        pending = (
            ChangeRequest.objects.select_for_update()
            .filter(organisation=org, service=service, state=ChangeRequest.State.PENDING)
            .first()
        )
        # Fields this form covers are decided by this submission, whatever was pending.
        kept = {k: v for k, v in (pending.proposed if pending else {}).items() if k not in values}
        kept_previous = {
            k: v for k, v in (pending.previous if pending else {}).items() if k in kept
        }

        if org.is_trusted:
            if pending is not None:
                pending.proposed, pending.previous = kept, kept_previous
                if not kept:
                    pending.state = ChangeRequest.State.WITHDRAWN
                pending.save()
            if not changed:
                return None
            _apply(target, changed, user=user, reason="Published directly (trusted organisation)")
            now = timezone.now()
            record = ChangeRequest.objects.create(
                organisation=org,
                service=service,
                submitted_by=user,
                proposed=changed,
                previous={name: live[name] for name in changed},
                decisions={
                    name: {"decision": ACCEPTED, "comment": "", "replaced": live[name]}
                    for name in changed
                },
                state=ChangeRequest.State.REVIEWED,
                reviewed_at=now,
            )
            log.info("change applied directly change_request_id=%s", record.pk)
            return record

        proposed = {**kept, **changed}
        if pending is None:
            if not proposed:
                return None
            pending = ChangeRequest(organisation=org, service=service)
            notify = True
        if not proposed:
            pending.state = ChangeRequest.State.WITHDRAWN
            pending.proposed, pending.previous = {}, {}
            pending.save()
            return None
        pending.proposed = proposed
        pending.previous = {**kept_previous, **{name: live[name] for name in changed}}
        pending.submitted_by = user
        pending.save()
    log.info("change proposed change_request_id=%s user_id=%s", pending.pk, user.pk)
    if notify:
        _notify_coordinators(pending)
    return pending


def change_request_withdraw(*, change_request: ChangeRequest, user: User) -> None:
    updated = ChangeRequest.objects.filter(
        pk=change_request.pk, state=ChangeRequest.State.PENDING
    ).update(state=ChangeRequest.State.WITHDRAWN)
    if updated:
        log.info("change withdrawn change_request_id=%s user_id=%s", change_request.pk, user.pk)


def _locked_target(change_request: ChangeRequest) -> models.Model:
    if change_request.service_id:
        return Service.objects.select_for_update().get(pk=change_request.service_id)
    return Organisation.objects.select_for_update().get(pk=change_request.organisation_id)


def change_request_review(
    *, change_request: ChangeRequest, reviewer: User, decisions: dict[str, dict]
) -> ChangeRequest:
    """Accept or return each proposed field; accepted fields go live in this transaction.

    `decisions` maps every proposed field to {"decision": "accepted"|"returned",
    "comment": str}. The value each accepted field replaced is kept in its decision
    (`replaced`), so the change can be reverted to exactly what the public saw.
    """
    with transaction.atomic():
        cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        if cr.state != ChangeRequest.State.PENDING:
            raise ReviewError(gettext("This change is no longer waiting for review."))
        if set(decisions) != set(cr.proposed):
            raise ReviewError(gettext("Decide on every proposed field."))
        clean: dict[str, dict] = {}
        for name, decision in decisions.items():
            if decision.get("decision") not in (ACCEPTED, RETURNED):
                raise ReviewError(gettext("Decide on every proposed field."))
            clean[name] = {
                "decision": decision["decision"],
                "comment": (decision.get("comment") or "").strip()[:2000],
            }
        accepted = {n: cr.proposed[n] for n, d in clean.items() if d["decision"] == ACCEPTED}
        if accepted:
            target = _locked_target(cr)
            for name in accepted:
                clean[name]["replaced"] = live_value(target, name)
            _apply(target, accepted, user=reviewer, reason=f"Change request {cr.pk} accepted")
        cr.decisions = clean
        cr.state = ChangeRequest.State.REVIEWED
        cr.reviewed_by = reviewer
        cr.reviewed_at = timezone.now()
        cr.save()
    log.info(
        "change reviewed change_request_id=%s accepted=%s returned=%s by user_id=%s",
        cr.pk,
        len(accepted),
        len(clean) - len(accepted),
        reviewer.pk,
    )
    _notify_editor(cr)
    return cr


def _notify_editor(change_request: ChangeRequest) -> None:
    submitter = change_request.submitted_by
    if submitter is None or not submitter.is_active:
        return
    _send("change_reviewed", to=[submitter.email], change_request_id=change_request.pk)


def change_request_revert(*, change_request: ChangeRequest, reviewer: User) -> ChangeRequest:
    """Put back the values that accepted fields replaced; the revert is recorded too."""
    with transaction.atomic():
        cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
        names = [
            name
            for name, d in cr.decisions.items()
            if d.get("decision") == ACCEPTED and not d.get("reverted_by")
        ]
        if cr.state != ChangeRequest.State.REVIEWED or not names:
            raise ReviewError(gettext("This change has nothing left to revert."))
        target = _locked_target(cr)
        restore = {n: cr.decisions[n].get("replaced", cr.previous.get(n)) for n in names}
        current = {n: live_value(target, n) for n in names}
        _apply(target, restore, user=reviewer, reason=f"Revert of change request {cr.pk}")
        record = ChangeRequest.objects.create(
            organisation_id=cr.organisation_id,
            service_id=cr.service_id,
            submitted_by=reviewer,
            proposed=restore,
            previous=current,
            decisions={
                n: {"decision": ACCEPTED, "comment": "", "replaced": current[n], "reverts": cr.pk}
                for n in names
            },
            state=ChangeRequest.State.REVIEWED,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
        )
        for name in names:
            cr.decisions[name]["reverted_by"] = record.pk
        cr.save(update_fields=["decisions"])
    log.info("change reverted change_request_id=%s by user_id=%s", cr.pk, reviewer.pk)
    return record


# ---------------------------------------------------------------------------
# Services, confirmation, freshness
# ---------------------------------------------------------------------------


def _unique_service_slug(name_en: str, name_el: str) -> str:
    base = latin_slug(name_en, 150) or latin_slug(name_el, 150)
    base = (base or "service")[:150].strip("-")
    slug, n = base, 2
    while Service.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def service_create(
    *, user: User, organisation: Organisation, values: dict[str, Any]
) -> tuple[Service, ChangeRequest | None]:
    """Create a service as a draft with the editor's values and ask to publish it."""
    with transaction.atomic():
        service = Service(
            organisation=organisation,
            status=ServiceStatus.DRAFT,
            slug=_unique_service_slug(values.get("name_en", ""), values.get("name_el", "")),
            last_checked=timezone.localdate(),
        )
        fields = {k: v for k, v in values.items() if k != "status"}
        _apply(service, fields, user=user, reason="Created by an editor as a draft")
        change = change_request_submit(
            user=user,
            organisation=organisation,
            service=service,
            values={"status": ServiceStatus.PUBLISHED},
        )
    return service, change


def organisation_confirm(*, organisation: Organisation, user: User) -> None:
    """“Everything is still correct”: the organisation and all its services, checked today."""
    organisation._history_user = user
    organisation._change_reason = "Confirmed as correct by an editor"
    organisation.confirm()
    log.info("organisation confirmed organisation_id=%s user_id=%s", organisation.pk, user.pk)


def freshness_remind(*, every_days: int = REMINDER_EVERY_DAYS, dry_run: bool = False) -> int:
    """E-mail the editors of published organisations not confirmed for six months.

    An organisation is reminded at most once every `every_days` days. Returns how many
    organisations were (or, with dry_run, would be) reminded.
    """
    now = timezone.now()
    due = (
        Organisation.objects.published()
        .stale()
        .filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - dt.timedelta(days=every_days))
        )
        .filter(editor_memberships__user__is_active=True)
        .distinct()
        .prefetch_related("editor_memberships__user")
    )
    count = 0
    for organisation in due:
        count += 1
        if dry_run:
            continue
        editors = [m.user.email for m in organisation.editor_memberships.all() if m.user.is_active]
        _send("freshness_reminder", to=editors, organisation_id=organisation.pk)
        # A queryset update: a reminder is not a change of the record (no history row).
        Organisation.objects.filter(pk=organisation.pk).update(reminded_at=now)
        log.info("freshness reminder sent organisation_id=%s", organisation.pk)
    return count


# ---------------------------------------------------------------------------
# Visitors' problem reports
# ---------------------------------------------------------------------------


def problem_report_submit(
    *,
    organisation: Organisation,
    service: Service | None,
    message: str,
    contact_email: str,
) -> ProblemReport:
    """Save a visitor's report and tell the coordinators and the organisation's editors.

    The notice never carries the visitor's e-mail address (it stays with the report,
    in the admin), so it cannot leak through mail logs or the console backend.
    """
    report = ProblemReport.objects.create(
        organisation=organisation,
        service=service,
        message=message,
        contact_email=contact_email,
    )
    editors = list(
        User.objects.filter(
            editor_memberships__organisation=organisation, is_active=True
        ).values_list("email", flat=True)
    )
    _send("problem_report", to=[*settings.COORDINATORS_EMAIL, *editors], report_id=report.pk)
    log.info("Problem report %s received and notice queued", report.pk)
    return report
