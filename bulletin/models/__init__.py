"""The bulletin's models, one module per section, all re-exported here."""

from bulletin.models.calls import CallAnswer, OpenCall
from bulletin.models.digest import DigestDelivery, DigestPreference
from bulletin.models.members_only import OrganisationMembersInfo, ServiceMembersInfo
from bulletin.models.publications import Publication

__all__ = [
    "CallAnswer",
    "DigestDelivery",
    "DigestPreference",
    "OpenCall",
    "OrganisationMembersInfo",
    "Publication",
    "ServiceMembersInfo",
]
