"""Template helpers of the public directory."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from accmr.lib.phones import shown_numbers

register = template.Library()

_NOTES = {
    # The note after text shown in another language than the page's.
    "el": lambda: gettext("in Greek"),
    "en": lambda: gettext("in English"),
}


def _fallback_languages(language: str) -> list[str]:
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    return list(fallbacks.get(language, fallbacks.get("default", ())))


@register.simple_tag
def translated(obj, field: str, paragraphs: bool = False, note: bool = True):
    """A translated model field in the page's language: the one such tag of the site.

    Where the page's language has no text yet, the text of the fallback language
    shows instead, marked with its `lang` and a small "(in Greek)" note, so an English
    page never shows an empty field nor passes Greek off as English. `note=False` leaves
    the note out where space is short (table cells, lists of names); the `lang` stays.
    With `paragraphs=True` line breaks become paragraphs.
    """
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    value = getattr(obj, f"{field}_{language}", None)
    shown_language = language
    if not value:
        for fallback in _fallback_languages(language):
            value = getattr(obj, f"{field}_{fallback}", None)
            if value:
                shown_language = fallback
                break
    if not value:
        return ""
    if shown_language == language:
        return linebreaks_filter(value) if paragraphs else value
    if not note:
        shown = linebreaks_filter(value) if paragraphs else value
        return format_html(
            '<{0} lang="{1}">{2}</{0}>', "div" if paragraphs else "span", shown_language, shown
        )
    words = _NOTES.get(shown_language, lambda: shown_language)()
    if paragraphs:
        return format_html(
            '<div lang="{}">{}</div><p class="fallback-note small text-body-secondary">({})</p>',
            shown_language,
            linebreaks_filter(value),
            words,
        )
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-note text-body-secondary">({})</small>',
        shown_language,
        value,
        words,
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
