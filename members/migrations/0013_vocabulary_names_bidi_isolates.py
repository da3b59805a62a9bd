# Latin parts inside Arabic-script vocabulary names ("(AMKA / PAAYPA)", "LGBTQI+") are isolated
# left-to-right (U+2066 ... U+2069), so that right-to-left pages do not reorder them into
# "(/ AMKA PAAYPA)" or "(+LGBTQI)". Existing rows take the new names where they still hold the
# names of migration 0010 (a name a coordinator corrected is kept).

from django.db import migrations

# (model, slug, language, name before, name now)
RENAMES = (
    (
        "servicecategory",
        "social_security",
        "ar",
        "رقم الضمان الاجتماعي (AMKA / PAAYPA)",
        "رقم الضمان الاجتماعي (\u2066AMKA / PAAYPA\u2069)",
    ),
    (
        "servicecategory",
        "social_security",
        "fa",
        "شمارهٔ تأمین اجتماعی (AMKA / PAAYPA)",
        "شمارهٔ تأمین اجتماعی (\u2066AMKA / PAAYPA\u2069)",
    ),
    (
        "servicecategory",
        "social_security",
        "ur",
        "سوشل سکیورٹی نمبر (AMKA / PAAYPA)",
        "سوشل سکیورٹی نمبر (\u2066AMKA / PAAYPA\u2069)",
    ),
    (
        "populationgroup",
        "lgbtqi",
        "ar",
        "أفراد مجتمع الميم (LGBTQI+)",
        "أفراد مجتمع الميم (\u2066LGBTQI+\u2069)",
    ),
    (
        "populationgroup",
        "lgbtqi",
        "fa",
        "افراد ال\u200cجی\u200cبی\u200cتی\u200cکیو\u200cآی+ (LGBTQI+)",
        "افراد ال\u200cجی\u200cبی\u200cتی\u200cکیو\u200cآی+ (\u2066LGBTQI+\u2069)",
    ),
    ("populationgroup", "lgbtqi", "ur", "LGBTQI+ افراد", "\u2066LGBTQI+\u2069 افراد"),
)


def isolate(apps, schema_editor):
    for model_name, slug, code, before, now in RENAMES:
        for term in apps.get_model("members", model_name).objects.filter(slug=slug):
            if (term.other_names or {}).get(code) == before:
                term.other_names = {**term.other_names, code: now}
                term.save(update_fields=["other_names"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_gbv_counselling_names"),
    ]

    operations = [
        migrations.RunPython(isolate, migrations.RunPython.noop),
    ]
