import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

SITE_PAGES = ["", "about/", "contact/", "accessibility/", "privacy/"]


@pytest.fixture
def database_down():
    """Every attempt to reach the database fails, as when PostgreSQL is stopped."""

    def refuse(self):
        raise OperationalError("connection refused (simulated by the test)")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def links(html: str, rel: str) -> dict[str, str]:
    """hreflang -> href of the <link rel=...> tags in a page."""
    pattern = rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">'
    return dict(re.findall(pattern, html))


def switcher_links(html: str) -> dict[str, str]:
    """hreflang -> href of the language switcher's links."""
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return dict(
        (lang, href.replace("&amp;", "&"))
        for href, lang in re.findall(
            r'<a class="language-switcher__link" href="([^"]+)" hreflang="([^"]+)"', nav
        )
    )
