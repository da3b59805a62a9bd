from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accmr.models import User
from accmr.roles import COORDINATORS_GROUP
from bulletin import seed as bulletin_seed
from bulletin import seed_calls
from members import seed as members_seed
from members.models import EditorMembership, Organisation
from network import seed as network_seed


class Command(BaseCommand):
    help = (
        "Load the vocabularies, ACCMR's member organisations, the City of Athens' municipal "
        "bodies, the Cities Network and example activities and news (idempotent). --scale N "
        "adds N synthetic organisations (with an activity each, and a news post per ten); "
        "--demo-accounts (development only) a coordinator and a member editor to try them."
    )

    # Known passwords are only acceptable on a developer's machine: --demo-accounts refuses
    # to run with DEBUG off, and outside development the admin also asks for a second factor.
    DEMO_PASSWORD = "demo-accmr-2026"
    DEMO_COORDINATOR = "coordinator@demo.invalid"
    DEMO_EDITOR = "editor@demo.invalid"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also add N synthetic example organisations with about 5 services each.",
        )
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help="Development only: a coordinator and an editor with a known password.",
        )

    def handle(self, *args, scale: int, demo_accounts: bool = False, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more")
        if demo_accounts and not settings.DEBUG:
            raise CommandError("--demo-accounts is for development only (DEBUG=1).")
        with transaction.atomic():
            members_seed.seed_vocabularies()
            members_seed.seed_organisations()
            network_seed.seed_network()
            bulletin_seed.seed_bulletin()
            seed_calls.seed_examples()
        if scale:
            # Load-test data lives with the benchmarks; only --scale needs it.
            from bench.scale import seed_scale

            seed_scale(scale, stdout=self.stdout)
            self._bulletin_scale(scale)
        if demo_accounts:
            self._demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

    def _bulletin_scale(self, scale: int) -> None:
        """Activities, news, open calls and publications in proportion to the synthetic
        organisations (bench/bulletin_scale.py)."""
        from bench.bulletin_scale import seed_activities_and_news, seed_calls_and_publications
        from bench.scale import SCALE_PREFIX

        synthetic = Organisation.objects.published().filter(slug__startswith=SCALE_PREFIX)
        numbers = {f"{SCALE_PREFIX}{n}" for n in range(1, scale + 1)}
        organisations = [o for o in synthetic.only("pk", "slug") if o.slug in numbers]
        activities, posts = seed_activities_and_news(organisations)
        self.stdout.write(f"Synthetic activities added: {activities}; news posts: {posts}.")
        seed_calls_and_publications(scale)

    def _demo_accounts(self) -> None:
        """A coordinator (the admin) and an editor of a member organisation (/my/)."""
        coordinator = self._account(self.DEMO_COORDINATOR, "Demo coordinator", is_staff=True)
        coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        editor = self._account(self.DEMO_EDITOR, "Demo editor")
        organisation = Organisation.objects.filter(is_member=True, is_trusted=False).order_by(
            "slug"
        )[0]
        EditorMembership.objects.get_or_create(user=editor, organisation=organisation)
        self.stdout.write(
            f"Demo accounts (password {self.DEMO_PASSWORD}): {self.DEMO_COORDINATOR} at "
            f"/admin/, {self.DEMO_EDITOR} at /el/my/ for {organisation.name_el}."
        )

    def _account(self, email: str, name: str, **flags) -> User:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = name
        for flag, value in flags.items():
            setattr(user, flag, value)
        user.set_password(self.DEMO_PASSWORD)
        user.save()
        return user
