"""Forms of the open calls: posting, closing early, answering, and the public list's filters."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accmr.lib.spam import SpamGuardForm
from bulletin.models import CallAnswer, OpenCall
from bulletin.models.calls import MAX_DAYS_OPEN


class CallForm(forms.ModelForm):
    """An editor's call: the description in Greek, English or both; closing within 90 days."""

    class Meta:
        model = OpenCall
        fields = [
            "direction",
            "kind",
            "title_el",
            "title_en",
            "description_el",
            "description_en",
            "closes_on",
            "visibility",
        ]
        widgets = {
            "direction": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description_el": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
            "description_en": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
        }
        labels = {
            "title_el": _("Title in Greek"),
            "title_en": _("Title in English"),
            "description_el": _("Description in Greek"),
            "description_en": _("Description in English"),
        }
        help_texts = {
            "description_el": _("What is needed or offered, how much, where and when."),
            "visibility": _(
                "Members only: shown to logged-in editors of ACCMR members and to coordinators."
            ),
        }

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        latest = self.today + dt.timedelta(days=MAX_DAYS_OPEN)
        self.fields["closes_on"].widget.attrs.update(
            {"min": self.today.isoformat(), "max": latest.isoformat()}
        )
        self.fields["direction"].choices = OpenCall.Direction.choices
        self.fields["visibility"].choices = OpenCall.Visibility.choices

    def clean_closes_on(self) -> dt.date:
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < self.today:
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        if closes_on > self.today + dt.timedelta(days=MAX_DAYS_OPEN):
            raise forms.ValidationError(
                _("The closing date can be at most %(days)s days from today."),
                params={"days": MAX_DAYS_OPEN},
            )
        return closes_on

    def clean(self):
        cleaned = super().clean()
        for field, message in (
            ("title", _("Give a title in Greek or in English (or both).")),
            ("description", _("Give a description in Greek or in English (or both).")),
        ):
            if not (cleaned.get(f"{field}_el") or cleaned.get(f"{field}_en")):
                self.add_error(f"{field}_el", message)
        return cleaned


class CloseCallForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Why are you closing the call?"),
        choices=[
            (OpenCall.State.FULFILLED, _("Fulfilled: we found what we needed, or gave it")),
            (OpenCall.State.WITHDRAWN, _("Withdrawn: it is no longer needed")),
        ],
        widget=forms.RadioSelect,
    )


class AnswerForm(SpamGuardForm, forms.ModelForm):
    """Anyone who can see a call answers it (spam resistance: accmr.lib.spam)."""

    SALT = "bulletin.call-answer"

    class Meta:
        model = CallAnswer
        fields = ["name", "organisation_name", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 3000})}

    def __init__(self, *args, call: OpenCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = 3000
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.guard(call.pk)


class CallFilterForm(forms.Form):
    """The public list's query string; a value it does not know is dropped and explained."""

    direction = forms.ChoiceField(
        label=_("Request or offer"),
        required=False,
        choices=[("", _("Both"))] + list(OpenCall.Direction.choices),
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        required=False,
        choices=[("", _("Any"))] + list(OpenCall.Kind.choices),
    )

    def applied(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
