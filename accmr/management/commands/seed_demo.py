from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members import seed as members_seed
from network import seed as network_seed


class Command(BaseCommand):
    help = (
        "Load the vocabularies, ACCMR's member organisations, the City of Athens' municipal "
        "bodies and the Cities Network (idempotent). --scale N adds N synthetic organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also add N synthetic example organisations with about 5 services each.",
        )

    def handle(self, *args, scale: int, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more")
        with transaction.atomic():
            members_seed.seed_vocabularies()
            members_seed.seed_organisations()
            network_seed.seed_network()
        if scale:
            members_seed.seed_scale(scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
