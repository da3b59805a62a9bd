from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core.signals import setting_changed
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpAppConfig
from django_tasks_db.apps import TasksAppConfig


def english_fallback_for_public_only_languages(**kwargs) -> None:
    """A string missing from the Arabic, Farsi, Urdu, French or Ukrainian catalogue shows in
    English, not Greek.

    Django falls back to LANGUAGE_CODE's catalogue (Greek) for a msgid a catalogue lacks; the
    public-only catalogues hold the public strings alone, and a visitor who reads Farsi is far
    likelier to read English than Greek. Applied at start-up and again whenever the test
    settings reset Django's catalogue cache.
    """
    if kwargs.get("setting") not in (None, "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        return
    from django.utils.translation import trans_real

    english = trans_real.translation("en")
    for code in getattr(settings, "PUBLIC_ONLY_LANGUAGES", ()):
        trans_real.translation(code)._fallback = english


class AccmrConfig(AppConfig):
    default = True  # this module holds other apps' configurations too
    name = "accmr"
    verbose_name = _("Site and accounts")

    def ready(self) -> None:
        # Connects the log-in audit receivers (log-in, failure, lock-out, log-out) and
        # registers the portal's own deploy checks.
        from accmr import (
            accounts,  # noqa: F401
            cache,
            checks,  # noqa: F401
        )

        cache.connect_signals()
        english_fallback_for_public_only_languages()
        setting_changed.connect(
            english_fallback_for_public_only_languages, dispatch_uid="accmr_english_fallback"
        )
        # Each app's e-mail builders (emails.py) and scheduled jobs (jobs.py) register
        # themselves on import, in the web processes and in the workers alike.
        autodiscover_modules("emails", "jobs")


class AccmrAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (two-factor login, dashboard) as `admin.site`."""

    default = False
    default_site = "accmr.admin_site.AccmrAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        from accmr.admin_site import boolean_icon

        # Django 5.2 writes the yes/no icons of boolean columns with alt="True"/"False" in
        # English whatever the language; ours says "Yes"/"No" in the admin's language.
        admin_list._boolean_icon = boolean_icon


# The packages' own apps under names a coordinator reads in Greek or English in the admin
# (their own are "Axes", "Otp_Totp", "Otp_Static", "Tasks Database Backend", untranslated).
class AxesConfig(AxesAppConfig):
    default = False
    verbose_name = _("Log-in lock-outs")


class OtpTotpConfig(OtpTotpAppConfig):
    default = False
    verbose_name = _("Authenticator apps")


class OtpStaticConfig(OtpStaticAppConfig):
    default = False
    verbose_name = _("Backup codes")


class TasksDatabaseConfig(TasksAppConfig):
    default = False
    verbose_name = _("Background tasks")
