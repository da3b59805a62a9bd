from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from accmr.cache import CONTENT_CHANGED_HOOKS
        from members.hsds.files import queue_build

        # The open-data files follow the content: a change queues their build.
        if queue_build not in CONTENT_CHANGED_HOOKS:
            CONTENT_CHANGED_HOOKS.append(queue_build)
