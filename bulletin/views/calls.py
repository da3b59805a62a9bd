"""Open calls: the public list and pages, the answer form, and the editors' pages under /my/.

Access control lives in the querysets: a members-only call is found only for member readers
(OpenCallQuerySet.visible_to), an editor's call only among their organisations' calls
(`for_editor`); anything else is a 404 that says nothing about whether the call exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from accmr.cache import cache_public_page
from accmr.lib.forms import form_status
from accmr.lib.ratelimit import Limit
from bulletin import workflows
from bulletin.calls_forms import AnswerForm, CallFilterForm, CallForm, CloseCallForm
from bulletin.models import CallAnswer, OpenCall, Publication
from bulletin.views.lists import render_list_page
from members.editor import access
from members.models import Organisation

CALLS_PER_PAGE = 20
# Answers per client address (accmr.lib.client_ip) and hour.
ANSWER_LIMIT = Limit("call-answer", count=5, seconds=60 * 60)


def _visible_call(request: HttpRequest, pk: int) -> OpenCall:
    """A published or closed call the visitor may read (never a pending or returned one)."""
    calls = (
        OpenCall.objects.visible_to(request.user)
        .exclude(state__in=[OpenCall.State.PENDING, OpenCall.State.RETURNED])
        .select_related("organisation")
    )
    return get_object_or_404(calls, pk=pk)


@require_safe
@cache_public_page
def call_list(request: HttpRequest) -> HttpResponse:
    # Queries: the count and the page of calls with their organisations (a join).
    form = CallFilterForm(request.GET or None)
    applied = form.applied() if request.GET else {}
    calls = OpenCall.objects.open().public().filter_by(applied).select_related("organisation")
    return render_list_page(
        request,
        "bulletin/calls/list.html",
        form=form,
        applied=applied,
        rows=calls.order_by("closes_on", "pk"),
        per_page=CALLS_PER_PAGE,
    )


@require_safe
@cache_public_page
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _visible_call(request, pk)
    return render(request, "bulletin/calls/detail.html", {"call": call})


@require_http_methods(["GET", "HEAD", "POST"])
def call_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer form: a page of its own, so the call's page can be cached."""
    call = _visible_call(request, pk)
    if not call.is_open():
        messages.info(request, gettext("This call is closed and takes no more answers."))
        return redirect(call)
    form = AnswerForm(request.POST if request.method == "POST" else None, call=call)
    status = 200
    if request.method == "POST":
        thanks = gettext(
            "Thank you. Your answer was sent to the organisation, who will reply to your e-mail."
        )
        if ANSWER_LIMIT.client_exhausted(request):
            status = 429
            form.add_error(
                None,
                gettext("We have received several answers from your connection. Please try later."),
            )
        elif form.honeypot_filled():
            ANSWER_LIMIT.hit_client(request)  # most likely a robot: tell it nothing, keep nothing
            messages.success(request, thanks)
            return redirect(call)
        elif form.is_valid():
            ANSWER_LIMIT.hit_client(request)
            values = {k: form.cleaned_data[k] for k in AnswerForm.Meta.fields}
            workflows.answer_submit(call=call, values=values)
            messages.success(request, thanks)
            return redirect(call)
        else:
            status = 400
    return render(
        request, "bulletin/calls/answer.html", {"call": call, "form": form}, status=status
    )


# ---------------------------------------------------------------------------
# The editors' pages
# ---------------------------------------------------------------------------


@login_required
@require_safe
def my_calls(request: HttpRequest) -> HttpResponse:
    """The calls of the editor's organisations, with the answers they received."""
    # Queries: organisations, their calls (with answer counts), the answers, the publications
    # they proposed.
    organisations = list(Organisation.objects.for_editor(request.user).order_by("name"))
    calls = list(
        OpenCall.objects.filter(organisation__in=organisations)
        .annotate(answer_count=Count("answers"))
        .prefetch_related(Prefetch("answers", queryset=CallAnswer.objects.order_by("-created_at")))
        .order_by("-created_at", "-pk")
    )
    by_organisation = {org.pk: [] for org in organisations}
    for call in calls:
        by_organisation[call.organisation_id].append(call)
    proposals = {org.pk: [] for org in organisations}
    for publication in (
        Publication.objects.filter(publisher__in=organisations)
        .exclude(proposed_by=None)
        .order_by("-created_at")
    ):
        proposals[publication.publisher_id].append(publication)
    cards = [
        {"organisation": org, "calls": by_organisation[org.pk], "publications": proposals[org.pk]}
        for org in organisations
    ]
    return render(request, "bulletin/calls/my_calls.html", {"cards": cards})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_editor(request, pk)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = workflows.call_submit(
            call=form.save(commit=False), organisation=organisation, user=request.user
        )
        if call.state == OpenCall.State.OPEN:
            messages.success(request, gettext("Your call is published."))
        else:
            messages.success(
                request,
                gettext(
                    "Thank you. Your call was sent for review; it is published when a "
                    "coordinator approves it."
                ),
            )
        return redirect("bulletin:my_calls")
    return render(
        request,
        "bulletin/calls/form.html",
        {"organisation": organisation, "form": form},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(
        OpenCall.objects.for_editor(request.user).select_related("organisation"), pk=pk
    )
    if call.state in OpenCall.CLOSED_STATES:
        messages.info(request, gettext("This call is already closed."))
        return redirect("bulletin:my_calls")
    form = CloseCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflows.call_close(call=call, state=form.cleaned_data["state"])
        messages.success(request, gettext("The call is closed."))
        return redirect("bulletin:my_calls")
    return render(
        request,
        "bulletin/calls/close.html",
        {"call": call, "organisation": call.organisation, "form": form},
        status=form_status(form),
    )
