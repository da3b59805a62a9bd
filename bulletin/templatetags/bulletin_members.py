"""The "for members" block on the directory's organisation and service pages.

The directory's templates (project-level, in templates/members/) load this library; the
members app's Python never imports the bulletin. The block costs no query and does not even
touch the session for a visitor without a session cookie, so anonymous pages stay cacheable
and identical for everyone; accmr.cache never stores or serves pages of logged-in people.
"""

from django import template
from django.conf import settings

from bulletin.access import is_member_reader
from bulletin.models import OrganisationMembersInfo, ServiceMembersInfo
from members.models import Organisation, Service

register = template.Library()


@register.inclusion_tag("bulletin/members/_contact_block.html", takes_context=True)
def members_only_contacts(context, record: Organisation | Service) -> dict:
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return {"info": None}
    if not is_member_reader(request.user):
        return {"info": None}
    if isinstance(record, Organisation):
        info = OrganisationMembersInfo.objects.filter(organisation=record).first()
    else:
        info = ServiceMembersInfo.objects.filter(service=record).first()
    return {"info": info}
