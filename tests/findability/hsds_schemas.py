"""HSDS 3.x checks written from the specification (no package ships the official schemas).

Required fields and types as the HSDS 3 schema files define them: service requires id,
name, status; organization requires id, name, description; location requires id and
location_type; address requires id, address_1, city, state_province, postal_code,
country, address_type; taxonomy and taxonomy_term require id, name, description.
"""

STRING = {"type": "string"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATETIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"}
TIME = {"type": "string", "pattern": r"^\d{2}:\d{2}$"}
URI = {"type": "string", "pattern": r"^https?://"}

TAXONOMY = {
    "type": "object",
    "required": ["id", "name", "description"],
    "properties": {"id": STRING, "name": STRING, "description": STRING, "version": STRING},
}
TAXONOMY_TERM = {
    "type": "object",
    "required": ["id", "name", "description"],
    "properties": {
        "id": STRING,
        "code": STRING,
        "name": STRING,
        "description": STRING,
        "parent_id": STRING,
        "taxonomy_id": STRING,
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "term_uri": URI,
    },
}
ATTRIBUTE = {
    "type": "object",
    "required": ["id", "taxonomy_term_id"],
    "properties": {
        "id": STRING,
        "link_id": STRING,
        "link_type": STRING,
        "link_entity": STRING,
        "taxonomy_term_id": STRING,
        "taxonomy_term": TAXONOMY_TERM,
    },
}
PHONE = {
    "type": "object",
    "required": ["id", "number"],
    "properties": {"id": STRING, "number": STRING},
}
ADDRESS = {
    "type": "object",
    "required": [
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "properties": {
        "id": STRING,
        "location_id": STRING,
        "address_1": STRING,
        "city": STRING,
        "state_province": STRING,
        "postal_code": STRING,
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "address_type": {"enum": ["physical", "postal", "virtual"]},
    },
}
ACCESSIBILITY = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": STRING, "location_id": STRING, "description": STRING, "details": STRING},
}
LOCATION = {
    "type": "object",
    "required": ["id", "location_type"],
    "properties": {
        "id": STRING,
        "location_type": {"enum": ["physical", "postal", "virtual"]},
        "organization_id": STRING,
        "name": STRING,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "addresses": {"type": "array", "items": ADDRESS},
        "accessibility": {"type": "array", "items": ACCESSIBILITY},
    },
}
SCHEDULE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": STRING,
        "service_id": STRING,
        "freq": {"enum": ["WEEKLY", "MONTHLY"]},
        "byday": {
            "type": "string",
            "pattern": "^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$",
        },
        "opens_at": TIME,
        "closes_at": TIME,
        "notes": STRING,
        "description": STRING,
    },
}
LANGUAGE = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": STRING, "service_id": STRING, "name": STRING, "code": STRING},
}
SERVICE_AT_LOCATION = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": STRING,
        "service_id": STRING,
        "location_id": STRING,
        "location": LOCATION,
    },
}
ORGANIZATION = {
    "type": "object",
    "required": ["id", "name", "description"],
    "properties": {
        "id": STRING,
        "name": {"type": "string", "minLength": 1},
        "alternate_name": STRING,
        "description": STRING,
        "email": {"type": "string", "pattern": "@"},
        "website": URI,
        "logo": URI,
        "uri": URI,
        "legal_status": STRING,
        "phones": {"type": "array", "items": PHONE},
        "locations": {"type": "array", "items": LOCATION},
        "assured_date": DATE,
        "last_modified": DATETIME,
        "services": {
            "type": "array",
            "items": {"type": "object", "required": ["id", "name", "status"]},
        },
    },
}
SERVICE = {
    "type": "object",
    "required": ["id", "name", "status"],
    "properties": {
        "id": STRING,
        "organization_id": STRING,
        "name": {"type": "string", "minLength": 1},
        "description": STRING,
        "url": URI,
        "email": {"type": "string", "pattern": "@"},
        "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "application_process": STRING,
        "eligibility_description": STRING,
        "fees_description": STRING,
        "assured_date": DATE,
        "last_modified": DATETIME,
        "phones": {"type": "array", "items": PHONE},
        "schedules": {"type": "array", "items": SCHEDULE},
        "languages": {"type": "array", "items": LANGUAGE},
        "service_at_locations": {"type": "array", "items": SERVICE_AT_LOCATION},
        "attributes": {"type": "array", "items": ATTRIBUTE},
        "organization": ORGANIZATION,
    },
}


def page_of(item: dict) -> dict:
    """The HSDS API page envelope around `item`."""
    return {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 1},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": item},
        },
    }


ENDPOINTS = {
    "services": SERVICE,
    "organizations": ORGANIZATION,
    "service_at_locations": SERVICE_AT_LOCATION,
    "taxonomies": TAXONOMY,
    "taxonomy_terms": TAXONOMY_TERM,
}
