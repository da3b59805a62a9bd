"""News: the list (all, or one topic), a post's page, and Atom feeds per language and topic."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page
from accmr.lib.origin import site_origin
from accmr.lib.pagination import page_of
from accmr.lib.translated_fields import text_in_language
from bulletin.models import NewsPost, Topic

PER_PAGE = 20
FEED_ITEMS = 30
LIST_FIELDS = (
    "pk", "slug", "topic", "date", "title_el", "title_en", "summary_el", "summary_en",
    "body_el", "body_en",
)  # fmt: skip


def _topic_or_404(topic: str | None) -> Topic | None:
    if topic is None:
        return None
    if topic not in Topic.values:
        raise Http404("No such topic.")
    return Topic(topic)


def _posts(topic: Topic | None):
    posts = NewsPost.objects.published().latest()
    return posts.filter(topic=topic) if topic else posts


@require_safe
@cache_public_page
def news_list(request: HttpRequest, topic: str | None = None) -> HttpResponse:
    # Queries: a count and the page of posts.
    chosen = _topic_or_404(topic)
    page = page_of(_posts(chosen).only(*LIST_FIELDS), request.GET.get("page"), PER_PAGE)
    context = {"topic": chosen, "topics": Topic.choices, "paginator": page.paginator, "page": page}
    return render(request, "bulletin/news/news_list.html", context)


@require_safe
@cache_public_page
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(NewsPost.objects.published(), slug=slug)
    return render(request, "bulletin/news/news_detail.html", {"post": post})


def _in_language(post: NewsPost, field: str) -> str:
    return text_in_language(post, field)[0]


class NewsFeed(Feed):
    """Atom, in the language of the URL (/el/news/feed/ or /en/...), all topics or one."""

    feed_type = Atom1Feed
    # Atom (RFC 4287 4.1.1) requires an author on the feed when its entries have none.
    author_name = "ACCMR"

    def __call__(self, request, *args, **kwargs):
        self.origin = site_origin(request)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, topic: str | None = None):
        return _topic_or_404(topic)

    def title(self, topic):
        if topic is None:
            return gettext("ACCMR: news")
        return gettext("ACCMR: news on {topic}").format(topic=topic.label)

    def link(self, topic):
        if topic is None:
            return reverse("bulletin:news_list")
        return reverse("bulletin:news_topic", kwargs={"topic": topic.value})

    def subtitle(self, topic):
        return gettext("News from the Athens Coordination Center for Migrant and Refugee issues.")

    def feed_url(self, topic):
        if topic is None:
            return reverse("bulletin:news_feed")
        return reverse("bulletin:news_topic_feed", kwargs={"topic": topic.value})

    def items(self, topic):
        return list(_posts(topic)[:FEED_ITEMS])

    def item_title(self, item):
        return _in_language(item, "title")

    def item_description(self, item):
        summary = _in_language(item, "summary")
        return summary or Truncator(_in_language(item, "body")).words(60)

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time()))

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [Topic(item.topic).label]

    def item_guid(self, item):
        return f"{self.origin}/news/{item.pk}"

    item_guid_is_permalink = False


news_feed = require_safe(cache_public_page(NewsFeed()))
