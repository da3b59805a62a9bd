"""Workflows of the directory that span several models or send e-mail."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from accmr.models import User
from members.models import Organisation, ProblemReport, Service

logger = logging.getLogger(__name__)


def problem_report_submit(
    *,
    organisation: Organisation,
    service: Service | None,
    message: str,
    contact_email: str,
) -> ProblemReport:
    """Save a visitor's report and tell the coordinators and the organisation's editors.

    The notice never carries the visitor's e-mail address (it stays with the report,
    in the admin), so it cannot leak through mail logs or the console backend.
    """
    report = ProblemReport.objects.create(
        organisation=organisation,
        service=service,
        message=message,
        contact_email=contact_email,
    )
    editors = list(
        User.objects.filter(
            editor_memberships__organisation=organisation, is_active=True
        ).values_list("email", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        notice = EmailMessage(
            subject=gettext("Problem reported: {organisation}").format(
                organisation=organisation.name
            ),
            body=_notice_body(report),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(settings.COORDINATORS_EMAIL),
            bcc=editors,
        )
    try:
        notice.send()
    except (SMTPException, OSError):
        # The report is saved and listed in the admin; a lost notice must not lose it.
        logger.exception("Could not send the notice for problem report %s", report.pk)
    else:
        logger.info("Problem report %s received and notice sent", report.pk)
    return report


def _notice_body(report: ProblemReport) -> str:
    organisation = report.organisation
    lines = [
        gettext("A visitor reported a problem on the directory."),
        "",
        gettext("Organisation: {name}").format(name=organisation.name),
        settings.SITE_URL + organisation.get_absolute_url(),
    ]
    if report.service:
        lines += [
            gettext("Service: {name}").format(name=report.service.name),
            settings.SITE_URL + report.service.get_absolute_url(),
        ]
    lines += ["", gettext("Message:"), report.message, ""]
    if report.contact_email:
        lines.append(
            gettext(
                "The visitor left an e-mail address for a reply; it is kept with the report "
                "in the administration pages."
            )
        )
    else:
        lines.append(gettext("The visitor left no e-mail address."))
    try:
        admin_url = reverse("admin:members_problemreport_change", args=[report.pk])
    except NoReverseMatch:
        admin_url = ""
    if admin_url:
        lines.append(settings.SITE_URL + admin_url)
    return "\n".join(lines)
