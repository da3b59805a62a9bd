"""Session limits beyond Django's own idle timeout, request checks, headers, member languages,
one content version per request."""

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from accmr.cache import one_content_version
from accmr.lib import redact

logger = logging.getLogger(__name__)

# Seconds since the epoch at which the session's user logged in.
LOGIN_TIME_KEY = "_accmr_login_at"


def stamp_login_time(request: HttpRequest) -> None:
    request.session[LOGIN_TIME_KEY] = int(timezone.now().timestamp())


class SessionAbsoluteAgeMiddleware:
    """End a logged-in session SESSION_ABSOLUTE_AGE seconds after the log-in, however active.

    The idle limit is Django's (SESSION_COOKIE_AGE renewed on every request). The log-in
    time is written when the user logs in (accmr.accounts); a session that has none (one
    that started before this middleware existed) gets one on its first request.
    Requests without a session cookie are left alone, so public pages do not touch the
    session (and do not gain a `Vary: Cookie`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            now = int(timezone.now().timestamp())
            if not isinstance(started, int):
                request.session[LOGIN_TIME_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
        return self.get_response(request)


# Pages under /<lang>/ that are not public: the member area and the accounts (log-in, password,
# invitation, digest unsubscribe). Outside /<lang>/ the admin is the one page with a language.
MEMBER_PATH = re.compile(r"^/(?P<lang>[a-z]{2})/(?P<rest>(?:my|account)/.*)$", re.DOTALL)


def member_language(request: HttpRequest) -> str:
    """The member side's language for this visitor: Greek or English by Accept-Language
    (the first of the two the browser names), English otherwise."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in settings.MEMBER_LANGUAGES:
            return base
    return "en"


class MemberLanguagesMiddleware:
    """The member area, the accounts and the admin exist in Greek and English only.

    `/fa/my/...` (or `/ar/account/login/`...) is redirected to the same page in English, or in
    Greek for a browser that prefers Greek; a page outside the language prefix (the admin) asked
    for in a public-only language (by the language cookie or the browser) is shown in that
    language is shown in English or Greek the same way. Placed right after LocaleMiddleware,
    which chose the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in settings.PUBLIC_ONLY_LANGUAGES:
            match = MEMBER_PATH.match(request.path_info)
            if match and match["lang"] in settings.PUBLIC_ONLY_LANGUAGES:
                target = f"{request.META.get('SCRIPT_NAME', '')}/{member_language(request)}/"
                query = request.GET.urlencode()  # re-encoded: nothing raw in Location
                response = HttpResponseRedirect(
                    target + match["rest"] + (f"?{query}" if query else "")
                )
                patch_vary_headers(response, ["Accept-Language"])
                return response
            if request.path_info.startswith("/admin/"):
                language = member_language(request)
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class ContentVersionMiddleware:
    """One content version for the whole of a request: read at its first use and kept, so a
    page's remembered parts cost one read of it, not one each (accmr.cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with one_content_version():
            return self.get_response(request)


class RefuseNulMiddleware:
    """400 for a NUL character in the path, or in the query string of the admin.

    No URL of ours has a use for one, and PostgreSQL refuses it in any text it is given
    (`A string literal cannot contain NUL`): a slug or an admin list filter or autocomplete
    term with a `%00` would otherwise end in a 500. The public pages read their query through
    forms, which refuse it with a message (Django's ProhibitNullCharactersValidator); the
    admin's lists pass their parameters to the database as they come.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise BadRequest("NUL character in the path")
        if request.path.startswith("/admin/") and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class LogPathMiddleware:
    """Tell gunicorn's access log (gunicorn.conf.py) what to write for this request's path:
    the route's name instead of a path that carries an invitation or reset token."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None:
            request.environ[redact.ENVIRON_KEY] = redact.path_for_logs(request.path_info, match)
        return response


# Browser features no page of ours uses; a script injected despite the CSP gets none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class PolicyHeadersMiddleware:
    """Headers every response gets, and `Cache-Control: private, no-store` for logged-in visitors.

    - Permissions-Policy: see PERMISSIONS_POLICY.
    - Cross-Origin-Resource-Policy: same-origin, so other sites cannot embed our pages, images
      or files; the open data (API and downloads) says cross-origin itself, it is for everyone.
    - A logged-in visitor's pages (/my/, the account pages, the admin, and public pages with
      their name in the header) are kept by no browser cache or proxy: the next person at a
      shared computer cannot bring them back with the Back button.
    Placed above WhiteNoise, so static files get the first two as well.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
            response.headers.pop("Expires", None)
            patch_vary_headers(response, ["Cookie"])
        return response


def allowed_methods(view) -> tuple[str, ...] | None:
    """The HTTP methods a view answers, when it says so; None when it does not.

    Read from Django's own markers: a class-based view's handlers, `require_http_methods`
    (and `require_safe`, `require_POST`...) through the list its wrapper keeps, or an
    `allowed_methods` attribute set by a view that checks methods itself (the HSDS API).
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return tuple(
            method.upper()
            for method in view_class.http_method_names
            if hasattr(view_class, method) or (method == "head" and hasattr(view_class, "get"))
        )
    function = view
    while function is not None:
        declared = getattr(function, "allowed_methods", None)
        if declared:
            return tuple(declared)
        code = getattr(function, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = function.__closure__[code.co_freevars.index("request_method_list")]
            return tuple(method.upper() for method in cell.cell_contents)
        function = getattr(function, "__wrapped__", None)
    return None


def method_not_allowed(request: HttpRequest, allowed) -> HttpResponse:
    """405 with an Allow header, as a page of the site in the visitor's language."""
    response = HttpResponseNotAllowed(allowed)
    try:
        response.content = render_to_string("405.html", request=request)
    except Exception:  # noqa: BLE001 - the error page must never fail itself
        logger.exception("The 405 page could not be rendered")
        response.content = b"Method Not Allowed"
        response["Content-Type"] = "text/plain"
    return response


class AllowedMethodsMiddleware:
    """405 with an Allow header for a method the view does not answer, before the CSRF check.

    Without it a POST to a read-only page met the CSRF middleware first and got a 403 "CSRF
    verification failed", which says nothing true. TRACE and CONNECT are refused everywhere: no
    page of ours echoes a request back. The 405 is a page of the site (405.html); a view that
    answers its own 405 (`answers_405 = True`: the HSDS API, whose clients read JSON) is left
    to do so.
    """

    NEVER = {"TRACE", "CONNECT"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, view_args, view_kwargs):
        if getattr(view, "answers_405", False):
            return None
        allowed = allowed_methods(view)
        if request.method in self.NEVER:
            return method_not_allowed(
                request, [m for m in allowed or ("GET", "HEAD") if m not in self.NEVER]
            )
        if allowed is not None and request.method not in allowed:
            return method_not_allowed(request, allowed)
        return None
