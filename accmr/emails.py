"""The accounts' e-mails, built by the worker when they are sent (see accmr.mail)."""

from dataclasses import replace

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accmr.mail import Email, email_kind, languages_of, render_email


@email_kind("accounts.password_reset")
def password_reset(recipient: str) -> Email | None:
    """The single-use link to set a new password; nothing when the address has no active
    account with a password (the page said the same either way). Links use SITE_URL, never
    a request's Host header."""
    user = next(iter(PasswordResetForm().get_users(recipient)), None)
    if user is None:
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    email = render_email(
        "registration/password_reset",
        lambda: {"user": user, "uid": uid, "token": token},
        languages_of(user.email),
        body_template="registration/password_reset_email.txt",
    )
    # To the account's stored address, as Django's own form does: the address typed may only
    # match it case-insensitively (Unicode case folding), and the link is the account's.
    return replace(email, to=user.email)
