"""Make django-simple-history keep every language of a modeltranslation model.

simple_history builds a model's historical twin when the model class is prepared, before
modeltranslation adds the per-language columns (`name_el`, `name_en`, ...). Left alone,
saving a translated record fails ("HistoricalOrganisation() got unexpected keyword
arguments: 'name_el'") and, once that is patched over, history would keep only the
language active at save time, so a revert would wipe the other language.

`track_translations(model)` is called from an app's translation.py right after the model's
own registration. It registers the historical model with the same translated fields (so
it gets the per-language columns, see the apps' `*_history_translation_fields` migrations),
tracks those columns in diffs and bulk history, and rebuilds historical instances from every
language.
"""

from django.db import models
from modeltranslation.translator import translator
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME


def track_translations(model: type[models.Model]) -> None:
    options = translator.get_options_for_model(model)
    history_model = model.history.model
    translator.register(history_model, fields=tuple(options.fields))
    excluded = set(history_model._history_excluded_fields)
    history_model.tracked_fields = [f for f in model._meta.fields if f.name not in excluded]
    history_model.instance = property(_instance)


def _instance(self):
    """The model instance as it was at this point of history (every language).

    Fields that history does not keep (search text, timestamps) are left at their defaults:
    saving the instance rebuilds them.
    """
    # The untranslated column (e.g. `name`) reads the active language through
    # modeltranslation; the per-language columns come later in field order and win.
    attrs = {field.attname: getattr(self, field.attname) for field in self.tracked_fields}
    result = self.instance_type(**attrs)
    setattr(result, SIMPLE_HISTORY_REVERSE_ATTR_NAME, self)
    return result
