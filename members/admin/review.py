"""Coordinators' side of member self-service, in the admin.

About 580 lines in one module: the review page (its form, diff and grouping helpers) is most
of it, and the editors' and invitations' admins are short and belong with it.

- Proposed changes: a queue (pending first), a review page with a field-by-field
  comparison in both languages, accept or return each field (or all at once), and an
  action that reverts accepted changes.
- Editors and invitations (an invitation is sent when it is added).
- A list of stale records (not confirmed for six months), linked from the queue.
"""

import difflib
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members import changes, images, services
from members.models import (
    OUTDATED_AFTER_DAYS,
    STALE_AFTER_DAYS,
    ChangeRequest,
    EditorMembership,
    Invitation,
    Location,
    Organisation,
    Service,
    ServiceStatus,
)

# ---------------------------------------------------------------------------
# Comparison helpers
# ---------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def inline_diff(old: str, new: str) -> tuple[str, str]:
    """Old and new text as HTML, with removed words in <del> and added words in <ins>."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 - escaped above


def _decorate(rows: list[changes.FieldChange], change_request: ChangeRequest) -> None:
    """Add what the template needs: diff HTML, logo URLs, a note when the live value moved."""
    for row in rows:
        row.previous_differs = (
            change_request.state == ChangeRequest.State.PENDING
            and row.name in change_request.previous
            and change_request.previous[row.name] != row.old
        )
        row.old_url = row.new_url = ""
        if row.is_logo:
            organisation = change_request.organisation
            row.old_url = images.pending_logo_url(organisation, row.old)
            row.new_url = images.pending_logo_url(organisation, row.new)
        if isinstance(row.old, str | type(None)) and isinstance(row.new, str) and not row.is_logo:
            row.old_html, row.new_html = inline_diff(row.old or "", row.new)
            empty = format_html('<span class="review-empty">{}</span>', gettext("(empty)"))
            row.old_html = row.old_html or empty
            row.new_html = row.new_html or empty
        else:
            row.old_html = escape(row.old_display).replace("\n", "<br>")
            row.new_html = escape(row.new_display).replace("\n", "<br>")
            row.old_html, row.new_html = mark_safe(row.old_html), mark_safe(row.new_html)  # noqa: S308


def _groups(rows: list[changes.FieldChange], change_request: ChangeRequest, live: Any) -> list:
    """Rows grouped by field, Greek and English side by side; the unchanged language too."""
    model = changes.target_model(change_request)
    groups: list[dict] = []
    by_base: dict[str, dict] = {}
    for row in rows:
        if not row.language:
            groups.append({"label": row.label, "rows": [row], "translated": False})
            continue
        group = by_base.get(row.base)
        if group is None:
            verbose = model._meta.get_field(row.base).verbose_name
            group = {"label": str(verbose).capitalize(), "translated": True, "el": None, "en": None}
            by_base[row.base] = group
            groups.append(group)
        group[row.language] = row
    names = {"el": gettext("Greek"), "en": gettext("English")}
    for base, group in by_base.items():
        group["languages"] = []
        for code in ("el", "en"):
            unchanged = ""
            if group[code] is None:
                name = f"{base}_{code}"
                unchanged = changes.display_value(model, name, changes.live_value(live, name))
            group["languages"].append((names[code], group[code], unchanged, code))
    return groups


def _draft_summary(service: Service) -> list[tuple[str, str]]:
    """Every editable field of a draft service, for reviewing a request to publish it."""
    summary = []
    for name in changes.SERVICE_FIELDS:
        if name == "status":
            continue
        value = changes.live_value(service, name)
        summary.append(
            (changes.field_label(Service, name), changes.display_value(Service, name, value))
        )
    return summary


def _live_record(change: ChangeRequest):
    """The record a change concerns; a proposed new location not created yet is compared
    with an empty one."""
    if change.service_id:
        return change.service
    if change.location_id:
        return change.location
    if change.creates_location:
        return Location(organisation=change.organisation)
    return change.organisation


class ReviewForm(forms.Form):
    """One decision (accept or return) and an optional comment per proposed field."""

    ACTIONS = ("apply", "accept_all", "return_all")

    comment_all = forms.CharField(
        label=_("Comment for the editor (used for every returned field without its own)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rows: list[changes.FieldChange], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"decision__{row.name}"] = forms.ChoiceField(
                label=gettext("Decision on “{field}”").format(field=row.label),
                choices=changes.Decision.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment__{row.name}"] = forms.CharField(
                label=gettext("Comment on “{field}”").format(field=row.label),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            row.decision_field = self[f"decision__{row.name}"]
            row.comment_field = self[f"comment__{row.name}"]

    def clean(self):
        cleaned = super().clean()
        action = self.data.get("action")
        if action not in self.ACTIONS:
            raise forms.ValidationError(_("Choose what to do with the change."))
        general = (cleaned.get("comment_all") or "").strip()
        decisions = {}
        for row in self.rows:
            if action == "accept_all":
                decision = changes.Decision.ACCEPTED
            elif action == "return_all":
                decision = changes.Decision.RETURNED
            else:
                decision = cleaned.get(f"decision__{row.name}")
            comment = (cleaned.get(f"comment__{row.name}") or "").strip()
            if not decision:
                self.add_error(f"decision__{row.name}", _("Accept or return this field."))
                continue
            if decision == changes.Decision.RETURNED:
                comment = comment or general
                if not comment:
                    self.add_error(
                        f"comment__{row.name}",
                        _("Tell the editor why this field is returned."),
                    )
            decisions[row.name] = {"decision": decision, "comment": comment}
        cleaned["decisions"] = decisions
        return cleaned


# ---------------------------------------------------------------------------
# Proposed changes
# ---------------------------------------------------------------------------


class StateFilter(admin.SimpleListFilter):
    """Pending changes by default: the changelist is the coordinators' queue."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*ChangeRequest.State.choices, ("all", _("All"))]

    def value(self):
        return super().value() or ChangeRequest.State.PENDING

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(state=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class TrustedFilter(admin.SimpleListFilter):
    title = _("published directly")
    parameter_name = "direct"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes (trusted organisation)")), ("no", _("No (reviewed)"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(reviewed_by__isnull=True, state=ChangeRequest.State.REVIEWED)
        if self.value() == "no":
            return queryset.exclude(reviewed_by__isnull=True)
        return queryset


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "target",
        "organisation",
        "fields_summary",
        "proposed_by",
        "submitted_at",
        "state",
        "outcome",
        "decided_by",
    )
    list_display_links = ("id", "target")
    list_filter = (StateFilter, TrustedFilter, "submitted_at")
    list_select_related = ("organisation", "service", "location", "submitted_by", "reviewed_by")
    search_fields = ("organisation__name_el", "organisation__name_en", "service__name_el")
    date_hierarchy = "submitted_at"
    actions = ["revert_accepted"]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # editors propose changes from their own pages

    def changelist_view(self, request, extra_context=None):
        # The queue's own name, not Django's "Select proposed change to change".
        title = capfirst(str(self.opts.verbose_name_plural))
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the record of who changed what stays; a revert is a change too

    @staticmethod
    def _person(user) -> str:
        # The column may wrap inside an address (static/css/review.css): the queue fits 1280 px.
        return user.label_for_colleagues() if user is not None else "—"

    @admin.display(description=_("submitted by"), ordering="submitted_by__email")
    def proposed_by(self, obj: ChangeRequest) -> str:
        return self._person(obj.submitted_by)

    @admin.display(description=_("reviewed by"), ordering="reviewed_by__email")
    def decided_by(self, obj: ChangeRequest) -> str:
        return self._person(obj.reviewed_by)

    @admin.display(description=_("record"))
    def target(self, obj: ChangeRequest) -> str:
        return changes.change_title(obj)

    @admin.display(description=_("fields"))
    def fields_summary(self, obj: ChangeRequest) -> str:
        model = changes.target_model(obj)
        return ", ".join(changes.field_label(model, name) for name in obj.proposed)

    @admin.display(description=_("outcome"))
    def outcome(self, obj: ChangeRequest) -> str:
        if obj.state != ChangeRequest.State.REVIEWED:
            return "—"
        decisions = [d.get("decision") for d in obj.decisions.values()]
        accepted = decisions.count(changes.Decision.ACCEPTED)
        reverted = sum(1 for d in obj.decisions.values() if d.get("reverted_by"))
        text = gettext("{accepted} accepted, {returned} returned").format(
            accepted=accepted, returned=len(decisions) - accepted
        )
        if reverted:
            text += " · " + gettext("{count} reverted").format(count=reverted)
        return text

    @admin.action(description=_("Revert the accepted fields of the selected changes"))
    def revert_accepted(self, request: HttpRequest, queryset) -> None:
        if not self.has_change_permission(request):
            raise PermissionDenied
        done, failed = 0, 0
        for change in queryset.order_by("-reviewed_at"):
            try:
                services.change_request_revert(change_request=change, reviewer=request.user)
                done += 1
            except changes.ReviewError:
                failed += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d change was reverted.", "%(count)d changes were reverted.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d change had nothing to revert (not reviewed, nothing accepted, "
                    "or already reverted).",
                    "%(count)d changes had nothing to revert (not reviewed, nothing accepted, "
                    "or already reverted).",
                    failed,
                )
                % {"count": failed},
                messages.WARNING,
            )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "stale/",
                self.admin_site.admin_view(self.stale_view),
                name="{}_{}_stale".format(*info),
            ),
            path(
                "<path:object_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    # -- the review page -------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        live = _live_record(change)
        pending = change.state == ChangeRequest.State.PENDING
        old = {n: changes.live_value(live, n) for n in change.proposed} if pending else None
        rows = changes.describe_change(change, old=old)
        _decorate(rows, change)
        can_review = pending and self.has_change_permission(request, change)
        form = ReviewForm(request.POST or None, rows=rows) if can_review else None
        if request.method == "POST":
            if form is None:
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.change_request_review(
                        change_request=change,
                        reviewer=request.user,
                        decisions=form.cleaned_data["decisions"],
                    )
                except changes.ReviewError as error:
                    form.add_error(None, str(error))
                else:
                    self.message_user(
                        request,
                        gettext("The decisions are saved and the editor was told by e-mail."),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:members_changerequest_changelist"))
        is_new_service = (
            change.service_id is not None
            and change.service.status == ServiceStatus.DRAFT
            and "status" in change.proposed
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Review proposed change #{number}").format(number=change.pk),
            "subtitle": changes.change_title(change),
            "change_request": change,
            "groups": _groups(rows, change, live),
            "form": form,
            "can_revert": self.has_change_permission(request, change)
            and any(r.decision == changes.Decision.ACCEPTED and not r.reverted for r in rows),
            "draft_summary": _draft_summary(change.service) if is_new_service else None,
            "reverts": {d.get("reverts") for d in change.decisions.values() if d.get("reverts")},
            "live": live,
        }
        return TemplateResponse(request, "admin/members/changerequest/review.html", context)

    def revert_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST only: put back what the accepted fields of one change replaced."""
        change = get_object_or_404(ChangeRequest, pk=unquote(object_id))
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:members_changerequest_change", args=[change.pk])
            )
        if not self.has_change_permission(request, change):
            raise PermissionDenied
        try:
            record = services.change_request_revert(change_request=change, reviewer=request.user)
        except changes.ReviewError as error:
            self.message_user(request, str(error), messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:members_changerequest_change", args=[change.pk])
            )
        self.message_user(
            request,
            gettext(
                "The accepted fields are back to their earlier values (change #{number})."
            ).format(number=record.pk),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:members_changerequest_change", args=[record.pk]))

    # -- stale records ---------------------------------------------------------------

    def stale_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        organisations = (
            Organisation.objects.stale(today)
            .select_related("type")
            .annotate(
                editor_count=Count("editor_memberships", distinct=True),
                pending_count=Count(
                    "change_requests",
                    filter=Q(change_requests__state=ChangeRequest.State.PENDING),
                    distinct=True,
                ),
            )
            .order_by(F("last_checked").asc(nulls_first=True), "name")
        )
        rows = [
            {
                "organisation": org,
                "days": (today - org.last_checked).days if org.last_checked else None,
                "outdated": org.is_outdated(today),
            }
            for org in organisations
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Stale records"),
            "rows": rows,
            "stale_days": STALE_AFTER_DAYS,
            "outdated_days": OUTDATED_AFTER_DAYS,
        }
        return TemplateResponse(request, "admin/members/changerequest/stale.html", context)


# ---------------------------------------------------------------------------
# Editors and invitations
# ---------------------------------------------------------------------------


@admin.register(EditorMembership)
class EditorMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "created_at")
    list_select_related = ("user", "organisation")
    search_fields = ("user__email", "organisation__name_el", "organisation__name_en")
    list_filter = ("created_at",)


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email, organisation = cleaned.get("email"), cleaned.get("organisation")
        if (
            email
            and organisation
            and EditorMembership.objects.filter(
                user__email__iexact=email, organisation=organisation
            ).exists()
        ):
            raise forms.ValidationError(_("This person already edits this organisation."))
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "invited_by", "created_at", "expires_at", "state")
    list_select_related = ("organisation", "invited_by")
    search_fields = ("email", "organisation__name_el", "organisation__name_en")
    list_filter = ("created_at", "accepted_at")
    actions = ["send_again"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "organisation"]
        return ["email", "organisation", "invited_by", "created_at", "expires_at", "accepted_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.get_fields(request, obj)

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return gettext("Accepted")
        if obj.is_usable():
            return gettext("Waiting")
        return gettext("Expired")

    def save_model(self, request, obj, form, change):
        if change:
            return  # an invitation is never edited; send a new one instead
        services.invitation_send(invitation=obj, invited_by=request.user)

    @admin.action(description=_("Send a new invitation to the selected people"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = 0
        for invitation in queryset.filter(accepted_at__isnull=True):
            services.invitation_send(
                invitation=Invitation(
                    email=invitation.email, organisation_id=invitation.organisation_id
                ),
                invited_by=request.user,
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d new invitation was sent.", "%(count)d new invitations were sent.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
