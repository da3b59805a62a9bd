"""simple_history's HistoricalRecords, made to live with django-modeltranslation.

The historical models are built when each model class is created, before
modeltranslation adds its per-language columns (`name_el`, `name_en`...), so they have
none of them; simple_history would still pass them when it writes a record and fail
with a TypeError. This subclass leaves them out: a historical row keeps the
untranslated column (the value in the language active when the change was saved).
"""

from simple_history.models import HistoricalRecords as _HistoricalRecords


class HistoricalRecords(_HistoricalRecords):
    def fields_included(self, model):
        return [
            field
            for field in super().fields_included(model)
            if getattr(field, "translated_field", None) is None
        ]
