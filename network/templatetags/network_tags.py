"""Template helpers of the network pages."""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def translated(obj, field: str, note: bool = True):
    """`obj.<field>` in the page's language; Greek fallback marked with lang="el".

    With `note`, a short "(in Greek)" follows the Greek text so sighted readers know why.
    """
    language = (get_language() or "el").split("-")[0]
    own = getattr(obj, f"{field}_{language}", None)
    if own or language == "el":
        return own or getattr(obj, field, "") or ""
    fallback = getattr(obj, f"{field}_el", None) or ""
    if not fallback:
        return ""
    if note:
        return format_html(
            '<span lang="el">{}</span> <span class="fallback-note">({})</span>',
            fallback,
            _("in Greek"),
        )
    return format_html('<span lang="el">{}</span>', fallback)


@register.simple_tag
def translated_paragraphs(obj, field: str):
    """Like `translated`, for text with paragraphs: a Greek fallback goes in a <div lang="el">."""
    language = (get_language() or "el").split("-")[0]
    own = getattr(obj, f"{field}_{language}", None)
    if own or language == "el":
        return mark_safe(linebreaks(own or getattr(obj, field, "") or "", autoescape=True))
    fallback = getattr(obj, f"{field}_el", None) or ""
    if not fallback:
        return ""
    return format_html(
        '<div lang="el">{}</div><p class="fallback-note">({})</p>',
        mark_safe(linebreaks(fallback, autoescape=True)),
        _("in Greek"),
    )
