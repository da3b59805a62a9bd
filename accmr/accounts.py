"""Accounts: log-in and log-out, passwords, invitations, and the audit log of log-ins.

The log never holds a password, an e-mail address or an IP address in clear: a person
is named by their user id when known, otherwise by a keyed hash of what they typed.
"""

import hashlib
import hmac
import logging
import re

from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accmr.lib.forms import InvalidFormIs400Mixin, form_status
from accmr.mail import send_email
from accmr.middleware import stamp_login_time
from accmr.models import User
from members import services
from members.models import Invitation

log = logging.getLogger("accmr.accounts")


# ---------------------------------------------------------------------------
# Pseudonyms for logs and django-axes
# ---------------------------------------------------------------------------


def pseudonym(value: str | None) -> str:
    """A short keyed hash: the same input gives the same tag, the tag reveals nothing."""
    if not value:
        return "-"
    digest = hmac.new(
        settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256
    ).hexdigest()
    return digest[:12]


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The username django-axes counts failures against: the e-mail, case-folded.

    Without folding, `Editor@x.gr` and `editor@x.gr` would each get ten attempts.
    """
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    raw = (raw or "").strip().lower()
    return raw or None


_SECRET_SEGMENT = re.compile(r"/[\w-]{20,}(?=/|$)")


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its own log lines: pseudonyms, no tokens."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    path = _SECRET_SEGMENT.sub("/…", str(path_info or ""))  # invitation and reset tokens
    return f"{{account: {pseudonym(username)}, ip: {pseudonym(ip_address)}, path: {path}}}"


@receiver(user_logged_in, dispatch_uid="accmr_log_login")
def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_login_time(request)
    remember_language(user)
    log.info("login succeeded user_id=%s", user.pk)


def remember_language(user: User) -> None:
    """E-mails to this person are written in the language they logged in with (like Django's
    last_login, recorded on log-in)."""
    language = translation.get_language()
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)


@receiver(user_logged_out, dispatch_uid="accmr_log_logout")
def _on_logout(sender, request, user, **kwargs) -> None:
    log.info("logout user_id=%s", getattr(user, "pk", None))


@receiver(user_login_failed, dispatch_uid="accmr_log_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    log.warning("login failed account=%s", pseudonym(axes_username(request, credentials)))


@receiver(user_locked_out, dispatch_uid="accmr_log_lockout")
def _on_lockout(sender, request, username, ip_address, **kwargs) -> None:
    log.warning(
        "login locked out account=%s ip=%s",
        pseudonym(username),
        pseudonym(ip_address),
    )


# ---------------------------------------------------------------------------
# Log-in, log-out, passwords
# ---------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    # Our own wording: Django's Greek catalogue builds this one from the field's name and
    # gets the grammar wrong ("ένα σωστό διεύθυνση e-mail"); and e-mail addresses are not
    # case-sensitive here, only passwords are.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is not correct. Passwords are case-sensitive."
        ),
    }


class LoginView(InvalidFormIs400Mixin, auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class ResetRequestForm(PasswordResetForm):
    # Django's label is "Email", which its Greek catalogue leaves in English.
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, **kwargs) -> None:
        """Queue the e-mail and nothing else: the worker looks the address up and makes the
        single-use link (accmr/emails.py), so the page does the same work, and answers in
        the same time, whether or not the address has an account."""
        send_email("accounts.password_reset", to=[self.cleaned_data["email"]])


class PasswordResetView(InvalidFormIs400Mixin, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordChangeView(InvalidFormIs400Mixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetConfirmView(InvalidFormIs400Mixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


login_view = LoginView.as_view()
# Django's LogoutView accepts POST only (a GET answers 405), so a link cannot log anyone out.
logout_view = auth_views.LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


class InvitationPasswordForm(forms.Form):
    """A new editor's name and password; Django's validators judge the password."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("Optional. Coordinators see it next to your changes."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, email: str, *args, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _invitation_problem(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    return render(
        request, "registration/invitation_invalid.html", {"reason": reason}, status=status
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_lookup(token)
    if invitation is None or not invitation.is_usable():
        return _invitation_problem(request, invitation)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and not request.user.is_authenticated:
        messages.info(
            request,
            gettext("You already have an account. Log in to accept the invitation."),
        )
        return redirect_to_login(request.get_full_path())
    if request.user.is_authenticated and (existing is None or existing.pk != request.user.pk):
        return render(
            request,
            "registration/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )

    form = None if existing else InvitationPasswordForm(invitation.email, request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if existing:
                user = services.invitation_accept(invitation=invitation, user=existing)
            else:
                user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except services.InvitationUnusable:
            invitation.refresh_from_db()
            return _invitation_problem(request, invitation)
        messages.success(
            request,
            gettext("Welcome. You can now keep the records of {organisation} up to date.").format(
                organisation=invitation.organisation
            ),
        )
        return redirect("members:dashboard")
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=form_status(form),
    )
