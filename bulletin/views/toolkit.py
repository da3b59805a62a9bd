"""The toolkit: a searchable list of publications, a page per publication, editors' proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from accmr.cache import cache_public_page
from accmr.lib.forms import form_status
from accmr.lib.text import latin_slug, unique_slug
from bulletin import workflows
from bulletin.models import Publication
from bulletin.toolkit_forms import PublicationForm, ToolkitFilterForm
from bulletin.views.lists import render_list_page
from members.editor import access
from members.models import Language, ServiceCategory

PUBLICATIONS_PER_PAGE = 20


@require_safe
@cache_public_page
def publication_list(request: HttpRequest) -> HttpResponse:
    # Queries: themes, languages and years for the filters; the count and the page of
    # publications (with their publishers); their themes; their languages.
    published = Publication.objects.published()
    themes = list(ServiceCategory.objects.filter(parent__isnull=True))
    languages = list(Language.objects.all())
    years = list(published.order_by("-year").values_list("year", flat=True).distinct())
    form = ToolkitFilterForm(request.GET or None, themes=themes, languages=languages, years=years)
    applied = form.applied() if request.GET else {}
    publications = (
        published.filter_by(applied)
        .select_related("publisher")
        .prefetch_related("themes", "languages")
        .latest()
    )
    return render_list_page(
        request,
        "bulletin/toolkit/list.html",
        form=form,
        applied=applied,
        rows=publications,
        per_page=PUBLICATIONS_PER_PAGE,
    )


@require_safe
@cache_public_page
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(
        Publication.objects.published()
        .select_related("publisher")
        .prefetch_related("themes", "languages"),
        slug=slug,
    )
    return render(request, "bulletin/toolkit/detail.html", {"publication": publication})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_propose(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_editor(request, pk)
    form = PublicationForm(
        request.POST or None, request.FILES or None, instance=Publication(publisher=organisation)
    )
    if request.method == "POST" and form.is_valid():
        publication = form.save(commit=False)
        publication.slug = _unique_slug(publication)
        workflows.publication_propose(
            publication=publication, organisation=organisation, user=request.user
        )
        form.save_m2m()
        messages.success(
            request,
            gettext(
                "Thank you. A coordinator will review the publication before it appears in "
                "the toolkit."
            ),
        )
        return redirect("bulletin:my_calls")
    return render(
        request,
        "bulletin/toolkit/form.html",
        {"organisation": organisation, "form": form},
        status=form_status(form),
    )


def _unique_slug(publication: Publication) -> str:
    base = latin_slug(publication.title_en or publication.title_el, 120) or "publication"
    return unique_slug(Publication.objects.all(), base)
