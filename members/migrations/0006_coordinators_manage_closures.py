"""Coordinators add, change, delete and view closures and special hours (see accmr/roles.py):
the group's permissions are set again from accmr's list, which names closures."""

import importlib

from django.db import migrations


def set_coordinators_permissions(apps, schema_editor):
    group_migration = importlib.import_module("accmr.migrations.0003_coordinators_group")
    group_migration.create_group(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_service_closures_and_public_holidays"),
        ("accmr", "0003_coordinators_group"),
    ]

    operations = [migrations.RunPython(set_coordinators_permissions, migrations.RunPython.noop)]
