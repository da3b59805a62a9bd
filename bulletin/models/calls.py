"""Open calls for support: a member organisation asks for help or offers it, others answer."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bulletin.access import is_member_reader
from members.models import Organisation

MAX_DAYS_OPEN = 90
# Answers are kept for about six months after their call closes (see the privacy notice).
KEEP_ANSWERS_DAYS = 183


def _given(field: str) -> Q:
    # Translated fields may be NULL: NULL must count as empty, not as "unknown".
    return Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})


class OpenCallQuerySet(models.QuerySet):
    def open(self, today: dt.date | None = None):
        """Approved calls whose closing date has not passed (the closing day itself is open).

        A call whose date has passed is closed here at once, even before `close_expired_calls`
        records it.
        """
        today = today or timezone.localdate()
        return self.filter(state=OpenCall.State.OPEN, closes_on__gte=today)

    def public(self):
        return self.filter(visibility=OpenCall.Visibility.EVERYONE)

    def visible_to(self, user):
        """Calls `user` may read: public ones, plus members-only ones for member readers."""
        return self if is_member_reader(user) else self.public()

    def for_editor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__editor_memberships__user=user)

    def pending_review(self):
        return self.filter(state=OpenCall.State.PENDING)

    def filter_by(self, criteria: dict):
        """Narrowed by the criteria of the calls list (CallFilterForm.applied(): only valid,
        non-empty values; unknown keys are ignored)."""
        calls = self
        if direction := criteria.get("direction"):
            calls = calls.filter(direction=direction)
        if kind := criteria.get("kind"):
            calls = calls.filter(kind=kind)
        return calls

    def closing_soon(self, today: dt.date | None = None):
        return self.open(today).order_by("closes_on", "pk")

    def answers_expired(self, today: dt.date | None = None):
        """Calls closed more than KEEP_ANSWERS_DAYS ago, by their recorded or their set date."""
        today = today or timezone.localdate()
        cutoff = today - dt.timedelta(days=KEEP_ANSWERS_DAYS)
        return self.filter(
            Q(closed_on__lt=cutoff) | Q(closed_on__isnull=True, closes_on__lt=cutoff)
        )


class OpenCall(models.Model):
    """A request for support ("we need…") or an offer ("we can give…") by a member."""

    class Direction(models.TextChoices):
        REQUEST = "request", _("Request: we need")
        OFFER = "offer", _("Offer: we can give")

    class Kind(models.TextChoices):
        GOODS = "goods", _("Goods")
        VOLUNTEERS = "volunteers", _("Volunteers")
        INTERPRETERS = "interpreters", _("Interpreters")
        SPACE = "space", _("Space")
        EXPERTISE = "expertise", _("Expertise")
        FUNDING = "funding", _("Funding")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MEMBERS = "members", _("Members only")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        RETURNED = "returned", _("Returned by a coordinator")
        OPEN = "open", _("Published")
        FULFILLED = "fulfilled", _("Closed: fulfilled")
        WITHDRAWN = "withdrawn", _("Closed: withdrawn")
        EXPIRED = "expired", _("Closed on its closing date")

    CLOSED_STATES = (State.FULFILLED, State.WITHDRAWN, State.EXPIRED)

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    direction = models.CharField(_("request or offer"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind of support"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150, blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    closes_on = models.DateField(
        _("closing date"),
        help_text=_("The last day answers are accepted; at most 90 days ahead."),
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.EVERYONE,
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    review_comment = models.TextField(
        _("coordinator's comment"),
        blank=True,
        help_text=_("Shown to the organisation's editors when the call is returned."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, not a real call.")
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("The day the call closed; its answers are deleted six months later."),
    )

    objects = OpenCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["closes_on", "pk"]
        indexes = [
            models.Index(fields=["state", "closes_on"], name="bulletin_call_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_given("title_el") | _given("title_en"), name="bulletin_call_has_title"
            ),
            models.CheckConstraint(
                condition=_given("description_el") | _given("description_en"),
                name="bulletin_call_has_description",
            ),
        ]

    def __str__(self) -> str:
        return self.title_el or self.title_en

    def get_absolute_url(self) -> str:
        return reverse("bulletin:call_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if not (self.title_el or self.title_en):
            raise ValidationError(_("Give a title in Greek or in English."))
        if not (self.description_el or self.description_en):
            raise ValidationError(_("Give a description in Greek or in English."))

    def is_open(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.closes_on >= today

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES or (
            self.state == self.State.OPEN and self.closes_on < timezone.localdate()
        )

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    def publish(self, *, now: dt.datetime | None = None) -> None:
        self.state = self.State.OPEN
        self.published_at = now or timezone.now()
        self.review_comment = ""
        self.save(update_fields=["state", "published_at", "review_comment"])

    def close(self, state: str, *, today: dt.date | None = None) -> None:
        """Close the call early ("fulfilled" or "withdrawn"); answers stay for six months."""
        if state not in (self.State.FULFILLED, self.State.WITHDRAWN):
            raise ValueError(state)
        self.state = state
        self.closed_on = today or timezone.localdate()
        self.save(update_fields=["state", "closed_on"])


class CallAnswer(models.Model):
    """Someone's answer to an open call; only the posting organisation's editors read it."""

    call = models.ForeignKey(
        OpenCall, verbose_name=_("call"), on_delete=models.CASCADE, related_name="answers"
    )
    name = models.CharField(_("your name"), max_length=150)
    organisation_name = models.CharField(_("your organisation"), max_length=200, blank=True)
    email = models.EmailField(_("your e-mail"))
    message = models.TextField(_("your message"), max_length=3000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a call")
        verbose_name_plural = _("answers to calls")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Answer to {call}").format(call=self.call)
