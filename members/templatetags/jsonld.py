"""schema.org JSON-LD for organisation and service pages, safely escaped for HTML.

The data is built in Python and serialised like django.utils.html.json_script does
(<, > and & become \\u escapes), so no text in a record can close the <script> element.
A JSON-LD block is data, not code: the Content-Security-Policy does not run or block it.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from accmr.lib.origin import current_origin, site_origin
from accmr.lib.translated_fields import text_in_language
from members.models import Organisation, Service

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _absolute(path: str) -> str:
    return site_origin() + path


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _address(location) -> dict:
    return _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": location.address,
            "postalCode": location.postcode,
            "addressLocality": location.municipality,
            "addressCountry": "GR",
        }
    )


def _place(location) -> dict:
    geo = None
    if location.latitude is not None and location.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    return _clean(
        {
            "@type": "Place",
            "name": text_in_language(location, "name")[0],
            "address": _address(location),
            "geo": geo,
        }
    )


def organisation_data(organisation: Organisation) -> dict:
    same_as = [
        url
        for url in (
            organisation.website,
            organisation.facebook,
            organisation.instagram,
            organisation.linkedin,
            organisation.x_twitter,
        )
        if url
    ]
    url = _absolute(organisation.get_absolute_url())
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization" if organisation.is_municipal else "Organization",
            "@id": f"{url}#organisation",
            "name": text_in_language(organisation, "name")[0],
            "alternateName": organisation.short_name,
            "description": text_in_language(organisation, "description")[0],
            "url": url,
            "sameAs": same_as,
            "email": organisation.email,
            "telephone": organisation.phone,
            "logo": _absolute(organisation.logo.url) if organisation.logo else None,
            "address": [_address(location) for location in organisation.locations.all()],
        }
    )


def service_data(service: Service) -> dict:
    organisation = service.organisation
    provider_url = _absolute(organisation.get_absolute_url())
    url = _absolute(service.get_absolute_url())
    channels = [
        _clean(
            {
                "@type": "ServiceChannel",
                "serviceLocation": _place(location),
                "servicePhone": service.phone or organisation.phone,
                "serviceUrl": service.website or url,
            }
        )
        for location in service.locations.all()
    ]
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentService" if organisation.is_municipal else "Service",
            "@id": f"{url}#service",
            "name": text_in_language(service, "name")[0],
            "description": text_in_language(service, "description")[0],
            "url": url,
            "serviceType": service.category.display_name,
            "provider": {
                "@type": "GovernmentOrganization" if organisation.is_municipal else "Organization",
                "@id": f"{provider_url}#organisation",
                "name": text_in_language(organisation, "name")[0],
                "url": provider_url,
            },
            "isAccessibleForFree": service.is_free,
            "availableLanguage": [language.display_name for language in service.languages.all()],
            "audience": [
                {"@type": "Audience", "audienceType": group.display_name}
                for group in service.population_groups.all()
            ],
            "hoursAvailable": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{_DAYS[schedule.weekday]}",
                    "opens": schedule.opens.strftime("%H:%M"),
                    "closes": schedule.closes.strftime("%H:%M"),
                }
                for schedule in service.schedules.all()
            ],
            "availableChannel": channels,
        }
    )


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
