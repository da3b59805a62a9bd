"""Two-factor authentication for staff: the admin login form, enrolment and recovery codes.

A staff account proves itself with its password and a code: the six digits an
authenticator app shows (TOTP, django_otp.plugins.otp_totp), or one of ten single-use
recovery codes (django_otp.plugins.otp_static). When `settings.OTP_REQUIRED_FOR_STAFF` is
true the admin site admits only sessions verified that way (see accmr.admin_site).

Enrolment: a staff account with no confirmed device may log in with its password alone; the
admin then sends it to `/admin/two-factor/setup/`, the only admin page it can open, which
shows a QR code and the secret as text, and confirms the app with one code. Replacing the
app later needs a verified session; a lost phone is handled by a superuser deleting the
account's devices (Django admin, "TOTP devices"), after which the person enrols again.
"""

import base64
import re
import secrets

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accmr.lib.qr import qr_data_uri

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_SEPARATORS = re.compile(r"[\s\-]")


def otp_required() -> bool:
    return bool(getattr(settings, "OTP_REQUIRED_FOR_STAFF", True))


def needs_enrolment(user) -> bool:
    """No authenticator app and no unused recovery code: the account may only enrol."""
    return not (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def normalise_code(code: str) -> str:
    return _SEPARATORS.sub("", code or "").lower()


def verify_code(user, code: str):
    """The confirmed device that accepts `code` (consuming a recovery code), or None.

    Six digits are tried against the authenticator app, anything else against the recovery
    codes, so a mistyped code never counts as a failure against the other device.
    """
    code = normalise_code(code)
    if re.fullmatch(r"\d{6}", code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                return device
    return None


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with ten fresh ones and return them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(10)) for _ in range(10)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [format_recovery_code(c) for c in codes]


def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed app device being set up (kept, so reloading shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm_app_device(request, device: TOTPDevice) -> list[str]:
    """Make `device` the account's only app, verify this session and issue recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, drawn here (no other host sees the secret)."""
    return qr_data_uri(text, box_size=12)


def secret_for_humans(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class OTPAdminLoginForm(AdminAuthenticationForm):
    """The admin login: e-mail, password and, once enrolled, a code."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
        help_text=_(
            "The six digits your authenticator app shows, or one of your recovery codes. "
            "Leave it empty only the first time, before you have set up an app."
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the code from your authenticator app or a recovery code."),
        "code_invalid": _(
            "That code is not right or has expired. Codes change every 30 seconds; a "
            "recovery code works only once."
        ),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not otp_required() and not cleaned.get("otp_token"):
            return cleaned
        if needs_enrolment(user):
            return cleaned  # first login: the admin sends the account to enrolment
        token = cleaned.get("otp_token", "")
        if not token:
            raise forms.ValidationError(self.error_messages["code_required"], code="code")
        device = verify_code(user, token)
        if device is None:
            # Counted by django-axes like a wrong password, so guessing codes locks out too.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["code_invalid"], code="code")
        user.otp_device = device  # django_otp marks the session verified on login
        return cleaned


class ConfirmAppForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = normalise_code(self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token) or not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "That code does not match. Check that the phone's clock is right and type "
                    "the six digits the app shows now."
                )
            )
        return token
