"""Forms of the members-only tier: contacts for referrals, the digest's settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bulletin.models import DigestPreference, OrganisationMembersInfo

MEMBERS_INFO_FIELDS = [
    "contact_person",
    "referral_phone",
    "referral_email",
    "referral_notes_el",
    "referral_notes_en",
]


class MembersInfoForm(forms.ModelForm):
    """The same fields for an organisation and a service (the model is passed in)."""

    class Meta:
        model = OrganisationMembersInfo
        fields = MEMBERS_INFO_FIELDS
        widgets = {
            "referral_notes_el": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "referral_notes_en": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        labels = {
            "referral_notes_el": _("How to refer someone (Greek)"),
            "referral_notes_en": _("How to refer someone (English)"),
        }


def members_info_form(model, *args, **kwargs) -> MembersInfoForm:
    form_class = forms.modelform_factory(
        model,
        form=MembersInfoForm,
        fields=MEMBERS_INFO_FIELDS,
        widgets=MembersInfoForm.Meta.widgets,
        labels=MembersInfoForm.Meta.labels,
    )
    return form_class(*args, **kwargs)


class DigestPreferenceForm(forms.ModelForm):
    receive = forms.BooleanField(
        label=_("Send me the monthly digest"),
        required=False,
        help_text=_(
            "On the first working day of each month: new members, activities, open calls, "
            "publications and news."
        ),
    )

    class Meta:
        model = DigestPreference
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receive"].initial = not self.instance.opted_out
        self.order_fields(["receive", "language"])

    def save(self, commit: bool = True) -> DigestPreference:
        self.instance.opted_out = not self.cleaned_data["receive"]
        return super().save(commit)
