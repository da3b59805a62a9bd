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

import functools

from django.db import models
from django.db.models.signals import post_save
from modeltranslation.translator import translator
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME, HistoricalRecords

from accmr.lib.translated_fields import translated_fields


def track_translations(model: type[models.Model]) -> None:
    history_model = model.history.model
    translator.register(history_model, fields=tuple(translated_fields(model)))
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


@functools.cache
def history_recorder(model: type[models.Model]) -> HistoricalRecords:
    """The HistoricalRecords object that records `model`'s history.

    simple_history keeps no public reference to it; it connects its bound `post_save`
    method as a receiver, so it is found there. Used to write one history record after a
    row and its many-to-many values are saved together (see members.imports.resources).
    """
    receivers = post_save._live_receivers(model)
    if isinstance(receivers, tuple):  # Django 5: (sync receivers, async receivers)
        receivers = receivers[0]
    for receiver in receivers:
        owner = getattr(receiver, "__self__", None)
        if isinstance(owner, HistoricalRecords):
            return owner
    raise LookupError(f"{model.__name__} has no simple_history records")


def bulk_history(
    instances: list[models.Model],
    model: type[models.Model],
    *,
    update: bool = False,
    user=None,
    reason: str = "",
) -> None:
    """History records for many saved rows at once, with their many-to-many values.

    What simple_history's post_save would write row by row (one record per row plus a
    snapshot of each many-to-many field), in a few queries; its own bulk helpers leave the
    many-to-many snapshots empty. `user` and `reason` apply where an instance has no
    `_history_user` or `_change_reason` of its own.
    """
    if not instances:
        return
    records = model.history.bulk_history_create(
        instances, update=update, default_user=user, default_change_reason=reason
    )
    if records is None:  # history is switched off (SIMPLE_HISTORY_ENABLED = False)
        return
    recorder = history_recorder(model)
    for field in model.history.model._history_m2m_fields:
        m2m_history_model = recorder.m2m_models[field]  # a dict shared by all models
        through = getattr(model, field.name).through
        source = field.m2m_field_name()
        names = [f.name for f in through._meta.fields]
        links = {}
        for link in through.objects.filter(**{f"{source}__in": [i.pk for i in instances]}):
            links.setdefault(getattr(link, f"{source}_id"), []).append(link)
        m2m_history_model.objects.bulk_create(
            [
                m2m_history_model(history=record, **{name: getattr(link, name) for name in names})
                for record in records
                for link in links.get(getattr(record, model._meta.pk.attname), [])
            ],
            batch_size=500,
        )
