"""schema.org JSON-LD for organisation and service pages, safely escaped for HTML.

The data is built in members/hsds/jsonld.py and serialised like django.utils.html.json_script
does (<, > and & become \\u escapes), so no text in a record can close the <script> element.
A JSON-LD block is data, not code: the Content-Security-Policy does not run or block it.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from accmr.lib.origin import current_origin, site_origin
from members.hsds.jsonld import organisation_data, service_data
from members.models import Organisation, Service

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _render(context, build, obj) -> SafeString:
    token = current_origin.set(site_origin(context.get("request")))
    try:
        return jsonld_script(build(obj))
    finally:
        current_origin.reset(token)


@register.simple_tag(takes_context=True)
def organisation_jsonld(context, organisation: Organisation) -> SafeString:
    return _render(context, organisation_data, organisation)


@register.simple_tag(takes_context=True)
def service_jsonld(context, service: Service) -> SafeString:
    return _render(context, service_data, service)
