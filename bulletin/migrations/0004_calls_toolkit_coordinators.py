"""Coordinators review calls and publications and manage the members-only contacts.

Adds to the Coordinators group (accmr/migrations/0003_coordinators_group.py) the permissions
on this part of the bulletin; answers and digest records are personal data, coordinators may
only view and delete them. Idempotent.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Coordinators"
ALL = ("add", "change", "delete", "view")
PERMISSIONS = {
    "opencall": ALL,
    "publication": ALL,
    "organisationmembersinfo": ALL,
    "servicemembersinfo": ALL,
    "callanswer": ("delete", "view"),
    "digestpreference": ("change", "view"),
    "digestdelivery": ("view",),
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("bulletin")
    # Put back what was there: None in a migration's state (or no attribute), the module when
    # called with the project's own registry (tests), where None would make post_migrate
    # (and so every flush) skip the app's content types and permissions from then on.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label="bulletin", codename=f"{a}_{model}")
            for model, actions in PERMISSIONS.items()
            for a in actions
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="bulletin", codename__in=[
                f"{a}_{model}" for model, actions in PERMISSIONS.items() for a in actions
            ])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0003_calls_toolkit_members_digest"),
        ("accmr", "0003_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
