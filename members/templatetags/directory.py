"""Template helpers of the public directory."""

from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.formats import date_format, time_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, get_language_bidi, gettext

from accmr.lib.phones import shown_numbers
from accmr.lib.translated_fields import text_in_language

register = template.Library()

_NOTES = {
    # The note after a short text (a name) shown in another language than the page's.
    "el": lambda: gettext("in Greek"),
    "en": lambda: gettext("in English"),
}
_PARAGRAPH_NOTES = {
    # The note under a longer text (a description) shown in another language than the page's.
    "el": lambda: gettext("This description is in Greek."),
    "en": lambda: gettext("This description is in English."),
}


@register.filter
def translated_text(obj, field: str) -> str:
    """The same text as `{% translated %}`, plain: for a <title>, a meta description or an
    attribute, where no markup can go."""
    return text_in_language(obj, field)[0]


@register.simple_tag
def translated(obj, field: str, paragraphs: bool = False, note: bool = True):
    """A translated model field in the page's language: the one such tag of the site.

    Where the page's language has no text (always, on a page in Arabic, Farsi, Urdu, French or
    Ukrainian: content is written in Greek and English), the text of the fallback language
    shows instead, marked with its `lang` and a small note ("(in Greek)", or under a
    description "This description is in English."), so a page never shows an empty field nor
    passes one language off as another. `note=False` leaves the note out where space is short
    (table cells, lists of names); the `lang` stays. With `paragraphs=True` line breaks become
    paragraphs.
    """
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    value, shown_language = text_in_language(obj, field)
    if not value:
        return ""
    if shown_language == language:
        return linebreaks_filter(value) if paragraphs else value
    # English or Greek inside a right-to-left page: laid out left to right (full stops and
    # brackets at the end of the sentence, not its start).
    attributes = format_html(
        ' lang="{}"{}', shown_language, mark_safe(' dir="ltr"') if get_language_bidi() else ""
    )
    shown = linebreaks_filter(value) if paragraphs else value
    tag = "div" if paragraphs else "span"
    text = format_html("<{0}{1}>{2}</{0}>", tag, attributes, shown)
    if not note:
        return text
    if paragraphs:
        words = _PARAGRAPH_NOTES.get(shown_language, lambda: shown_language)()
        return format_html(
            '{}<p class="fallback-note small text-body-secondary">{}</p>', text, words
        )
    words = _NOTES.get(shown_language, lambda: shown_language)()
    return format_html(
        '{} <small class="fallback-note text-body-secondary">({})</small>', text, words
    )


def _address_query(location) -> str:
    parts = [location.address_el or location.address, location.postcode]
    parts.append(location.municipality_el or location.municipality)
    return ", ".join(part for part in parts if part)


@register.filter
def map_url(location) -> str:
    """A link to the location on OpenStreetMap: the point if known, else an address search."""
    if location.osm_url:
        return location.osm_url
    return "https://www.openstreetmap.org/search?" + urlencode({"query": _address_query(location)})


@register.filter
def directions_url(location) -> str:
    """A link to OpenStreetMap's directions to the location (the point if known, else the
    address); only a link: the page itself asks nothing of OpenStreetMap."""
    if location.latitude is not None and location.longitude is not None:
        target = f"{location.latitude},{location.longitude}"
    else:
        target = _address_query(location)
    return "https://www.openstreetmap.org/directions?" + urlencode({"to": target})


@register.filter
def phone_links(stored: str) -> str:
    """Stored phone numbers as `tel:` links: Greek ones in the national format, others in the
    international format; a legacy value that is not a number as plain text."""
    return format_html_join(
        ", ",
        "{}",
        (
            (format_html('<a href="{}">{}</a>', n.tel, n.text) if n.tel else n.text,)
            for n in shown_numbers(stored)
        ),
    )


@register.simple_tag
def opening_line(opening) -> str:
    """What a service's opening status (Service.opening_status()) says now: "Open now, until
    17:00", "Temporarily closed", "Closed now; opens tomorrow at 09:00" or "No opening hours
    listed", then the day's note. Drawn here rather than by an included template: a list draws
    twenty of them on every request (members.cards keeps everything else of a card). As in a
    template, the catalogue's words go out as they are and only the values are escaped.

    Few lines differ (the services of a list open at the same few times), so each is drawn
    once per language and time zone in a process."""
    return _opening_line(opening, get_language(), get_current_timezone_name())


@lru_cache(maxsize=2048)
def _opening_line(opening, language: str, time_zone: str) -> str:
    """opening_line() in the active `language` and `time_zone` (the cache's key)."""
    if opening.state == "open":
        until = {"time": escape(time_format(template_localtime(opening.until), "H:i"))}
        line = format_html(
            '<strong class="opening opening--open text-success-emphasis">{}</strong>, {}',
            mark_safe(gettext("Open now")),
            mark_safe(gettext("until %(time)s") % until),  # noqa: S308 - our catalogue's text
        )
    elif opening.state == "closed":
        line = format_html(
            '<strong class="opening opening--closed text-danger-emphasis">{}</strong>',
            mark_safe(gettext("Temporarily closed")),
        )
    elif opening.state == "opens":
        opens_at = template_localtime(opening.opens_at)
        values = {
            "time": escape(time_format(opens_at, "H:i")),
            "day": escape(date_format(opens_at, "l")),
        }
        if opening.day == "today":
            text = gettext("Closed now; opens today at %(time)s") % values
        elif opening.day == "tomorrow":
            text = gettext("Closed now; opens tomorrow at %(time)s") % values
        else:
            text = gettext("Closed now; opens on %(day)s at %(time)s") % values
        line = format_html('<span class="opening">{}</span>', mark_safe(text))  # noqa: S308
    else:
        line = format_html(
            '<span class="opening text-body-secondary">{}</span>',
            mark_safe(gettext("No opening hours listed")),
        )
    if opening.note:
        line = format_html('{} <span class="opening__note">({})</span>', line, opening.note)
    return line
