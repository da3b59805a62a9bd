"""Every URL the project answers, read from the URL resolver, so the security checks cover new
pages as soon as they are added.

`ROUTES` is computed when the tests are collected; `urls_for(route, records)` turns a route into
concrete URLs (one per language for pages under /<lang>/), filling its parameters:
- `slug` of public record pages from the sample records (tests/pages.py) via RECORD_SLUGS;
- `pk` of the HSDS API's record pages with the sample record's key via RECORD_KEYS (the API
  answers 404 for any other id, so the checks would not reach the record's JSON), and of
  those whose id is derived (service at location, taxonomy, taxonomy term) via DERIVED_KEYS;
- primary keys (`object_id`, `pk`, `id`, `content_type_id`, an import's `job_id`) with an
  existing row's key, or 1 (a well-formed UUID for a UUID key): the access and CSRF checks run
  before the object is looked up;
- positional groups of regex routes (simple_history's `<object_id>/history/<history_id>/`)
  via POSITIONAL_ARGS, with an existing row's key and one of its history records (or 1);
- parameters with a fixed set of values (`app_label` of the admin's app index, the sitemap's
  `section`, the open data file `name`) with each value, via CHOICES;
- tokens of account links (`uidb64`, `token`) with a well-formed but invalid value: the only
  check that reaches them, CSRF, runs before the token is read.
A route with any other parameter is "unbuildable"; test_routes.py fails until it gets a rule here
(or is listed in UNBUILDABLE with the reason), so no new URL escapes the checks unnoticed.
"""

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.db.models import UUIDField
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

# Public pages of one record: route name -> kind in tests.pages.make_sample_records().
RECORD_SLUGS = {
    "members:organisation_detail": "organisation",
    "members:service_detail": "service",
    "members:service_print": "service",
    "network:municipality_detail": "municipality",
    "network:practice_detail": "practice",
    "network:municipality_services": "municipality",
    "members:organisation_report": "organisation",
    "bulletin:news_detail": "news",
    "bulletin:publication_detail": "publication",
}
# Public pages of one record addressed by primary key: route name -> kind (its path ends
# with the key, e.g. "activities/12/").
RECORD_PKS = {
    "bulletin:activity_detail": "activity",
    "bulletin:activity_ics": "activity",
    "bulletin:call_detail": "call",
    "bulletin:call_answer": "call",
}
# HSDS API pages of one record: route name -> kind in make_sample_records(), and its model.
RECORD_KEYS = {
    "hsds:service_detail": ("service", "members.Service"),
    "hsds:organization_detail": ("organisation", "members.Organisation"),
}
# HSDS API pages whose id is derived (members/hsds/serialisers.py), not stored: route name ->
# function of the sample records giving a public record's id.
DERIVED_KEYS = {
    "hsds:service_at_location_detail": lambda records: _service_at_location_key(records),
    "hsds:taxonomy_detail": lambda records: _taxonomy_key(),
    "hsds:taxonomy_term_detail": lambda records: _taxonomy_term_key(records),
}
KEY_PARAMS = {"object_id", "pk", "id", "content_type_id", "job_id"}
# Names for the positional groups of regex routes: route name suffix -> parameter names.
POSITIONAL_ARGS = {"_simple_history": ("object_id", "history_id")}
# Account links sent by e-mail: a well-formed value that is no valid link.
TOKEN_PARAMS = {"uidb64": "MQ", "token": "not-a-valid-token"}


def _choices(param: str) -> list[str]:
    if param == "app_label":
        return sorted({m._meta.app_label for m in admin.site._registry})
    if param == "section":
        from accmr.sitemaps import SITEMAPS

        return sorted(SITEMAPS)
    if param == "topic":
        from bulletin.models import Topic

        return list(Topic.values)
    if param == "name":
        from members.hsds.files import BULK, PACKAGES, bulk_file_name

        languages = list(settings.MODELTRANSLATION_LANGUAGES)  # open data: Greek and English
        return [p.format(lang=code) for p in PACKAGES.values() for code in languages] + [
            bulk_file_name(collection, code) for collection in BULK for code in languages
        ]
    if param == "figure":
        from members.hsds.figures import all_figures

        return [figure.slug for figure in all_figures()[0]]
    raise KeyError(param)


# Parameters with a fixed set of values; each value gives a URL. Route name -> parameter.
CHOICES = {
    "sitemap_section": "section",
    "opendata:download": "name",
    "bulletin:news_topic": "topic",
    "bulletin:news_topic_feed": "topic",
    "opendata:figure_csv": "figure",
}

# Routes no check can build, and why.
UNBUILDABLE = {
    "admin/(?P<url>.*)$": "the admin's catch-all: any path; its answer is covered by admin:index",
    "media/<path:path>": "any file in MEDIA_ROOT (SERVE_MEDIA); tests/accmr/test_media.py",
}

# Routes that are not pages to GET (actions, redirects), and the account pages that are.
NOT_PAGES = {"root", "accounts:logout"}
PUBLIC_ACCOUNT_PAGES = {"accounts:login"}


@dataclass(frozen=True)
class Route:
    name: str | None  # "members:organisation_detail"; None for unnamed patterns
    path: str  # the pattern as written, "<lang>/" for the language prefix
    params: tuple[str, ...]  # named parameters
    positional: int  # unnamed groups of a regex pattern
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


def _positional(pattern) -> int:
    if isinstance(pattern, RegexPattern) and not pattern.regex.groupindex:
        return pattern.regex.groups
    return 0


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
                positional=_positional(entry.pattern),
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
    if route.positional and len(_positional_names(route)) != route.positional:
        return False
    for param in route.params:
        if param == "slug" and route.name not in RECORD_SLUGS:
            return False
        if param == "app_label" or param in TOKEN_PARAMS:
            continue
        if CHOICES.get(route.name) == param:
            continue
        if param not in KEY_PARAMS | {"slug"}:
            return False
    return True


def _positional_names(route: Route) -> tuple[str, ...]:
    for suffix, names in POSITIONAL_ARGS.items():
        if (route.name or "").endswith(suffix):
            return names
    return ()


ROUTES = all_routes()
BUILDABLE = [r for r in ROUTES if is_buildable(r)]


def _key_for(route: Route, param: str) -> str:
    """An existing row's primary key for an admin object URL (or 1: checks run before lookup).

    A model keyed by UUID (the task queue's results) gets a well-formed UUID when it has no row.
    """
    if param == "content_type_id":
        from django.contrib.contenttypes.models import ContentType

        first = ContentType.objects.order_by("pk").first()
        return str(first.pk if first else 1)
    if param == "job_id":
        from members.models import ImportJob

        first = ImportJob.objects.order_by("pk").first()
        return str(first.pk if first else 1)
    model = _admin_model(route)
    row = model._default_manager.order_by("pk").first() if model else None
    if row:
        return str(row.pk)
    if model is not None and isinstance(model._meta.pk, UUIDField):
        return str(uuid.UUID(int=1))
    return "1"


def _service_at_location_key(records: dict[str, str]) -> str:
    """The derived id of the sample service at one of its locations."""
    from members.hsds.serialisers import public_service_locations, service_at_location_id

    records["service"]  # the sample records, so there is a public pair
    link = public_service_locations().first()
    return service_at_location_id(link.service.uuid, link.location.uuid)


def _taxonomy_key() -> str:
    from members.hsds.serialisers import TAXONOMIES, taxonomy_id

    return taxonomy_id(next(iter(TAXONOMIES)))


def _taxonomy_term_key(records: dict[str, str]) -> str:
    from members.hsds.serialisers import taxonomy_terms

    records["service"]  # the sample records: their categories are terms
    return taxonomy_terms()[0]["id"]


def _history_key_for(route: Route, object_id: str) -> str:
    """One of the object's history records (or 1: checks run before lookup)."""
    model = _admin_model(route)
    if model is None or not hasattr(model, "history"):
        return "1"
    record = model.history.filter(pk=object_id).order_by("history_id").first()
    return str(record.history_id) if record else "1"


def _record_key(route: Route, records: dict[str, str]) -> str:
    from django.apps import apps

    kind, model_label = RECORD_KEYS[route.name]
    slug = records[kind].rstrip("/").rsplit("/", 1)[-1]
    return str(apps.get_model(model_label)._default_manager.get(slug=slug).uuid)


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
        elif route.name in RECORD_KEYS and param == "pk":
            kwargs["pk"] = _record_key(route, records)
        elif route.name in DERIVED_KEYS and param == "pk":
            kwargs["pk"] = DERIVED_KEYS[route.name](records)
        elif route.name in RECORD_PKS and param == "pk":
            kwargs["pk"] = records[RECORD_PKS[route.name]].rstrip("/").rsplit("/", 1)[-1]
        elif param in KEY_PARAMS:
            kwargs[param] = _key_for(route, param)
        elif param in TOKEN_PARAMS:
            kwargs[param] = TOKEN_PARAMS[param]
    multi = [p for p in route.params if p == "app_label" or CHOICES.get(route.name) == p]
    if multi:
        (param,) = multi
        return [{**kwargs, param: value} for value in _choices(param)]
    return [kwargs]


def _args(route: Route) -> list[str]:
    """Values for the positional groups, in order (see POSITIONAL_ARGS)."""
    values: list[str] = []
    for name in _positional_names(route):
        if name == "history_id":
            values.append(_history_key_for(route, values[0]))
        else:
            values.append(_key_for(route, name))
    return values


def _substitute(path: str, kwargs: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], path)


def urls_for(route: Route, records: dict[str, str]) -> list[str]:
    """Concrete URLs for a buildable route: per language when under /<lang>/."""
    # Greek and English: every route exists in them (the public-only languages redirect the
    # member routes; tests/accmr/test_public_languages.py checks that).
    languages = list(settings.MEMBER_LANGUAGES) if route.i18n else [None]
    urls = []
    for lang in languages:
        for kwargs in _kwarg_sets(route, records):
            with translation.override(lang):
                if route.name and route.positional:
                    urls.append(reverse(route.name, args=_args(route)))
                elif route.name:
                    urls.append(reverse(route.name, kwargs=kwargs or None))
                else:
                    path = route.path.replace("<lang>/", f"{lang}/")
                    urls.append(_substitute(path, kwargs))
    return urls
