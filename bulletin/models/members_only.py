"""What only members read: direct contacts for referrals between organisations.

Kept here, one-to-one with members' records and with no reverse accessor (`related_name="+"`),
so the directory's serialisers, JSON-LD, API, open-data files, sitemap and search cannot
reach these fields: they do not know they exist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Service


class MembersOnlyContact(models.Model):
    referral_phone = models.CharField(_("direct phone for referrals"), max_length=40, blank=True)
    referral_email = models.EmailField(_("direct e-mail for referrals"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    referral_notes = models.TextField(
        _("how to refer someone"),
        max_length=2000,
        blank=True,
        help_text=_("What to send, whom to call, what to expect: for other members only."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def is_empty(self) -> bool:
        return not (
            self.referral_phone
            or self.referral_email
            or self.contact_person
            or self.referral_notes_el
            or self.referral_notes_en
        )


class OrganisationMembersInfo(MembersOnlyContact):
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation's contacts for members")
        verbose_name_plural = _("organisations' contacts for members")

    def __str__(self) -> str:
        return str(self.organisation)


class ServiceMembersInfo(MembersOnlyContact):
    service = models.OneToOneField(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service's contacts for members")
        verbose_name_plural = _("services' contacts for members")

    def __str__(self) -> str:
        return str(self.service)
