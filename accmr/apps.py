from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccmrConfig(AppConfig):
    name = "accmr"
    verbose_name = _("Site and accounts")

    def ready(self) -> None:
        from accmr import cache

        cache.connect_signals()
