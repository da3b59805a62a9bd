"""The site's own pages, the health check, the root redirect and the error pages."""

import logging
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousFileOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.models import Func, IntegerField, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page, remember
from bulletin import home as bulletin_home
from bulletin.activity_lists import next_activities
from bulletin.models import NewsPost
from members.models import Organisation, Service, ServiceCategory
from network.models import Municipality

logger = logging.getLogger(__name__)

# ACCMR's office (Agiou Isidorou 4, Exarcheia), for the contact page's map link. The position
# is approximate (central Athens, a few hundred metres south of Exarcheia Square): good enough
# to open a map of the neighbourhood; the page says it is approximate and gives the address.
OFFICE_LATITUDE = "37.9838"
OFFICE_LONGITUDE = "23.7340"

# The home page's "what's new".
HOME_ACTIVITIES = 4
HOME_NEWS = 3


@require_safe
def root_redirect(request: HttpRequest) -> HttpResponse:
    """Send `/` to /el/ or /en/ by the language cookie, then the browser's; Greek otherwise."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    query = request.GET.urlencode()  # re-encoded: nothing raw reaches the Location header
    response = HttpResponseRedirect(f"/{language}/" + (f"?{query}" if query else ""))
    response["Vary"] = "Accept-Language, Cookie"
    return response


# What our uploads are (logos are re-encoded to PNG, good-practice attachments are checked
# PDFs); anything else found in MEDIA_ROOT is offered as a download, never shown inline.
MEDIA_TYPES = {".png": "image/png", ".pdf": "application/pdf"}


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """An upload from the local disk (SERVE_MEDIA): files are small and their names unique."""
    try:
        # A file, not a folder (`/media/logos`): only files are served.
        found = Path(default_storage.path(path)).is_file()
    except (SuspiciousFileOperation, ValueError, NotImplementedError):  # ../, NUL, no disk
        found = False
    if not found:
        raise Http404("No such file.")
    suffix = PurePosixPath(path).suffix.lower()
    content_type = MEDIA_TYPES.get(suffix)
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. For load balancers and Docker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # django.request logs the 503 itself.
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    # Queries when nothing is remembered: the three counts; the categories; "what's new":
    # the activities' times, the next activities (+ organisation, category, location), their
    # languages, their population groups; the latest news, calls and publications.
    # Expanding every activity's repeats costs seconds at scale (10,000 activities), and what
    # is new changes with the clock (a call closes, a post is published), so all of it is
    # worked out once a minute, and again at the first change to content.
    minute = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    context = {
        "minute": minute,
        "counts": _home_counts(),
        # "Find a service for…": one tap from the home page to a category's services.
        "need_categories": remember(
            "home-categories",
            lambda: list(ServiceCategory.objects.filter(parent__isnull=True)),
            seconds=settings.DATA_CACHE_SECONDS,
        ),
        **remember(f"home-news:{minute}", _whats_new, seconds=settings.DATA_CACHE_SECONDS),
    }
    return render(request, "accmr/home.html", context)


def _whats_new() -> dict:
    activities, more_activities = next_activities(HOME_ACTIVITIES)
    return {
        "next_activities": activities,
        "more_activities": more_activities,
        "latest_news": list(NewsPost.objects.published().latest()[:HOME_NEWS]),
        **bulletin_home.calls_and_publications(),
    }


def _home_counts() -> dict[str, int]:
    """Published organisations, visible services and network cities, counted in one query.

    Counting tens of thousands of services costs more than the rest of the page, so the counts
    are kept until the content changes, and for at most a minute where pages are not cached.
    """
    return remember(
        "home-counts",
        lambda: _counted(
            organisations=Organisation.objects.published(),
            services=Service.objects.published(),
            cities=Municipality.objects.published(),
        ),
        seconds=60,
    )


def _counted(**querysets: QuerySet) -> dict[str, int]:
    """The number of rows of each queryset, in one query: SELECT (SELECT COUNT(*) …), …"""
    count = Func(template="COUNT(*)", output_field=IntegerField())
    selects, params = [], []
    for queryset in querysets.values():
        # annotate() then values(): values(n=…) alone selects every column (modeltranslation)
        counting = queryset.order_by().annotate(n=count).values("n")
        sql, query_params = counting.query.sql_with_params()
        selects.append(f"({sql})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


@require_safe
@cache_public_page
def contact(request: HttpRequest) -> HttpResponse:
    osm_url = (
        f"https://www.openstreetmap.org/?mlat={OFFICE_LATITUDE}&mlon={OFFICE_LONGITUDE}"
        f"#map=18/{OFFICE_LATITUDE}/{OFFICE_LONGITUDE}"
    )
    return render(request, "accmr/contact.html", {"osm_url": osm_url})


def _template_page(template: str) -> Callable[[HttpRequest], HttpResponse]:
    """A page that is its template alone (the text is in the catalogues), cached for visitors."""

    @require_safe
    @cache_public_page
    def page(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    return page


about = _template_page("accmr/about.html")
accessibility = _template_page("accmr/accessibility.html")
# How to use the site, for people looking for help.
help_page = _template_page("accmr/help.html")
privacy = _template_page("accmr/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 in the site's layout; 413 when the request was too large (a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE or too many fields: Django stops reading it)."""
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    status = 413 if too_large else 400
    if isinstance(exception, DisallowedHost):
        # The page's links need the host, which is the very thing refused.
        return HttpResponse("Bad Request (400)", status=400, content_type="text/plain")
    try:
        return render(request, "400.html", {"too_large": too_large}, status=status)
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        logger.exception("The 400 page could not be rendered")
        return HttpResponse("Bad Request", status=status, content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a page in the visitor's language instead of Django's English one."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the visitor's language and the site's layout, without the database.

    The request context is used for the language and the switcher, but the user and the
    messages are replaced: reading either may need the session table, which is often
    what just failed.
    """
    context = {"user": AnonymousUser(), "messages": [], "perms": {}}
    try:
        body = loader.render_to_string("500.html", context, request=request)
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        logger.exception("The 500 page could not be rendered")
        body = (
            "<!doctype html><html lang=en><title>Server error</title>"
            "<h1>Server error</h1><p>Please try again in a few minutes.</p></html>"
        )
    return HttpResponse(body, status=500)
