"""Every URL the project answers, read from the URL resolver, so the security checks cover new
pages as soon as they are added.

`ROUTES` is computed when the tests are collected; `urls_for(route, records)` turns a route into
concrete URLs (one per language for pages under /<lang>/), filling its parameters:
- `slug` of public record pages from the sample records (tests/pages.py) via RECORD_SLUGS;
- primary keys (`object_id`, `pk`, `id`, `content_type_id`) with an existing row's key, or 1:
  the access and CSRF checks run before the object is looked up;
- `app_label` of the admin's app index with each registered app.
A route with any other parameter is "unbuildable"; test_routes.py fails until it gets a rule here
(or is listed in UNBUILDABLE with the reason), so no new URL escapes the checks unnoticed.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

# Public pages of one record: route name -> kind in tests.pages.make_sample_records().
RECORD_SLUGS = {
    "members:organisation_detail": "organisation",
    "members:service_detail": "service",
    "network:municipality_detail": "municipality",
    "network:practice_detail": "practice",
}
KEY_PARAMS = {"object_id", "pk", "id", "content_type_id"}

# Routes no check can build, and why.
UNBUILDABLE = {
    "admin/(?P<url>.*)$": "the admin's catch-all: any path; its answer is covered by admin:index",
}

# Routes that are not pages to GET (actions, redirects), and the account pages that are.
NOT_PAGES = {"root", "accounts:logout"}
PUBLIC_ACCOUNT_PAGES = {"accounts:login"}


@dataclass(frozen=True)
class Route:
    name: str | None  # "members:organisation_detail"; None for unnamed patterns
    path: str  # the pattern as written, "<lang>/" for the language prefix
    params: tuple[str, ...]
    i18n: bool
    regex: bool

    @property
    def label(self) -> str:
        return self.name or self.path

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("admin/")

    @property
    def is_member_area(self) -> bool:
        """The logged-in editors' pages under /<lang>/my/."""
        return self.path.startswith("<lang>/my/")

    @property
    def is_public_page(self) -> bool:
        """A page anyone may GET: the site, the directory, the network, the API, log-in."""
        if self.is_admin or self.is_member_area or self.name in NOT_PAGES:
            return False
        if self.path.startswith("<lang>/account/"):
            return self.name in PUBLIC_ACCOUNT_PAGES
        return True


def _params(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def _walk(patterns, prefix="", namespace=None, params=(), i18n=False, regex=False):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            ns = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _walk(
                entry.url_patterns,
                prefix + ("<lang>/" if is_locale else str(entry.pattern)),
                ns,
                params + _params(entry.pattern),
                i18n or is_locale,
                regex or isinstance(entry.pattern, RegexPattern),
            )
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}:{entry.name}" if namespace and entry.name else entry.name,
                path=prefix + str(entry.pattern),
                params=params + _params(entry.pattern),
                i18n=i18n,
                regex=regex or isinstance(entry.pattern, RegexPattern),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def is_buildable(route: Route) -> bool:
    if route.path in UNBUILDABLE:
        return False
    if route.name is None and route.regex:
        return False
    for param in route.params:
        if param == "slug" and route.name not in RECORD_SLUGS:
            return False
        if param not in KEY_PARAMS | {"slug", "app_label"}:
            return False
    return True


ROUTES = all_routes()
BUILDABLE = [r for r in ROUTES if is_buildable(r)]


def _key_for(route: Route, param: str) -> str:
    """An existing row's primary key for an admin object URL (or 1: checks run before lookup)."""
    if param == "content_type_id":
        from django.contrib.contenttypes.models import ContentType

        first = ContentType.objects.order_by("pk").first()
        return str(first.pk if first else 1)
    model = _admin_model(route)
    row = model._default_manager.order_by("pk").first() if model else None
    return str(row.pk) if row else "1"


def _admin_model(route: Route):
    if not route.name or not route.name.startswith("admin:"):
        return None
    name = route.name.removeprefix("admin:")
    for model in admin.site._registry:
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _kwarg_sets(route: Route, records: dict[str, str]) -> list[dict[str, str]]:
    kwargs: dict[str, str] = {}
    for param in route.params:
        if param == "slug":
            kwargs["slug"] = records[RECORD_SLUGS[route.name]].rstrip("/").rsplit("/", 1)[-1]
        elif param in KEY_PARAMS:
            kwargs[param] = _key_for(route, param)
    if "app_label" in route.params:
        labels = sorted({m._meta.app_label for m in admin.site._registry})
        return [{**kwargs, "app_label": label} for label in labels]
    return [kwargs]


def _substitute(path: str, kwargs: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], path)


def urls_for(route: Route, records: dict[str, str]) -> list[str]:
    """Concrete URLs for a buildable route: per language when under /<lang>/."""
    languages = [code for code, _ in settings.LANGUAGES] if route.i18n else [None]
    urls = []
    for lang in languages:
        for kwargs in _kwarg_sets(route, records):
            with translation.override(lang):
                if route.name:
                    urls.append(reverse(route.name, kwargs=kwargs or None))
                else:
                    path = route.path.replace("<lang>/", f"{lang}/")
                    urls.append(_substitute(path, kwargs))
    return urls
