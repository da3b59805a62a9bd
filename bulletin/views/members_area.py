"""The Members area (/my/members/…) and the members-only contacts, for member readers only.

Member readers: coordinators and editors of ACCMR member organisations (bulletin.access). A
logged-in user who is neither gets a 403. These pages are never cached (they are for
logged-in people; accmr.cache skips them) and answer `Cache-Control: private`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accmr.lib.forms import form_status
from accmr.lib.pagination import page_of
from accmr.lib.text import MAX_QUERY_LENGTH, search_q
from bulletin.access import is_member_reader
from bulletin.digest import unsubscribe_user
from bulletin.members_forms import DigestPreferenceForm, members_info_form
from bulletin.models import (
    DigestPreference,
    OpenCall,
    OrganisationMembersInfo,
    ServiceMembersInfo,
)
from members.editor import access
from members.models import Organisation

MEMBERS_PER_PAGE = 25


def _not_a_member(request: HttpRequest) -> HttpResponse | None:
    """A page that says why, with a 403, for a logged-in user who is not a member reader."""
    if is_member_reader(request.user):
        return None
    return render(request, "bulletin/members/not_a_member.html", status=403)


@login_required
@require_safe
@cache_control(private=True)
def members_home(request: HttpRequest) -> HttpResponse:
    """Every open call, members-only ones included."""
    # Queries: membership check, the open calls with their organisations.
    if refused := _not_a_member(request):
        return refused
    calls = list(OpenCall.objects.open().select_related("organisation").order_by("closes_on"))
    return render(request, "bulletin/members/home.html", {"calls": calls})


@login_required
@require_safe
@cache_control(private=True)
def members_directory(request: HttpRequest) -> HttpResponse:
    """ACCMR's member organisations with their members-only contacts, searchable."""
    # Queries: membership check, the count, the page of organisations, their contacts.
    if refused := _not_a_member(request):
        return refused
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    organisations = Organisation.objects.published().filter(is_member=True).by_name()
    condition = search_q(query)
    if condition is not None:
        organisations = organisations.filter(condition)
    page = page_of(
        organisations.only("pk", "slug", "name_el", "name_en", "email", "phone"),
        request.GET.get("page"),
        MEMBERS_PER_PAGE,
    )
    contacts = {
        info.organisation_id: info
        for info in OrganisationMembersInfo.objects.filter(
            organisation__in=[org.pk for org in page.object_list]
        )
    }
    rows = [(org, contacts.get(org.pk)) for org in page.object_list]
    return render(
        request,
        "bulletin/members/directory.html",
        {"page_obj": page, "rows": rows, "query": query},
    )


def _members_info_edit(request, *, target, model, link_field: str, back) -> HttpResponse:
    info = model.objects.filter(**{link_field: target}).first() or model(**{link_field: target})
    form = members_info_form(model, request.POST or None, instance=info)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The contacts for members are saved."))
        return redirect(back)
    return render(
        request,
        "bulletin/members/info_form.html",
        {"target": target, "form": form, "organisation": getattr(target, "organisation", target)},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_members_info(request: HttpRequest, pk: int) -> HttpResponse:
    """Not public, so no review: the editor's own contacts for other members."""
    organisation = access.organisation_for_editor(request, pk)
    return _members_info_edit(
        request,
        target=organisation,
        model=OrganisationMembersInfo,
        link_field="organisation",
        back="members:dashboard",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_members_info(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_editor(request, pk)
    return _members_info_edit(
        request,
        target=service,
        model=ServiceMembersInfo,
        link_field="service",
        back="members:dashboard",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    preference = DigestPreference.objects.filter(user=request.user).first() or DigestPreference(
        user=request.user
    )
    form = DigestPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your digest settings are saved."))
        return redirect("bulletin:digest_settings")
    return render(
        request, "bulletin/members/digest_settings.html", {"form": form}, status=form_status(form)
    )


@csrf_exempt  # the signed token is the proof; mail providers POST it (RFC 8058) without a form
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's unsubscribe link: no log-in, a signed token for one person.

    GET shows one button (link scanners in mail systems follow GET links, so GET changes
    nothing); POST, from that button or from the mail program's one-click unsubscribe
    (List-Unsubscribe-Post), unsubscribes.
    """
    try:
        user = unsubscribe_user(token)
    except signing.BadSignature:
        return render(request, "bulletin/members/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        preference, _created = DigestPreference.objects.get_or_create(user=user)
        if not preference.opted_out:
            preference.opted_out = True
            preference.save(update_fields=["opted_out", "updated_at"])
        done = True
    return render(request, "bulletin/members/unsubscribe.html", {"done": done, "token": token})
