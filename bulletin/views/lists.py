"""What the bulletin's public list pages (open calls, the toolkit) share: one page of the
filtered rows, and a note for each filter value that was not valid and so was ignored."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext


def explain_invalid(request: HttpRequest, form) -> list[str]:
    return [
        gettext("“{value}” is not a valid choice for {field}; it was ignored.").format(
            value=form.data.get(name, ""), field=form.fields[name].label
        )
        for name in form.errors
        if name in form.fields and name != "page"
    ]


def render_list_page(
    request: HttpRequest, template: str, *, form, applied: dict, rows, per_page: int
) -> HttpResponse:
    """`template` with the filter `form`, the page of `rows` that `applied` asks for, whether
    any filter is applied, and the invalid filter values explained."""
    page = Paginator(rows, per_page).get_page(applied.get("page"))
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "filtered": bool({k for k in applied if k != "page"}),
            "problems": explain_invalid(request, form) if request.GET else [],
        },
    )
