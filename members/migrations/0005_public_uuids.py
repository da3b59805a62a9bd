# Public identifiers (UUIDs) for every record the open data API exposes (HSDS 3 ids).
#
# Adding a UUIDField with default=uuid4 to a table with rows would give every row the SAME
# value (the default is evaluated once for the ALTER TABLE), so the field is added nullable,
# every row is given its own uuid4, and only then is it made unique and required. Historical
# rows take the uuid of the record they are a version of (a deleted record's versions share
# one new uuid).

import uuid

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

LIVE = [
    "organisationtype",
    "servicecategory",
    "populationgroup",
    "language",
    "organisation",
    "location",
    "service",
    "schedule",
]
HISTORICAL = {
    "historicalorganisation": "organisation",
    "historicallocation": "location",
    "historicalservice": "service",
}
BATCH = 1000
HELP = "The record's id in open data; it never changes."
LABEL = "public identifier (UUID)"


def _nullable():
    return models.UUIDField(null=True, editable=False)


def _fill(apps, schema_editor):
    for name in LIVE:
        model = apps.get_model("members", name)
        pending = []
        for row in model.objects.filter(uuid__isnull=True).only("pk").iterator(chunk_size=BATCH):
            row.uuid = uuid.uuid4()
            pending.append(row)
            if len(pending) >= BATCH:
                model.objects.bulk_update(pending, ["uuid"])
                pending = []
        model.objects.bulk_update(pending, ["uuid"])
    for name, live_name in HISTORICAL.items():
        model = apps.get_model("members", name)
        live = apps.get_model("members", live_name).objects.filter(pk=OuterRef("id"))
        model.objects.update(uuid=Subquery(live.values("uuid")[:1]))
        deleted = model.objects.filter(uuid__isnull=True).values_list("id", flat=True)
        for record_id in list(deleted.distinct()):
            model.objects.filter(id=record_id).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_list_order_indexes"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="uuid", field=_nullable())
            for name in [*LIVE, *HISTORICAL]
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop, elidable=True),
        *(
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(
                    default=uuid.uuid4,
                    editable=False,
                    help_text=HELP,
                    unique=True,
                    verbose_name=LABEL,
                ),
            )
            for name in LIVE
        ),
        *(
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(
                    db_index=True,
                    default=uuid.uuid4,
                    editable=False,
                    help_text=HELP,
                    verbose_name=LABEL,
                ),
            )
            for name in HISTORICAL
        ),
    ]
