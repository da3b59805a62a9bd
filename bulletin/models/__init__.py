"""The bulletin's models, one module per section, all re-exported here."""

from bulletin.models.activities import Activity, ActivityStatus, Weekday
from bulletin.models.calls import CallAnswer, OpenCall
from bulletin.models.digest import DigestDelivery, DigestPreference
from bulletin.models.members_only import OrganisationMembersInfo, ServiceMembersInfo
from bulletin.models.news import NewsPost, Topic
from bulletin.models.publications import Publication

__all__ = [
    "Activity",
    "ActivityStatus",
    "CallAnswer",
    "DigestDelivery",
    "DigestPreference",
    "NewsPost",
    "OpenCall",
    "OrganisationMembersInfo",
    "Publication",
    "ServiceMembersInfo",
    "Topic",
    "Weekday",
]
