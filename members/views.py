"""Public directory pages (placeholder versions; the directory issue builds them out)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page
from members.models import Organisation, Service


@require_safe
@cache_public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.published().select_related("type")[:50]
    return render(request, "members/organisation_list.html", {"organisations": organisations})


@require_safe
@cache_public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    return render(request, "members/organisation_detail.html", {"organisation": organisation})


@require_safe
@cache_public_page
def service_list(request: HttpRequest) -> HttpResponse:
    services = Service.objects.published().select_related("organisation", "category")[:50]
    return render(request, "members/service_list.html", {"services": services})


@require_safe
@cache_public_page
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service.objects.published(), slug=slug)
    return render(request, "members/service_detail.html", {"service": service})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.for_editor(request.user)
    return render(request, "members/dashboard.html", {"organisations": organisations})
