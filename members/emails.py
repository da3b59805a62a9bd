"""The members' e-mails, built by the worker when they are sent (see accmr.mail).

Each builder reads the records named by its parameters now, in the recipient's language, and
returns None when there is nothing left to say (the record is gone, the invitation used).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from accmr.mail import Email, email_kind, languages_of, render_email
from accmr.models import User
from members import services
from members.changes import change_title, describe_change
from members.models import ChangeRequest, Invitation, Organisation, ProblemReport

TEMPLATES = "members/email/"


@email_kind("members.invitation")
def invitation(recipient: str, *, invitation_id: int) -> Email | None:
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable():
        return None
    token = services.invitation_new_token(invitation)
    return render_email(
        TEMPLATES + "invitation",
        lambda: {
            "organisation": invitation.organisation,
            "token": token,
            "days": services.INVITATION_DAYS,
            "expires_at": invitation.expires_at,
        },
        languages_of(recipient),
    )


def _change_request(change_request_id: int) -> ChangeRequest | None:
    return (
        ChangeRequest.objects.select_related("organisation", "service", "submitted_by")
        .filter(pk=change_request_id)
        .first()
    )


def _change_email(template: str):
    """The builder of an e-mail about a proposed change (submitted, reviewed)."""

    def build(recipient: str, *, change_request_id: int) -> Email | None:
        change_request = _change_request(change_request_id)
        if change_request is None:
            return None
        return render_email(
            TEMPLATES + template,
            lambda: {
                "change_request": change_request,
                "changes": describe_change(change_request),
                "title": change_title(change_request),
            },
            languages_of(recipient),
        )

    return build


email_kind("members.change_submitted")(_change_email("change_submitted"))
email_kind("members.change_reviewed")(_change_email("change_reviewed"))
email_kind("members.change_reverted")(_change_email("change_reverted"))


def _report(report_id: int) -> ProblemReport | None:
    return (
        ProblemReport.objects.select_related("organisation", "service", "editor_answered_by")
        .filter(pk=report_id)
        .first()
    )


def _report_email(template: str, *, open_only: bool = True):
    """The builder of an e-mail about a problem report (forwarded, answered)."""

    def build(recipient: str, *, report_id: int) -> Email | None:
        report = _report(report_id)
        if report is None or (open_only and report.resolved):
            return None
        return render_email(
            TEMPLATES + template, lambda: {"report": report}, languages_of(recipient)
        )

    return build


email_kind("members.problem_report_forwarded")(_report_email("problem_report_forwarded"))
email_kind("members.problem_report_answered")(_report_email("problem_report_answered"))


@email_kind("members.problem_report_reply")
def problem_report_reply(recipient: str, *, report_id: int) -> Email | None:
    """The coordinators' answer to a visitor, in Greek and English (a visitor has no account)."""
    report = _report(report_id)
    if report is None or not report.reply:
        return None
    return render_email(TEMPLATES + "problem_report_reply", lambda: {"report": report})


@email_kind("members.confirm_data")
def confirm_data(recipient: str, *, organisation_ids: list[int]) -> Email | None:
    editor = User.objects.filter(email__iexact=recipient, is_active=True).first()
    organisations = list(
        Organisation.objects.filter(pk__in=organisation_ids, editor_memberships__user=editor)
        .distinct()
        .order_by("name")
    )
    if editor is None or not organisations:
        return None
    return render_email(
        TEMPLATES + "confirm_data",
        lambda: {"editor": editor, "organisations": organisations},
        languages_of(recipient),
    )


@email_kind("members.problem_report")
def problem_report(recipient: str, *, report_id: int) -> Email | None:
    """The notice of a visitor's report; it never carries the visitor's e-mail address (that
    stays with the report, in the admin), so it cannot leak through mail logs."""
    report = (
        ProblemReport.objects.select_related("organisation", "service").filter(pk=report_id).first()
    )
    if report is None:
        return None
    subjects, bodies = [], []
    for language in languages_of(recipient):
        with translation.override(language):
            subjects.append(
                gettext("Problem reported: {organisation}").format(
                    organisation=report.organisation.name
                )
            )
            bodies.append(_notice_body(report))
    return Email(
        subject=" / ".join(dict.fromkeys(subjects)), body="\n\n---\n\n".join(bodies) + "\n"
    )


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
