"""The coordinators' back office: Django's admin with two-factor login and a dashboard.

Installed as the default admin site (accmr.apps.AccmrAdminConfig), so `admin.site` and
`@admin.register` everywhere in the project use it. Every page it serves that shows a POSTed
form again with errors (add and change forms with their inlines, editable lists, passwords,
imports, reviews, the log-in) answers 400 rather than Django's 200.
"""

import uuid
from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.core.exceptions import BadRequest, ObjectDoesNotExist, PermissionDenied
from django.db.models import UUIDField
from django.forms import BaseForm, BaseFormSet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.i18n import set_language

from accmr import otp
from accmr.lib.forms import form_status


class AccmrAdminSite(admin.AdminSite):
    site_header = _("ACCMR back office")
    site_title = _("ACCMR back office")
    index_title = _("Records and settings")
    login_form = otp.OTPAdminLoginForm
    login_template = "admin/login.html"
    index_template = "admin/accmr_index.html"

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not otp.otp_required() or request.user.is_verified()

    def _may_only_enrol(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and otp.otp_required()
            and not user.is_verified()
            and otp.needs_enrolment(user)
        )

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET" and request.user.is_authenticated:
            if self._may_only_enrol(request):
                return redirect("admin:otp_setup")
        return _refused_is_400(request, super().login(request, extra_context))

    def admin_view(self, view, cacheable=False):
        # Every model admin's views (and the site's own) pass through here, so this is the
        # one place where the admin's refused forms get their 400.
        model_admin = getattr(view, "__self__", None)
        uuid_keys = isinstance(model_admin, admin.ModelAdmin) and isinstance(
            model_admin.model._meta.pk, UUIDField
        )

        @wraps(view)
        def answer(request, *args, **kwargs):
            if not (_keys_are_uuids if uuid_keys else _keys_are_numbers)(args, kwargs):
                raise Http404("No such record.")
            try:
                response = view(request, *args, **kwargs)
            except ObjectDoesNotExist as error:
                # Third-party admin views (django-otp's QR code and config pages) look their
                # object up with .get(): a made-up id is a missing page, not a 500.
                raise Http404(str(error)) from error
            except (OverflowError, ValueError) as error:
                if getattr(view, "__name__", "") != "changelist_view":
                    raise
                # The date hierarchy builds dates from the query string unchecked: a year of
                # 20 digits overflows, 9999 has no next year. Django answers other bad list
                # parameters with a page; these are the visitor's mistake too.
                raise BadRequest(str(error)) from error
            return _refused_is_400(request, response)

        return super().admin_view(answer, cacheable)

    def autocomplete_view(self, request):
        return PeopleByNameAutocomplete.as_view(admin_site=self)(request)

    def get_urls(self):
        urls = [
            path("dashboard/", self.admin_view(self.dashboard_view), name="dashboard"),
            path(
                "dashboard/emails/<int:pk>/resend/",
                self.admin_view(self.resend_email_view),
                name="resend_email",
            ),
            path("two-factor/", self.admin_view(self.otp_status_view), name="otp_status"),
            path("two-factor/setup/", self.otp_setup_view, name="otp_setup"),
            path("language/", set_language, name="set_language"),
        ]
        return urls + super().get_urls()

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        context["otp_required"] = otp.otp_required()
        return context

    # -- pages -------------------------------------------------------------------------

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        from accmr.dashboard import collect

        if not request.user.has_perm("members.view_organisation"):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": gettext("Coordinators' dashboard"),
            **collect(),
        }
        request.current_app = self.name
        return render(request, "admin/dashboard.html", context)

    def resend_email_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Queue a failed e-mail again (POST from the dashboard); it is built anew."""
        from accmr import mail
        from accmr.models import FailedEmail

        if not request.user.has_perm("members.view_organisation"):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        failed = FailedEmail.objects.filter(pk=pk).first()
        if failed is None:
            messages.warning(request, gettext("That e-mail is no longer in the list."))
        else:
            mail.resend(failed)
            messages.success(request, gettext("The e-mail is queued to be sent again."))
        return redirect("admin:dashboard")

    def otp_status_view(self, request: HttpRequest) -> HttpResponse:
        """Two-factor status for a verified account; new recovery codes on request."""
        from django_otp.plugins.otp_static.models import StaticToken

        codes = None
        if request.method == "POST":
            codes = otp.new_recovery_codes(request.user)
        context = {
            **self.each_context(request),
            "title": gettext("Two-factor authentication"),
            "recovery_codes": codes,
            "codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        }
        request.current_app = self.name
        return render(request, "admin/otp_status.html", context)

    def otp_setup_view(self, request: HttpRequest) -> HttpResponse:
        """Set up an authenticator app: first enrolment, or replacing the app when verified."""
        return _otp_setup(request, self)


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def _otp_setup(request: HttpRequest, site: AccmrAdminSite) -> HttpResponse:
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        login_url = reverse("admin:login", current_app=site.name)
        return HttpResponseRedirect(f"{login_url}?{REDIRECT_FIELD_NAME}={request.path}")
    if not (user.is_verified() or otp.needs_enrolment(user)):
        # An enrolled account must prove itself before it may replace its app.
        return redirect("admin:login")
    device = otp.pending_app_device(user)
    form = otp.ConfirmAppForm(request.POST or None, device=device)
    context = {
        **site.each_context(request),
        "title": gettext("Set up two-factor authentication"),
        "form": form,
        "qr_code": otp.qr_code_data_uri(device.config_url),
        "secret": otp.secret_for_humans(device),
        "replacing": user.is_verified(),
    }
    if request.method == "POST" and form.is_valid():
        context["recovery_codes"] = otp.confirm_app_device(request, device)
        context["title"] = gettext("Two-factor authentication is on")
        context["has_permission"] = site.has_permission(request)
    if not context["has_permission"]:
        # Not in yet: no list of the admin's pages, but a way out.
        context.update(is_nav_sidebar_enabled=False, available_apps=[], show_logout=True)
    request.current_app = site.name
    return render(request, "admin/otp_setup.html", context, status=form_status(form))


# Every model in the back office has an integer key, but the task queue's results (django_tasks_db)
# have a UUID (tests/security/test_fuzz_input.py checks).
_KEY_NAMES = {"object_id", "pk", "id", "history_id"}


def _keys_are_numbers(args: tuple, kwargs: dict) -> bool:
    """Whether every record key in the URL is an ASCII number that fits a bigint.

    Django's change form checks its key itself, but simple_history's pages (positional keys),
    our own review pages and django-otp's pass it straight to `.get()`, where "²" (a digit to
    str.isdigit(), not to int()) or a 20-digit number ends in a 500.
    """
    values = [*args, *(value for name, value in kwargs.items() if name in _KEY_NAMES)]
    return all(
        isinstance(value, int) or (value.isascii() and value.isdigit() and len(value) < 19)
        for value in values
    )


def _keys_are_uuids(args: tuple, kwargs: dict) -> bool:
    """Whether every record key in the URL is a well-formed UUID (a model keyed by UUID)."""
    values = [*args, *(value for name, value in kwargs.items() if name in _KEY_NAMES)]
    return all(_is_uuid(value) for value in values)


def _is_uuid(value) -> bool:
    if isinstance(value, uuid.UUID):
        return True
    try:
        return value.isascii() and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class PeopleByNameAutocomplete(AutocompleteJsonView):
    """The admin's autocomplete, with people named by User.label_for_colleagues()."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = obj.label_for_colleagues()
        return result


def _refused_is_400(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """400 for a page that shows a POSTed form again with errors; any other answer as is.

    Django's change form lists the errors of the form and its inlines as `errors`; the other
    pages hold their form or formset in the context (`cl.formset` for an editable list).
    Action confirmations and import previews hold no refused form and stay 200.
    """
    if request.method != "POST" or not isinstance(response, TemplateResponse):
        return response
    if response.status_code != 200:
        return response
    context = response.context_data or {}
    changelist = context.get("cl")
    forms = [v for v in context.values() if isinstance(v, BaseForm | BaseFormSet)]
    if context.get("errors") or form_status(*forms, getattr(changelist, "formset", None)) == 400:
        response.status_code = 400
    return response


def boolean_icon(value) -> str:
    """Django's yes/no/unknown icon of a boolean column, its text in the admin's language."""
    name = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)
