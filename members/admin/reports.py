"""Visitors' problem reports in the back office, and their follow-up.

A coordinator assigns a report (to themself or a colleague), forwards it to the
organisation's editors (who see it under "My organisations" and answer there), answers the
visitor by e-mail when they left an address (the address goes to the e-mail queue only,
never to a log), and closes the report with a note (the address is then deleted).
"""

import copy
import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members import services
from members.models import ProblemReport


class AgeFilter(admin.SimpleListFilter):
    """The ages the coordinators' dashboard counts open reports by."""

    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("new", _("Less than 7 days")),
            ("month", _("7 to 30 days")),
            ("old", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
        week_ago, month_ago = start - dt.timedelta(days=6), start - dt.timedelta(days=30)
        conditions = {
            "new": Q(created_at__gte=week_ago),
            "month": Q(created_at__lt=week_ago, created_at__gte=month_ago),
            "old": Q(created_at__lt=month_ago),
        }
        condition = conditions.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class ForwardedFilter(admin.SimpleListFilter):
    title = _("forwarded to the editors")
    parameter_name = "forwarded"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No")), ("answered", _("Answered by the editors"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(forwarded_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(forwarded_at__isnull=True)
        if self.value() == "answered":
            return queryset.exclude(editor_answer="")
        return queryset


class ProblemReportForm(forms.ModelForm):
    """The follow-up: assignment and closing note are fields of the report; forwarding,
    answering and closing are steps (members.services) taken when the form is saved."""

    forward = forms.BooleanField(
        label=_("Forward to the organisation's editors"),
        required=False,
        help_text=_("They see the report under “My organisations”, get an e-mail, and can answer."),
    )
    answer_visitor = forms.CharField(
        label=_("Answer the visitor by e-mail"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the address the visitor left, in Greek and English headings."),
    )
    close = forms.BooleanField(
        label=_("Close the report"),
        required=False,
        help_text=_("The visitor's e-mail address is deleted when the report is closed."),
    )

    class Meta:
        model = ProblemReport
        fields = ["assigned_to", "closing_note"]
        widgets = {"closing_note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer_visitor", "").strip() and not self.instance.contact_email:
            self.add_error(
                "answer_visitor",
                _("The visitor left no e-mail address: there is no one to answer."),
            )
        if cleaned.get("close") and not (cleaned.get("closing_note") or "").strip():
            self.add_error("closing_note", _("Write a short note on how the report was closed."))
        return cleaned


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    form = ProblemReportForm
    list_display = (
        "created_at",
        "organisation",
        "service",
        "summary",
        "assigned_to",
        "follow_up",
        "resolved",
    )
    list_filter = ("resolved", AgeFilter, ForwardedFilter, "assigned_to")
    list_select_related = ("organisation", "service", "assigned_to")
    search_fields = ("message", "organisation__name_el", "organisation__name_en")
    readonly_fields = (
        "organisation",
        "service",
        "message",
        "visitor_address",
        "created_at",
        "forwarded_at",
        "editor_answer",
        "editor_answered_by",
        "editor_answered_at",
        "reply",
        "replied_at",
        "closed_at",
        "closed_by",
    )
    actions = ["assign_to_me", "forward_to_editors", "mark_resolved"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def get_fieldsets(self, request, obj=None):
        report = (None, {"fields": ("organisation", "service", "message", "visitor_address")})
        follow = (
            _("Follow-up"),
            {"fields": ("assigned_to", "forward", "forwarded_at")},
        )
        editors = (
            _("The editors' answer"),
            {"fields": ("editor_answer", "editor_answered_by", "editor_answered_at")},
        )
        visitor = (
            _("Answer to the visitor"),
            {"fields": ("answer_visitor", "reply", "replied_at")},
        )
        closing = (_("Closing"), {"fields": ("close", "closing_note", "closed_at", "closed_by")})
        return [report, follow, editors, visitor, closing]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.resolved:
            return (*self.readonly_fields, "assigned_to", "closing_note")
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "assigned_to" in form.base_fields:
            form.base_fields["assigned_to"].queryset = form.base_fields[
                "assigned_to"
            ].queryset.filter(is_staff=True, is_active=True)
        if obj is not None and obj.resolved:
            for name in ("forward", "answer_visitor", "close"):
                # A copy: the declared field is shared by every form class made from this one,
                # so disabling it in place would disable it for every later report too.
                field = copy.deepcopy(form.base_fields[name])
                field.disabled = True
                form.base_fields[name] = field
        return form

    @admin.display(description=_("the visitor's e-mail"))
    def visitor_address(self, obj: ProblemReport) -> str:
        # Shown to coordinators (they may need to write from their own mailbox); it never
        # appears in a log or a notice.
        return obj.contact_email or gettext("None left")

    @admin.display(description=_("what is wrong"))
    def summary(self, obj):
        text = obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"
        return format_html("{}", text)

    @admin.display(description=_("follow-up"))
    def follow_up(self, obj: ProblemReport) -> str:
        steps = []
        if obj.forwarded_at:
            steps.append(gettext("forwarded"))
        if obj.editor_answer:
            steps.append(gettext("editors answered"))
        if obj.replied_at:
            steps.append(gettext("visitor answered"))
        return ", ".join(steps) or "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        if data.get("forward"):
            told = services.problem_report_forward(report=obj, by=request.user)
            self._forwarded_message(request, told)
        answer = (data.get("answer_visitor") or "").strip()
        if answer and services.problem_report_reply(report=obj, by=request.user, text=answer):
            self.message_user(request, gettext("The answer to the visitor was sent."))
        if data.get("close"):
            services.problem_report_close(report=obj, by=request.user, note=data["closing_note"])
            self.message_user(request, gettext("The report is closed."))

    def _forwarded_message(self, request, told: int) -> None:
        if told:
            self.message_user(
                request,
                ngettext(
                    "Forwarded to the organisation's editor.",
                    "Forwarded to the organisation's %(count)d editors.",
                    told,
                )
                % {"count": told},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "The organisation has no editor yet: invite one, or follow the report up "
                    "yourself."
                ),
                messages.WARNING,
            )

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.filter(resolved=False).update(assigned_to=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d report assigned to you.", "%(count)d reports assigned to you.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Forward to the organisations' editors"), permissions=["change"])
    def forward_to_editors(self, request, queryset):
        told = 0
        reports = list(queryset.filter(resolved=False))
        for report in reports:
            told += services.problem_report_forward(report=report, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d report forwarded.", "%(count)d reports forwarded.", len(reports))
            % {"count": len(reports)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Mark as resolved (deletes the visitor's e-mail)"), permissions=["change"]
    )
    def mark_resolved(self, request, queryset):
        count = queryset.update(
            resolved=True, contact_email="", closed_at=timezone.now(), closed_by=request.user
        )
        self.message_user(
            request,
            ngettext("%(count)d report resolved.", "%(count)d reports resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )
