"""The directory: vocabularies, organisations, their services and locations.

Shaped after Open Referral's Human Services Data Specification (organisation,
service, location, schedule, language, taxonomy). Municipal bodies are
organisations too; "municipal services" are services whose provider is one.

One module per kind of record, all re-exported here (`from members.models import Service`):
base (the public UUID, statuses, name order, freshness thresholds), vocabularies,
organisations (with locations), services, hours (weekly hours, closures and special hours),
editors (memberships, invitations, confirmations), changes (editors' proposed changes),
reports (visitors' problem reports) and imports (spreadsheet import jobs).
"""

from members.models.base import (
    OUTDATED_AFTER_DAYS,
    PHONES_MAX_LENGTH,
    STALE_AFTER_DAYS,
    Status,
    name_in_language,
    name_order_indexes,
    uuid_field,
)
from members.models.changes import ChangeRequest
from members.models.editors import Confirmation, EditorMembership, Invitation
from members.models.hours import (
    EVENING,
    WEEKDAY_KEYS,
    Closure,
    HoursException,
    HoursRow,
    OpeningStatus,
    Schedule,
    day_from_key,
)
from members.models.imports import ImportJob
from members.models.organisations import (
    ORGANISATION_CONTACT_FIELDS,
    ORGANISATION_SLUG_LENGTH,
    Community,
    Location,
    Organisation,
    OrganisationQuerySet,
)
from members.models.reports import ProblemReport, ProblemReportQuerySet
from members.models.services import (
    SERVICE_ACCESS_FIELDS,
    SERVICE_TRANSLATED_FIELDS,
    Service,
    ServiceQuerySet,
    ServiceStatus,
)
from members.models.vocabularies import (
    Language,
    OrganisationType,
    PopulationGroup,
    ServiceCategory,
    Vocabulary,
)

__all__ = [
    "EVENING",
    "ORGANISATION_CONTACT_FIELDS",
    "ORGANISATION_SLUG_LENGTH",
    "OUTDATED_AFTER_DAYS",
    "PHONES_MAX_LENGTH",
    "SERVICE_ACCESS_FIELDS",
    "SERVICE_TRANSLATED_FIELDS",
    "STALE_AFTER_DAYS",
    "WEEKDAY_KEYS",
    "ChangeRequest",
    "Closure",
    "Community",
    "Confirmation",
    "EditorMembership",
    "HoursException",
    "HoursRow",
    "ImportJob",
    "Invitation",
    "Language",
    "Location",
    "OpeningStatus",
    "Organisation",
    "OrganisationQuerySet",
    "OrganisationType",
    "PopulationGroup",
    "ProblemReport",
    "ProblemReportQuerySet",
    "Schedule",
    "Service",
    "ServiceCategory",
    "ServiceQuerySet",
    "ServiceStatus",
    "Status",
    "Vocabulary",
    "day_from_key",
    "name_in_language",
    "name_order_indexes",
    "uuid_field",
]
