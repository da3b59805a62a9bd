"""What the bulletin's public list pages (open calls, the toolkit) share: one page of the
filtered rows, and a note for each filter value that was not valid and so was ignored."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from accmr.lib.pagination import page_of


def explain_invalid(request: HttpRequest, form) -> list[str]:
    return [
        gettext("“{value}” is not a valid choice for {field}; it was ignored.").format(
            value=form.data.get(name, ""), field=form.fields[name].label
        )
        for name in form.errors
        if name in form.fields
    ]


def render_list_page(
    request: HttpRequest, template: str, *, form, applied: dict, rows, per_page: int
) -> HttpResponse:
    """`template` with the filter `form`, the page of `rows` that `?page=` asks for (or the
    nearest, accmr.lib.pagination), whether any filter is applied, and the invalid filter
    values explained."""
    page = page_of(rows, request.GET.get("page"), per_page)
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(applied),
            "problems": explain_invalid(request, form) if request.GET else [],
        },
    )
