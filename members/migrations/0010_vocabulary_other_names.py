# The vocabularies' names in the public site's other languages (ar, fa, ur, fr, uk): the column,
# then the names of members/data/vocabulary_names.json for the terms that exist (keyed by slug;
# a name a coordinator already set is kept), then each service whose category got names has them
# added to its search text, so a Farsi or Arabic query for its category finds it at once
# (`manage.py rebuild_search_text` writes the same text in its usual order).

import json
from pathlib import Path

from django.db import migrations, models

from accmr.lib.text import normalise

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "vocabulary_names.json"
LANGUAGES = ("ar", "fa", "ur", "fr", "uk")


def load_names(apps, schema_editor):
    facts = json.loads(NAMES_FILE.read_text(encoding="utf-8")) if NAMES_FILE.exists() else {}
    for model_name, terms in facts.items():
        model = apps.get_model("members", model_name)
        for term in model.objects.filter(slug__in=list(terms)):
            given = {c: n.strip() for c, n in terms[term.slug].items() if c in LANGUAGES and n}
            merged = {**given, **(term.other_names or {})}
            if merged != term.other_names:
                term.other_names = merged
                term.save(update_fields=["other_names"])
    Service = apps.get_model("members", "Service")
    categories = {
        c.pk: c.other_names
        for c in apps.get_model("members", "ServiceCategory").objects.all()
        if c.other_names
    }
    for service in Service.objects.filter(
        models.Q(category__in=list(categories)) | models.Q(subcategory__in=list(categories))
    ).only("pk", "search_text", "category_id", "subcategory_id"):
        names = [
            name
            for pk in (service.category_id, service.subcategory_id)
            for name in categories.get(pk, {}).values()
        ]
        extra = normalise(" ".join(names))
        if extra and extra not in service.search_text:
            Service.objects.filter(pk=service.pk).update(
                search_text=f"{service.search_text} {extra}"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0009_coordinators_manage_closures'),
    ]

    operations = [
        migrations.AddField(
            model_name='language',
            name='other_names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in Arabic, Farsi, Urdu, French and Ukrainian, for the public site.', verbose_name='names in other languages'),
        ),
        migrations.AddField(
            model_name='organisationtype',
            name='other_names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in Arabic, Farsi, Urdu, French and Ukrainian, for the public site.', verbose_name='names in other languages'),
        ),
        migrations.AddField(
            model_name='populationgroup',
            name='other_names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in Arabic, Farsi, Urdu, French and Ukrainian, for the public site.', verbose_name='names in other languages'),
        ),
        migrations.AddField(
            model_name='servicecategory',
            name='other_names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in Arabic, Farsi, Urdu, French and Ukrainian, for the public site.', verbose_name='names in other languages'),
        ),
        migrations.RunPython(load_names, migrations.RunPython.noop),
    ]
