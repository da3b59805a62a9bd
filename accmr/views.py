"""The site's own pages, the health check, the root redirect and the error pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page
from members.models import Organisation, Service
from network.models import Municipality


@require_safe
def root_redirect(request: HttpRequest) -> HttpResponse:
    """Send `/` to /el/ or /en/ by the browser's language; Greek otherwise."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    response["Vary"] = "Accept-Language, Cookie"
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "organisations": Organisation.objects.published().count(),
        "services": Service.objects.published().count(),
        "cities": Municipality.objects.published().count(),
    }
    return render(request, "accmr/home.html", {"counts": counts})


@require_safe
@cache_public_page
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "accmr/about.html")


@require_safe
@cache_public_page
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "accmr/contact.html")


@require_safe
@cache_public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accmr/accessibility.html")


@require_safe
@cache_public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "accmr/privacy.html")


@require_safe
@cache_public_page
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "accmr/search.html", {"query": request.GET.get("q", "")[:200]})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered with the request context (no database access) so it works when the DB is down.
    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        body = "<!doctype html><title>500</title><h1>Server error</h1>"
    return HttpResponse(body, status=500)
