from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccmrConfig(AppConfig):
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
