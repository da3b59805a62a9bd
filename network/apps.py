from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Cities Network")

    def ready(self) -> None:
        # The network's figure joins the directory-in-figures page (members never imports us).
        from members import figures
        from network.figures import municipalities_side_by_side

        figures.register(municipalities_side_by_side)
