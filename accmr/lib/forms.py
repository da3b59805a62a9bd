"""The status of a page that shows a submitted form: bad input is a 400, never a 200.

A refused form is shown again with its messages, but the answer says that the request was
refused, so monitoring, scripts and tests can tell it from a page that simply loaded.
"""

from django.forms import BaseForm, BaseFormSet


def form_status(*forms: BaseForm | BaseFormSet | None) -> int:
    """400 when a submitted (bound) form or formset among `forms` has errors, else 200."""
    refused = any(f is not None and f.is_bound and not f.is_valid() for f in forms)
    return 400 if refused else 200


class InvalidFormIs400Mixin:
    """For Django's class-based form views (log-in, passwords): a refused form answers 400."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
