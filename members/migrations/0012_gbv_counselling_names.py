# "Counselling" under gender-based violence had the same name as "Counselling" under mental health
# in every language; it is now "Counselling on gender-based violence" (taxonomy.json and
# vocabulary_names.json). Existing rows take the new names where they still hold the old generic
# ones (a name a coordinator corrected is kept), and the services of that sub-category get the
# new names in their search text, as migration 0010 did for the first names.

from django.db import migrations, models

from accmr.lib.text import normalise

SLUG = "gbv_counselling"
OLD_NAMES = {
    "el": "Συμβουλευτική",
    "en": "Counselling",
    "ar": "الإرشاد",
    "fa": "مشاوره",
    "ur": "مشاورت",
    "fr": "Accompagnement",
    "uk": "Консультування",
}
NEW_NAMES = {
    "el": "Συμβουλευτική για την έμφυλη βία",
    "en": "Counselling on gender-based violence",
    "ar": "الإرشاد في حالات العنف القائم على النوع الاجتماعي",
    "fa": "مشاوره دربارهٔ خشونت مبتنی بر جنسیت",
    "ur": "صنفی بنیاد پر تشدد سے متعلق مشاورت",
    "fr": "Accompagnement face aux violences fondées sur le genre",
    "uk": "Консультування щодо гендерно зумовленого насильства",
}


def rename(apps, schema_editor):
    ServiceCategory = apps.get_model("members", "ServiceCategory")
    Service = apps.get_model("members", "Service")
    for term in ServiceCategory.objects.filter(slug=SLUG):
        changed = []
        for code in ("el", "en"):
            if getattr(term, f"name_{code}") == OLD_NAMES[code]:
                setattr(term, f"name_{code}", NEW_NAMES[code])
                changed.append(f"name_{code}")
        names = dict(term.other_names or {})
        for code, old in OLD_NAMES.items():
            if code not in ("el", "en") and names.get(code, old) == old:
                names[code] = NEW_NAMES[code]
        if names != term.other_names:
            term.other_names = names
            changed.append("other_names")
        if changed:
            term.save(update_fields=changed)
        extra = normalise(" ".join([term.name_el, term.name_en or "", *names.values()]))
        for service in Service.objects.filter(
            models.Q(category=term) | models.Q(subcategory=term)
        ).only("pk", "search_text"):
            missing = " ".join(w for w in extra.split() if w not in service.search_text.split())
            if missing:
                Service.objects.filter(pk=service.pk).update(
                    search_text=f"{service.search_text} {missing}"
                )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_editors_locations_reports_confirmations"),
    ]

    operations = [
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
