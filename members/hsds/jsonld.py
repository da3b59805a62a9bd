"""schema.org JSON-LD for the organisation and service pages (search engines read it).

The same public fields the HSDS serialisers publish, in schema.org's vocabulary; the helpers
for absolute links and empty values are the serialisers' own. The `jsonld` template tags
(members/templatetags/jsonld.py) escape the result into the page.
"""

from accmr.lib.translated_fields import text_in_language
from members.hsds.serialisers import absolute_url, drop_empty
from members.models import Organisation, Service

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _address(location) -> dict:
    return drop_empty(
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
    return drop_empty(
        {
            "@type": "Place",
            "name": text_in_language(location, "name")[0],
            "address": _address(location),
            "geo": geo,
        }
    )


def _organisation_reference(organisation: Organisation) -> dict:
    """What names an organisation: its type, id, name and page (the provider of a service)."""
    url = absolute_url(organisation.get_absolute_url())
    return {
        "@type": "GovernmentOrganization" if organisation.is_municipal else "Organization",
        "@id": f"{url}#organisation",
        "name": text_in_language(organisation, "name")[0],
        "url": url,
    }


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
    return drop_empty(
        {
            "@context": "https://schema.org",
            **_organisation_reference(organisation),
            "alternateName": organisation.short_name,
            "description": text_in_language(organisation, "description")[0],
            "sameAs": same_as,
            "email": organisation.email,
            "telephone": organisation.phone,
            "logo": absolute_url(organisation.logo.url) if organisation.logo else None,
            "address": [_address(location) for location in organisation.locations.all()],
        }
    )


def service_data(service: Service) -> dict:
    organisation = service.organisation
    url = absolute_url(service.get_absolute_url())
    channels = [
        drop_empty(
            {
                "@type": "ServiceChannel",
                "serviceLocation": _place(location),
                "servicePhone": service.phone or organisation.phone,
                "serviceUrl": service.website or url,
            }
        )
        for location in service.locations.all()
    ]
    return drop_empty(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentService" if organisation.is_municipal else "Service",
            "@id": f"{url}#service",
            "name": text_in_language(service, "name")[0],
            "description": text_in_language(service, "description")[0],
            "url": url,
            "serviceType": service.category.display_name,
            "provider": _organisation_reference(organisation),
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
