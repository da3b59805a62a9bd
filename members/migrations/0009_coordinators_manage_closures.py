"""Coordinators add, change, delete and view closures and special hours (see accmr/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("members")
    # Put back what was there: None in a migration's state (or no attribute), the module when
    # called with the project's own registry (tests), where None would make post_migrate
    # (and so every flush) skip the app's content types and permissions from then on.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Coordinators").first()
    if group is None:  # made by accmr 0003; absent only if someone deleted it
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members",
            codename__in=[f"{action}_closure" for action in ACTIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Coordinators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="members",
                codename__in=[f"{action}_closure" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_service_closures_and_public_holidays"),
        ("accmr", "0003_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
