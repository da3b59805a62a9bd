"""The pages link a purged Bootstrap (build/css/, written by `make install` with PurgeCSS:
assets/purge-css.mjs). It must be much smaller than the full file and keep every Bootstrap class
a page can use: those written in the templates and those the rendered pages carry (crispy's
form classes, a failed form's error classes).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_organisation

FULL = Path(settings.BASE_DIR) / "node_modules" / "bootstrap" / "dist" / "css"
PURGED = Path(settings.BASE_DIR) / "build" / "css"
NAMES = ["bootstrap.min.css", "bootstrap.rtl.min.css"]


def css_classes(css: str) -> set[str]:
    """The class names in a stylesheet's selectors (declaration blocks removed first)."""
    while (stripped := re.sub(r"\{[^{}]*\}", "", css)) != css:
        css = stripped
    return set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", css))


def html_classes(html: str) -> set[str]:
    """Every word of every class attribute, template code between them left out."""
    html = re.sub(r"\{[{%].*?[%}]\}", " ", html)
    return {word for value in re.findall(r'class="([^"]*)"', html) for word in value.split()}


@pytest.fixture(scope="module")
def bootstrap() -> dict[str, tuple[set[str], set[str]]]:
    """For each stylesheet: (classes of the full file, classes of the purged one)."""
    missing = [name for name in NAMES if not (PURGED / name).is_file()]
    assert not missing, f"{missing} not in {PURGED}: run `make install`"
    return {
        name: (
            css_classes((FULL / name).read_text(encoding="utf-8")),
            css_classes((PURGED / name).read_text(encoding="utf-8")),
        )
        for name in NAMES
    }


def assert_kept(bootstrap, used: set[str]):
    for name, (full, purged) in bootstrap.items():
        lost = (used & full) - purged
        assert not lost, f"{name} lost classes the pages use: {sorted(lost)}"


@pytest.mark.parametrize("name", NAMES)
def test_the_purged_bootstrap_is_a_fraction_of_the_full_one(name):
    full = (FULL / name).stat().st_size
    purged = (PURGED / name).stat().st_size
    assert purged < full / 3, (name, full, purged)
    # Django's widgets write type="{{ widget.type }}": the round radio buttons stay.
    assert ".form-check-input[type=radio]" in (PURGED / name).read_text(encoding="utf-8")


def test_the_purged_bootstrap_keeps_every_class_the_templates_write(bootstrap):
    templates = Path(settings.BASE_DIR) / "templates"
    used = set()
    for path in templates.rglob("*.html"):
        used |= html_classes(path.read_text(encoding="utf-8"))
    assert {"container", "btn-primary", "form-control", "visually-hidden"} <= used
    assert_kept(bootstrap, used)


@pytest.mark.django_db
def test_the_purged_bootstrap_keeps_the_classes_of_rendered_forms_with_errors(bootstrap, client):
    # crispy-bootstrap5 and Django's widgets write classes no template of ours holds
    # (form-select, form-check-input on a radio, is-invalid, invalid-feedback).
    organisation = make_organisation(name="Οργάνωση")
    login = client.post("/el/account/login/", {"username": "nobody@example.org", "password": "x"})
    report = client.post(f"/el/organisations/{organisation.slug}/report/", {})
    services = client.get("/el/services/")
    assert (login.status_code, report.status_code, services.status_code) == (400, 400, 200)
    used = set()
    for response in (login, report, services):
        used |= html_classes(response.content.decode())
    assert {"is-invalid", "invalid-feedback", "form-select"} <= used
    assert_kept(bootstrap, used)
