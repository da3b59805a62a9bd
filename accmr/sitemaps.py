"""sitemap.xml (every language of the public site, hreflang alternates) and robots.txt.

Every page listed is public, so each is listed in all of settings.LANGUAGES; the member area
and the accounts (Greek and English only) are never listed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from accmr.lib.origin import site_origin
from bulletin.models import Activity, NewsPost, OpenCall, Publication
from members.models import Organisation, Service
from network.models import GoodPractice, Municipality


class PortalSitemap(Sitemap):
    """Every page in each language, each listing the others (and Greek as x-default)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # records per sitemap page; each gives one URL per language

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class StaticSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about",
            "contact",
            "accessibility",
            "privacy",
            "help",
            "members:organisation_list",
            "members:service_list",
            "network:index",
            "network:practice_list",
            "bulletin:activity_list",
            "bulletin:news_list",
            "opendata:downloads",
            "bulletin:call_list",
            "bulletin:publication_list",
        ]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Organisation.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ServiceSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Service.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class MunicipalitySitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Municipality.objects.published().only("pk", "slug").order_by("pk")


class PracticeSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return GoodPractice.objects.published().only("pk", "slug", "date").order_by("pk")

    def lastmod(self, item):
        return item.date


class PublicationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Publication.objects.published().only("pk", "slug").order_by("pk")


class CallSitemap(PortalSitemap):
    """Open calls for everyone only: members-only calls are never listed."""

    changefreq = "daily"

    def items(self):
        return OpenCall.objects.open().public().only("pk").order_by("pk")


class ActivitySitemap(PortalSitemap):
    """Every published activity: pages of ended ones stay (marked) for links made earlier."""

    changefreq = "weekly"

    def items(self):
        return Activity.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsPost.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "organisations": OrganisationSitemap,
    "services": ServiceSitemap,
    "municipalities": MunicipalitySitemap,
    "practices": PracticeSitemap,
    "publications": PublicationSitemap,
    "calls": CallSitemap,
    "activities": ActivitySitemap,
    "news": NewsSitemap,
}

# The member area and the accounts, in every language (in those other than Greek and English
# they only redirect).
ROBOTS_DISALLOW = ["/admin/"] + [
    f"/{code}/{section}/" for code, _name in settings.LANGUAGES for section in ("my", "account")
]


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {site_origin(request)}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
