"""Workflows of member self-service.

Invitations, proposed changes and their review, confirmation, problem reports (the reminders
to confirm are in members.freshness).

Why one module of about 700 lines: each workflow is short, and they share the e-mail helper
and the transaction rules below; the values they move are members.changes's.
Each public function is one transaction and, where people must be told, sends the e-mail
after it commits its work.

How changes travel
------------------
An editor's form never writes to a live record. The view turns the form's cleaned data
into stored values (see members.changes) and calls `change_request_submit`, which keeps only
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
from django.utils import timezone
from django.utils.translation import gettext

from accmr.lib.text import latin_slug, unique_slug
from accmr.mail import send_email
from accmr.models import User
from members import images
from members.changes import (
    LOCATION_FIELDS,
    ORGANISATION_FIELDS,
    SERVICE_FIELDS,
    Decision,
    ReviewError,
    StoredDecision,
    apply_values,
    change_title,
    live_value,
)
from members.models import (
    ChangeRequest,
    Confirmation,
    EditorMembership,
    Invitation,
    Location,
    Organisation,
    ProblemReport,
    Service,
    ServiceStatus,
)

log = logging.getLogger("members.selfservice")

INVITATION_DAYS = 7


class InvitationUnusable(Exception):
    """The invitation was used, has expired, or does not belong to this person."""


# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------


def _send(kind: str, *, to: Iterable[str], **params) -> None:
    """Queue one e-mail per recipient; members/emails.py builds each when it is sent."""
    send_email(f"members.{kind}", to=to, **params)


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
    with transaction.atomic():
        # A new invitation replaces the waiting ones: an earlier link (forwarded, or sent to an
        # address typed wrong and corrected) stops working the moment a new one is sent.
        Invitation.objects.filter(
            email__iexact=invitation.email,
            organisation_id=invitation.organisation_id,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exclude(pk=invitation.pk).update(expires_at=timezone.now())
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


def _notify_coordinators(change_request: ChangeRequest) -> None:
    _send("change_submitted", to=settings.COORDINATORS_EMAIL, change_request_id=change_request.pk)


def change_request_submit(
    *,
    user: User,
    organisation: Organisation,
    values: dict[str, Any],
    service: Service | None = None,
    location: Location | None = None,
) -> ChangeRequest | None:
    """Propose new values for some fields of an organisation, one of its services or one of
    its locations.

    Returns the pending (or, for a trusted organisation, the accepted) ChangeRequest, or
    None when nothing differs from the live record. On a DRAFT service (not public) every
    field but `status` is written directly; publishing still goes through review.
    """
    if service is not None and location is not None:
        raise ValueError("A change concerns a service or a location, not both.")
    if service is not None:
        allowed = SERVICE_FIELDS
    elif location is not None:
        allowed = LOCATION_FIELDS
    else:
        allowed = ORGANISATION_FIELDS
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
                    apply_values(target, direct, user=user, reason="Draft edited by an editor")
                values = {k: v for k, v in values.items() if k == "status" and k not in direct}
                if not values:
                    return None
        if location is not None:
            target = Location.objects.select_for_update().get(pk=location.pk, organisation=org)
        live = {name: live_value(target, name) for name in values}
        changed = {name: value for name, value in values.items() if value != live[name]}
        pending = (
            ChangeRequest.objects.select_for_update()
            .filter(
                organisation=org,
                service=service,
                location=location,
                creates_location=False,
                state=ChangeRequest.State.PENDING,
            )
            .first()
        )
        before = dict(pending.proposed) if pending else {}
        # Fields this form covers are decided by this submission, whatever was pending.
        kept = {k: v for k, v in before.items() if k not in values}
        kept_previous = {
            k: v for k, v in (pending.previous if pending else {}).items() if k in kept
        }

        if org.is_trusted:
            if pending is not None:
                pending.proposed, pending.previous = kept, kept_previous
                if not kept:
                    pending.state = ChangeRequest.State.WITHDRAWN
                pending.save()
            _discard_dropped_logo(before, kept)
            if not changed:
                return None
            if "logo" in changed:
                changed["logo"] = images.publish_logo(changed["logo"])
            apply_values(
                target, changed, user=user, reason="Published directly (trusted organisation)"
            )
            now = timezone.now()
            record = ChangeRequest.objects.create(
                organisation=org,
                service=service,
                location=location,
                submitted_by=user,
                proposed=changed,
                previous={name: live[name] for name in changed},
                decisions={
                    name: {"decision": Decision.ACCEPTED, "comment": "", "replaced": live[name]}
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
            pending = ChangeRequest(organisation=org, service=service, location=location)
            notify = True
        _discard_dropped_logo(before, proposed)
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


def _discard_dropped_logo(before: dict[str, Any], after: dict[str, Any]) -> None:
    """A pending logo no longer proposed (replaced, or the request withdrawn) is deleted."""
    if before.get("logo") != after.get("logo"):
        images.discard_pending_logo(before.get("logo"))


def change_request_withdraw(*, change_request: ChangeRequest, user: User) -> None:
    with transaction.atomic():
        updated = ChangeRequest.objects.filter(
            pk=change_request.pk, state=ChangeRequest.State.PENDING
        ).update(state=ChangeRequest.State.WITHDRAWN)
        if updated:
            _discard_dropped_logo(change_request.proposed, {})
    if updated:
        log.info("change withdrawn change_request_id=%s user_id=%s", change_request.pk, user.pk)


def _locked_target(change_request: ChangeRequest) -> models.Model:
    if change_request.service_id:
        return Service.objects.select_for_update().get(pk=change_request.service_id)
    if change_request.location_id:
        return Location.objects.select_for_update().get(pk=change_request.location_id)
    return Organisation.objects.select_for_update().get(pk=change_request.organisation_id)


def _create_location(
    change_request: ChangeRequest, accepted: dict, decisions: dict, *, reviewer: User
) -> Location:
    """A proposed new location, made live with its accepted fields (the address at least)."""
    if "address_el" not in accepted:
        raise ReviewError(
            gettext("Accept the address to create the location, or return the whole proposal.")
        )
    location = Location(organisation_id=change_request.organisation_id)
    for name in accepted:
        decisions[name]["replaced"] = live_value(location, name)
    apply_values(
        location, accepted, user=reviewer, reason=f"Change request {change_request.pk} accepted"
    )
    return location


def location_propose(
    *, user: User, organisation: Organisation, values: dict[str, Any]
) -> ChangeRequest:
    """Propose a new location for an organisation: a coordinator creates it by accepting the
    request; a trusted organisation's location is created at once (and recorded)."""
    unknown = set(values) - set(LOCATION_FIELDS)
    if unknown:
        raise ValueError(f"Fields editors may not set: {sorted(unknown)}")
    empty = live_value(Location(organisation=organisation), "address_el")  # ""
    proposed = {k: v for k, v in values.items() if v not in (None, "", []) and v != empty}
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        change = ChangeRequest(
            organisation=org, creates_location=True, submitted_by=user, proposed=proposed
        )
        change.previous = {name: live_value(Location(organisation=org), name) for name in proposed}
        if org.is_trusted:
            location = Location(organisation=org)
            apply_values(
                location, proposed, user=user, reason="Published directly (trusted organisation)"
            )
            change.location = location
            change.state = ChangeRequest.State.REVIEWED
            change.reviewed_at = timezone.now()
            change.decisions = {
                name: {
                    "decision": Decision.ACCEPTED,
                    "comment": "",
                    "replaced": change.previous[name],
                }
                for name in proposed
            }
        change.save()
    log.info("new location proposed change_request_id=%s user_id=%s", change.pk, user.pk)
    if change.state == ChangeRequest.State.PENDING:
        _notify_coordinators(change)
    return change


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
        clean: dict[str, StoredDecision] = {}
        for name, decision in decisions.items():
            if decision.get("decision") not in (Decision.ACCEPTED, Decision.RETURNED):
                raise ReviewError(gettext("Decide on every proposed field."))
            clean[name] = {
                "decision": decision["decision"],
                "comment": (decision.get("comment") or "").strip()[:2000],
            }
        accepted = {
            n: cr.proposed[n] for n, d in clean.items() if d["decision"] == Decision.ACCEPTED
        }
        if "logo" in accepted:  # out of the private storage, to its public address
            accepted["logo"] = images.publish_logo(accepted["logo"])
            cr.proposed = {**cr.proposed, "logo": accepted["logo"]}
        elif "logo" in cr.proposed:  # returned: never published, deleted
            images.discard_pending_logo(cr.proposed["logo"])
        if accepted and cr.creates_location:
            cr.location = _create_location(cr, accepted, clean, reviewer=reviewer)
        elif accepted:
            target = _locked_target(cr)
            for name in accepted:
                clean[name]["replaced"] = live_value(target, name)
            apply_values(target, accepted, user=reviewer, reason=f"Change request {cr.pk} accepted")
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
            if d.get("decision") == Decision.ACCEPTED and not d.get("reverted_by")
        ]
        if cr.state != ChangeRequest.State.REVIEWED or not names:
            raise ReviewError(gettext("This change has nothing left to revert."))
        if cr.creates_location:
            raise ReviewError(
                gettext(
                    "A new location cannot be reverted: delete it on the organisation's page "
                    "if it should not be there."
                )
            )
        target = _locked_target(cr)
        restore = {n: cr.decisions[n].get("replaced", cr.previous.get(n)) for n in names}
        current = {n: live_value(target, n) for n in names}
        apply_values(target, restore, user=reviewer, reason=f"Revert of change request {cr.pk}")
        record = ChangeRequest.objects.create(
            organisation_id=cr.organisation_id,
            service_id=cr.service_id,
            location_id=cr.location_id,
            submitted_by=reviewer,
            proposed=restore,
            previous=current,
            decisions={
                n: {
                    "decision": Decision.ACCEPTED,
                    "comment": "",
                    "replaced": current[n],
                    "reverts": cr.pk,
                }
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
    submitter = cr.submitted_by
    if submitter is not None and submitter.is_active and submitter.pk != reviewer.pk:
        _send("change_reverted", to=[submitter.email], change_request_id=cr.pk)
    return record


# ---------------------------------------------------------------------------
# Services, confirmation, freshness
# ---------------------------------------------------------------------------


def _unique_service_slug(name_en: str, name_el: str) -> str:
    base = latin_slug(name_en, 150) or latin_slug(name_el, 150)
    return unique_slug(Service.objects.all(), base or "service")


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
        apply_values(service, fields, user=user, reason="Created by an editor as a draft")
        change = change_request_submit(
            user=user,
            organisation=organisation,
            service=service,
            values={"status": ServiceStatus.PUBLISHED},
        )
    return service, change


@dataclass
class ConfirmScope:
    """What “everything is still correct” covers now, and what it leaves to the review."""

    profile: bool  # the profile (False while a change to it waits for review)
    services: list[Service]  # the live services it marks as checked
    waiting: list[str]  # what is waiting for review and so is not marked (in words)


def confirm_scope(organisation: Organisation) -> ConfirmScope:
    pending = list(
        ChangeRequest.objects.filter(organisation=organisation, state=ChangeRequest.State.PENDING)
        .select_related("service", "location")
        .order_by("submitted_at")
    )
    waiting_services = {c.service_id for c in pending if c.service_id}
    profile_waiting = any(
        not c.service_id and not c.location_id and not c.creates_location for c in pending
    )
    services = [
        s
        for s in organisation.services.exclude(status=ServiceStatus.RETIRED).order_by("name")
        if s.pk not in waiting_services and s.status != ServiceStatus.DRAFT
    ]
    return ConfirmScope(
        profile=not profile_waiting,
        services=services,
        waiting=[change_title(c) for c in pending],
    )


def organisation_confirm(*, organisation: Organisation, user: User) -> Confirmation:
    """“Everything is still correct”: the profile and the live services, checked today, except
    what waits for review (a coordinator has not seen it yet). Recorded, so that the editor
    can undo it the same day."""
    today = timezone.localdate()
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        scope = confirm_scope(org)
        previous: dict[str, Any] = {"profile": scope.profile, "organisation": None}
        if scope.profile:
            previous["organisation"] = org.last_checked.isoformat() if org.last_checked else None
            org._history_user = user
            org._change_reason = "Confirmed as correct by an editor"
            org.last_checked = today
            org.save(update_fields=["last_checked", "search_text", "updated_at"])
        previous["services"] = {
            str(s.pk): s.last_checked.isoformat() if s.last_checked else None
            for s in scope.services
        }
        Service.objects.filter(pk__in=[s.pk for s in scope.services]).update(last_checked=today)
        confirmation = Confirmation.objects.create(
            organisation=org, confirmed_by=user, previous=previous
        )
    log.info("organisation confirmed organisation_id=%s user_id=%s", organisation.pk, user.pk)
    return confirmation


def confirmation_undo(*, confirmation: Confirmation, user: User) -> bool:
    """Put back the last-checked dates a confirmation of today replaced (only on rows still
    marked today). False when it can no longer be undone (another day, or undone already)."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = Confirmation.objects.select_for_update().get(pk=confirmation.pk)
        if not locked.can_be_undone(today):
            return False
        previous = locked.previous
        org = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
        if previous.get("profile") and org.last_checked == today:
            old = previous.get("organisation")
            org.last_checked = dt.date.fromisoformat(old) if old else None
            org._history_user = user
            org._change_reason = "Confirmation undone by an editor"
            org.save(update_fields=["last_checked", "search_text", "updated_at"])
        for pk, old in previous.get("services", {}).items():
            Service.objects.filter(pk=int(pk), last_checked=today).update(
                last_checked=dt.date.fromisoformat(old) if old else None
            )
        locked.undone_at = timezone.now()
        locked.save(update_fields=["undone_at"])
    log.info("confirmation undone confirmation_id=%s user_id=%s", locked.pk, user.pk)
    return True


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
    editors = editor_addresses(organisation.pk)
    _send("problem_report", to=[*settings.COORDINATORS_EMAIL, *editors], report_id=report.pk)
    log.info("Problem report %s received and notice queued", report.pk)
    return report


def editor_addresses(organisation_id: int) -> list[str]:
    """The e-mail addresses of an organisation's active editors, for the notices sent to them
    (here and in bulletin.workflows)."""
    return list(
        User.objects.filter(
            editor_memberships__organisation_id=organisation_id, is_active=True
        ).values_list("email", flat=True)
    )


def problem_report_forward(*, report: ProblemReport, by: User) -> int:
    """Show the report to the organisation's editors ("My organisations") and tell them by
    e-mail. Returns how many editors were told (0: the organisation has none yet)."""
    with transaction.atomic():
        locked = ProblemReport.objects.select_for_update().get(pk=report.pk)
        if locked.forwarded_at is None:
            locked.forwarded_at = timezone.now()
            locked.save(update_fields=["forwarded_at"])
    editors = editor_addresses(locked.organisation_id)
    _send("problem_report_forwarded", to=editors, report_id=locked.pk)
    log.info("problem report forwarded report_id=%s by user_id=%s", locked.pk, by.pk)
    report.forwarded_at = locked.forwarded_at
    return len(editors)


def problem_report_answer(*, report: ProblemReport, user: User, answer: str) -> None:
    """An editor's answer to a forwarded report; the coordinators (or the one it is assigned
    to) are told."""
    report.editor_answer = answer.strip()
    report.editor_answered_by = user
    report.editor_answered_at = timezone.now()
    report.save(update_fields=["editor_answer", "editor_answered_by", "editor_answered_at"])
    to = [report.assigned_to.email] if report.assigned_to_id else settings.COORDINATORS_EMAIL
    _send("problem_report_answered", to=to, report_id=report.pk)
    log.info("problem report answered report_id=%s by user_id=%s", report.pk, user.pk)


def problem_report_reply(*, report: ProblemReport, by: User, text: str) -> bool:
    """Answer the visitor by e-mail, if they left an address. The address goes to the queue
    only (never to a log); the text is kept with the report."""
    if not report.contact_email:
        return False
    report.reply = text.strip()
    report.replied_at = timezone.now()
    report.save(update_fields=["reply", "replied_at"])
    _send("problem_report_reply", to=[report.contact_email], report_id=report.pk)
    log.info("problem report answered to the visitor report_id=%s by user_id=%s", report.pk, by.pk)
    return True


def problem_report_close(*, report: ProblemReport, by: User, note: str) -> None:
    """Close with a note; the visitor's address is deleted, as the form promised."""
    report.resolved = True
    report.closing_note = note.strip()
    report.closed_at = timezone.now()
    report.closed_by = by
    report.contact_email = ""
    report.save(
        update_fields=["resolved", "closing_note", "closed_at", "closed_by", "contact_email"]
    )
    log.info("problem report closed report_id=%s by user_id=%s", report.pk, by.pk)
