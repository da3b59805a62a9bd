"""Visitors' problem reports and their follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models.organisations import Organisation
from members.models.services import Service


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved=False)

    def forwarded_to(self, user):
        """Open reports a coordinator forwarded to organisations `user` edits."""
        if not user.is_authenticated:
            return self.none()
        return self.open().filter(
            forwarded_at__isnull=False, organisation__editor_memberships__user=user
        )


class ProblemReport(models.Model):
    """A visitor's message that something on a public page is wrong; coordinators follow it
    up (assign, forward to the organisation's editors, answer the visitor, close)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="problem_reports",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_reports",
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact_email = models.EmailField(
        _("your e-mail (optional)"),
        blank=True,
        help_text=_("Only if you would like an answer. Deleted when the report is closed."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text=_("The coordinator who follows the report up."),
    )
    forwarded_at = models.DateTimeField(
        _("forwarded to the editors"),
        null=True,
        blank=True,
        help_text=_("From then on the organisation's editors see the report and can answer."),
    )
    editor_answer = models.TextField(_("the editors' answer"), blank=True, max_length=4000)
    editor_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    editor_answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reply = models.TextField(
        _("answer sent to the visitor"),
        blank=True,
        max_length=4000,
        help_text=_("Sent by e-mail to the address the visitor left."),
    )
    replied_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True, max_length=2000)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Report on {organisation}").format(organisation=self.organisation)
