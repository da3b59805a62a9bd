"""Editors' proposed changes (the values are described and applied in members.changes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models.organisations import Location, Organisation
from members.models.services import Service


class ChangeRequest(models.Model):
    """An editor's proposed change to an organisation or one of its services.

    `proposed` and `previous` map field names to stored (JSON-safe) values; `decisions` maps
    field names to a members.changes.StoredDecision.
    The live record is untouched until a coordinator accepts fields.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending review")
        REVIEWED = "reviewed", _("Reviewed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Empty when the change concerns the organisation's own profile."),
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Set when the change concerns one of the organisation's locations."),
    )
    creates_location = models.BooleanField(
        _("new location"),
        default=False,
        help_text=_("The editor proposes a new location; it is created when accepted."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="change_requests",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    proposed = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values when proposed"), default=dict)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=True)
                | Q(location__isnull=True, creates_location=False),
                name="change_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.service or self.location or self.organisation
        return f"{target} ({self.get_state_display()})"
