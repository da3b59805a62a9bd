"""Accounts: log-in and log-out, passwords, and the audit log of log-ins.

Accepting an invitation to edit an organisation is an editor's page:
members.editor.views.invitations.

The log never holds a password, an e-mail address or an IP address in clear: a person
is named by their user id when known, otherwise by a keyed hash of what they typed.
"""

import hashlib
import hmac
import logging

from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accmr.lib.forms import InvalidFormIs400Mixin
from accmr.lib.ratelimit import Limit
from accmr.lib.redact import path_for_logs
from accmr.mail import send_email
from accmr.middleware import stamp_login_time
from accmr.models import User

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


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its own log lines: pseudonyms, no tokens."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    path = path_for_logs(str(path_info or ""))  # invitation and reset tokens
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
    if language in settings.MEMBER_LANGUAGES and user.language != language:
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


# Password-reset e-mails: per client address (accmr.lib.client_ip) and per e-mail address.
RESET_PER_CLIENT = Limit("password-reset-client", count=10, seconds=60 * 60)
RESET_PER_ADDRESS = Limit("password-reset-address", count=3, seconds=60 * 60)


class PasswordResetView(InvalidFormIs400Mixin, auth_views.PasswordResetView):
    form_class = ResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        refused = self._over_the_limits(form)
        if refused is not None:
            return refused
        # form.save() queues the e-mail; accmr/emails.py builds it with SITE_URL's links.
        return super().form_valid(form)

    def _over_the_limits(self, form) -> HttpResponse | None:
        """The answer when a limit is reached (RESET_PER_CLIENT, RESET_PER_ADDRESS), or None.

        A client past its limit is told so (429): it is its own doing. An address past its
        limit gets the usual "sent" answer but no e-mail: the owner has the links already
        sent, which stay valid, and a stranger learns nothing and floods no mailbox.
        """
        if not RESET_PER_CLIENT.hit_client(self.request):
            form.add_error(
                None,
                _("We have received several requests from your connection. Please try later."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(RESET_PER_CLIENT.retry_after())
            return response
        if not RESET_PER_ADDRESS.hit(form.cleaned_data["email"].strip().lower()):
            log.info("password reset e-mail withheld: the address had enough for now")
            return redirect(self.get_success_url())
        return None


class PasswordChangeView(InvalidFormIs400Mixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetConfirmView(InvalidFormIs400Mixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The owner proved they read the account's mailbox: lift every lock-out on the account,
        # from whichever addresses someone failed to log in (the way back in after a lock-out).
        response = super().form_valid(form)
        axes_reset(username=self.user.email.strip().lower())
        log.info("login lock-outs lifted by a password reset user_id=%s", self.user.pk)
        return response


login_view = LoginView.as_view()
# Django's LogoutView accepts POST only (a GET answers 405), so a link cannot log anyone out.
logout_view = auth_views.LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
