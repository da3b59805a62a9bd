"""Self-service: editors of an organisation, invitations to become one, and editors'
confirmations that a record is still correct."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.organisations import Organisation


class EditorMembership(models.Model):
    """A person who may edit an organisation's records (through review)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="editor_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="editor_memberships",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("editor")
        verbose_name_plural = _("editors")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_editor_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.label_for_colleagues()} → {self.organisation}"


class Invitation(models.Model):
    """A single-use, expiring invitation for a person to become an organisation's editor.

    Only a hash of the token is stored; the token itself travels in the e-mail.
    """

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and now < self.expires_at


class Confirmation(models.Model):
    """An editor's “everything is still correct”, kept so it can be undone the same day:
    `previous` holds the last-checked dates it replaced ({"organisation": "YYYY-MM-DD" or
    null, "services": {"<id>": ... }})."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    previous = models.JSONField(_("dates replaced"), default=dict)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.confirmed_at:%Y-%m-%d}"

    def can_be_undone(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.undone_at is None and timezone.localtime(self.confirmed_at).date() == today
