"""A URLconf for tests/accmr/test_page_cache.py: the site's URLs plus small decorated views."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils import translation
from django.views.decorators.cache import cache_control

from accmr.cache import cache_public_page
from accmr.urls import urlpatterns as site_urlpatterns
from members.models import Organisation


@cache_public_page
def organisation_names(request: HttpRequest) -> HttpResponse:
    names = [o.name for o in Organisation.objects.published()]
    # Reads the one parameter it knows; any other is made up (accmr.cache).
    category = request.GET.get("category")
    query = f"category={category}" if category else ""
    return HttpResponse(f"{translation.get_language()}|{query}|{names}")


@cache_public_page
def page_with_form(request: HttpRequest) -> HttpResponse:
    token = get_token(request)
    return HttpResponse(f"<form method=post><input name=csrfmiddlewaretoken value={token}>")


@cache_public_page
def page_with_cookie(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


@cache_public_page
def page_adding_message(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Thank you")
    return HttpResponse("message added")


@cache_public_page
@cache_control(private=True)
def private_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("private")


@cache_public_page
def page_touching_session(request: HttpRequest) -> HttpResponse:
    request.session["visited"] = True
    return HttpResponse("session")


@cache_public_page
def missing_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("gone", status=404)


# Long enough to be worth compressing (accmr.cache.MIN_COMPRESS_BYTES).
LONG_TEXT = "<p>Υπηρεσίες για πρόσφυγες και μετανάστες στην Αθήνα.</p>\n" * 60


@cache_public_page
def long_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(LONG_TEXT)


@cache_public_page
def long_page_with_form(request: HttpRequest) -> HttpResponse:
    token = get_token(request)
    return HttpResponse(f"{LONG_TEXT}<form method=post><input name=csrf value={token}></form>")


urlpatterns = [
    path("cached/long/", long_page),
    path("cached/long-form/", long_page_with_form),
    path("cached/names/", organisation_names),
    path("cached/form/", page_with_form),
    path("cached/cookie/", page_with_cookie),
    path("cached/message/", page_adding_message),
    path("cached/private/", private_page),
    path("cached/session/", page_touching_session),
    path("cached/missing/", missing_page),
    *site_urlpatterns,
]
