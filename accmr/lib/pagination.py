"""One pagination rule for every list: the page asked for, or the nearest one that exists.

A page number that is missing, not a whole number or below 1 gives the first page; one past
the end gives the last page. A list never answers 404 or 500 because of `?page=` (a link to
a page that no longer exists, after records were removed, still shows results).
"""

import sys

from django.core.paginator import Page, Paginator


def wanted_page(number: str | None) -> int:
    """The page number asked for (as it came in the query string), 1 when it is not one."""
    text = (number or "").strip()
    if text.isascii() and text.isdigit():
        # A very long number is past any end (and int() refuses more than 4300 digits).
        wanted = int(text) if len(text) < 19 else sys.maxsize
    else:
        try:
            wanted = int(text or 1)
        except ValueError:
            wanted = 1
    return max(wanted, 1)


def page_of(items, number: str | None, per_page: int) -> Page:
    """The page `number` (as it came in the query string) of `items`, or the nearest one.

    The page's rows are read once, here, so the template and the view share them.
    """
    paginator = Paginator(items, per_page)
    # get_page() turns a number past the end into the last page, but also one below 1.
    page = paginator.get_page(wanted_page(number))
    page.object_list = list(page.object_list)
    return page
