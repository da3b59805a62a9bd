"""Create the Coordinators group with exactly the permissions it needs (idempotent).

See accmr/roles.py for the reasoning. Running it again (or after new permissions appear)
sets the group's permissions to this list, adding nothing else; models of the list that a
later migration removed are skipped (their permissions are gone with them). Later migrations
grant their own models' permissions (members 0009, bulletin 0002 and 0004).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Coordinators"
ALL = ("add", "change", "delete", "view")
PERMISSIONS = {
    "members": {
        "organisation": ALL,
        "location": ALL,
        "service": ALL,
        "schedule": ALL,
        "organisationtype": ALL,
        "servicecategory": ALL,
        "populationgroup": ALL,
        "language": ALL,
        "problemreport": ("change", "delete", "view"),
        "changerequest": ("change", "view"),
        "editormembership": ALL,
        "invitation": ALL,
    },
    "network": {
        "municipality": ALL,
        "structure": ALL,
        "goodpractice": ALL,
        "newsitem": ALL,
    },
    "accmr": {
        "user": ("add", "change", "view"),
    },
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them now
    # so the group can be filled on a fresh database too.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
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
    wanted = []
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            try:
                apps.get_model(app_label, model)
            except LookupError:
                # Gone since (network.newsitem became bulletin.NewsPost in network 0004):
                # run again with today's models, its permissions no longer exist.
                continue
            for action in actions:
                wanted.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accmr", "0002_search_trigram_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
