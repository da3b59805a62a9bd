from django.core.management.base import BaseCommand
from django.db import transaction

from accmr.lib.text import rebuild_search_text
from members.models import Organisation, Service
from network.models import GoodPractice, Municipality


class Command(BaseCommand):
    help = (
        "Rewrite the normalised search column of every organisation, service, municipality "
        "and good practice (after a change to accmr.lib.text or a bulk import)."
    )

    def handle(self, *args, **options):
        for model in (Organisation, Service, Municipality, GoodPractice):
            with transaction.atomic():
                changed = rebuild_search_text(model.objects.all())
            self.stdout.write(f"{model._meta.verbose_name_plural}: {changed} rewritten")
