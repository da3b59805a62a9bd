from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import Organisation, Service
from network.models import GoodPractice, Municipality


class Command(BaseCommand):
    help = (
        "Rewrite the normalised search column of every organisation, service, municipality "
        "and good practice (after a change to accmr.lib.text or a bulk import)."
    )

    def handle(self, *args, **options):
        for model in (Organisation, Service, Municipality, GoodPractice):
            rows = model.objects.all()
            if model is Service:
                rows = rows.select_related("category", "subcategory")  # part of the text
            changed = []
            with transaction.atomic():
                for obj in rows.iterator(chunk_size=2000):
                    text = obj.build_search_text()
                    if text != obj.search_text:
                        obj.search_text = text
                        changed.append(obj)
                    if len(changed) >= 2000:
                        model.objects.bulk_update(changed, ["search_text"])
                        changed = []
                model.objects.bulk_update(changed, ["search_text"])
            self.stdout.write(f"{model._meta.verbose_name_plural}: done")
