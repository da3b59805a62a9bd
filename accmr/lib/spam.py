"""Spam resistance for the public forms anyone may send, without a third-party captcha.

- a honeypot field people do not see (robots fill it in);
- a signed start time: a form sent within seconds of being shown, or shown too long ago, or
  shown for another record, is refused;
- a per-client rate limit in the view (accmr.lib.ratelimit.Limit).

Used by the "report a problem" form (members) and the answers to open calls (bulletin).
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _


class SpamGuardForm(forms.Form):
    """Base for a public form: subclasses set SALT and call `guard(scope)` in __init__.

    `scope` ties the signed start time to one record (an organisation, a call), so a token
    taken from one page cannot be replayed on another.
    """

    MIN_SECONDS = 3
    MAX_AGE_SECONDS = 60 * 60 * 12
    SALT = ""
    HONEYPOT = "nickname"

    nickname = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=100
    )  # the honeypot
    started = forms.CharField(widget=forms.HiddenInput)

    def guard(self, scope) -> None:
        self._scope = scope
        self.fields[self.HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        # A fresh token on every rendering, so a re-shown form can be sent again.
        self.token = signing.dumps({"o": scope, "t": int(time.time())}, salt=self.SALT)

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.HONEYPOT, "").strip())

    def clean_started(self):
        try:
            payload = signing.loads(
                self.cleaned_data["started"], salt=self.SALT, max_age=self.MAX_AGE_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open for a long time. Please check your message and send it again.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("We could not check the form. Please send it again.")
            ) from None
        if not isinstance(payload, dict) or payload.get("o") != self._scope:
            raise forms.ValidationError(_("We could not check the form. Please send it again."))
        if time.time() - payload.get("t", 0) < self.MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your message and send it again.")
            )
        return payload
