"""Accepting an invitation (/<lang>/account/invitation/<token>/): the invited person sets
a password and becomes the organisation's editor."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accmr.lib.forms import form_status
from accmr.models import User
from members import services
from members.editor.forms import InvitationPasswordForm
from members.models import Invitation


def _invitation_problem(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    else:
        reason, status = "expired", 410
    return render(
        request, "members/editor/invitation_invalid.html", {"reason": reason}, status=status
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
            "members/editor/invitation_other_account.html",
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
        "members/editor/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=form_status(form),
    )
