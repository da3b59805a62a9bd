from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinConfig(AppConfig):
    """What circulates among members: activities, open calls, the toolkit, news.

    Builds on members/ (organisations, editors, vocabularies, review); members/ never imports it.
    """

    name = "bulletin"
    verbose_name = _("Bulletin")
