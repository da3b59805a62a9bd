"""The monthly digest: each editor's choices, and a record of what was sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestPreference(models.Model):
    """An editor's language for the digest, or their choice not to receive it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(
        _("language of the digest"),
        max_length=5,
        # The member side's languages (the digest is for members).
        choices=[
            (code, name) for code, name in settings.LANGUAGES if code in settings.MEMBER_LANGUAGES
        ],
        default=settings.LANGUAGE_CODE,
    )
    opted_out = models.BooleanField(_("does not want the digest"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return str(self.user)


class DigestDelivery(models.Model):
    """One digest sent to one person for one month: running the command again skips them."""

    month = models.DateField(_("month"), help_text=_("The first day of the digest's month."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-month", "user"]
        constraints = [
            models.UniqueConstraint(fields=["month", "user"], name="bulletin_digest_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} → {self.user}"
