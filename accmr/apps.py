from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccmrConfig(AppConfig):
    name = "accmr"
    verbose_name = _("Site and accounts")

    def ready(self):
        # Connects the log-in audit receivers (log-in, failure, lock-out, log-out) and
        # registers the portal's own deploy checks.
        from accmr import accounts, checks  # noqa: F401
