"""News: one model for the whole site. The Cities Network's news is the "Cities Network" topic.

Topics are a fixed list (TextChoices), not a table: each has a page and a feed at a stable
address, and a new topic needs a new list and feed anyway, so it is a small code change.
"""

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accmr.lib.text import SearchTextMixin, search_document
from members.models import Status


class Topic(models.TextChoices):
    ACCMR = "accmr", _("ACCMR")
    NETWORK = "network", _("Cities Network")
    MEMBERS = "members", _("Members")
    FUNDING = "funding", _("Calls for funding")
    POLICY = "policy", _("Policy and law")


class NewsPostQuerySet(models.QuerySet):
    def published(self, today: dt.date | None = None):
        """Published posts; a post dated in the future waits for its day."""
        return self.filter(status=Status.PUBLISHED, date__lte=today or timezone.localdate())

    def latest(self):
        return self.order_by("-date", "-pk")


class NewsPost(SearchTextMixin, models.Model):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        help_text=_("The post's web address: Latin letters, digits and hyphens."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    date = models.DateField(
        _("date"), help_text=_("A post dated in the future appears on that day.")
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences for lists and feeds; the text's start if empty."),
    )
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, not real news.")
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])
    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["status", "topic", "date"], name="bulletin_news_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletin:news_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        return search_document(
            names=[self.title_el, self.title_en],
            texts=[self.summary_el, self.summary_en, self.body_el, self.body_en],
        )
