"""The Cities Network pages (placeholder versions; the network issue builds them out)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page
from network.models import GoodPractice, Municipality


@require_safe
@cache_public_page
def index(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.published()
    return render(request, "network/index.html", {"municipalities": municipalities})


@require_safe
@cache_public_page
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.published(), slug=slug)
    return render(request, "network/municipality_detail.html", {"municipality": municipality})


@require_safe
@cache_public_page
def compare(request: HttpRequest) -> HttpResponse:
    return render(request, "network/compare.html")


@require_safe
@cache_public_page
def practice_list(request: HttpRequest) -> HttpResponse:
    practices = GoodPractice.objects.published()
    return render(request, "network/practice_list.html", {"practices": practices})


@require_safe
@cache_public_page
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(GoodPractice.objects.published(), slug=slug)
    return render(request, "network/practice_detail.html", {"practice": practice})
