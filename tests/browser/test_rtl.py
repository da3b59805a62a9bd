"""Right-to-left pages (issue 19): Farsi (and Arabic) lay the menu, the filters, the hours table
and the breadcrumbs out from the right, and nothing scrolls sideways at 320 CSS px."""

import pytest

from tests.browser.helpers import goto
from tests.pages import make_sample_records

pytestmark = pytest.mark.browser

WIDTHS = {"320-css-px": {"width": 320, "height": 740}, "desktop": {"width": 1280, "height": 900}}

# Boxes of the elements whose order must read from the right, on the page that is open.
BOXES = """() => {
  const box = sel => { const el = document.querySelector(sel);
                       if (!el) return null;
                       const r = el.getBoundingClientRect();
                       return {left: r.left, right: r.right, top: r.top}; };
  return {
    dir: document.documentElement.dir,
    direction: getComputedStyle(document.body).direction,
    menu1: box('.site-nav__list li:nth-child(1)'),
    menu2: box('.site-nav__list li:nth-child(2)'),
    crumb1: box('.breadcrumb-item:nth-child(1)'),
    crumb2: box('.breadcrumb-item:nth-child(2)'),
    day: box('.hours-table thead th:nth-child(1)'),
    hours: box('.hours-table thead th:nth-child(2)'),
    label: box('.directory-filters label'),
    field: box('.directory-filters select'),
    form: box('.directory-filters'),
  };
}"""

# Elements that stick out of the viewport on either side (an RTL page overflows to the left).
OUTSIDE = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > width + 1 || r.left < -1))
      out.push(el.tagName.toLowerCase() + '.' + String(el.className).trim().replace(/\\s+/g, '.')
               + ` left=${Math.round(r.left)} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 6);
}"""


def _reads_from_the_right(first, second) -> bool:
    """`first` comes before `second` when read right to left: to its right on the same line,
    or on an earlier line."""
    if abs(first["top"] - second["top"]) < 4:
        return first["left"] > second["left"]
    return first["top"] < second["top"]


@pytest.mark.parametrize("width_name", WIDTHS)
def test_farsi_pages_read_right_to_left_and_fit_the_width(new_page, width_name):
    service = make_sample_records()["service"]
    size = WIDTHS[width_name]
    page = new_page({"width": size["width"], "height": size["height"]})
    problems = []
    for path in ("", "services/", f"{service}", "organisations/", "about/"):
        goto(page, f"/fa/{path}")
        if page.evaluate("document.documentElement.scrollWidth") > size["width"]:
            problems.append(f"/fa/{path} scrolls sideways: {page.evaluate(OUTSIDE)}")
    assert not problems, "\n".join(problems)

    goto(page, f"/fa/{service}")
    boxes = page.evaluate(BOXES)
    assert boxes["dir"] == "rtl" and boxes["direction"] == "rtl"
    assert _reads_from_the_right(boxes["menu1"], boxes["menu2"]), boxes
    assert _reads_from_the_right(boxes["crumb1"], boxes["crumb2"]), boxes
    assert _reads_from_the_right(boxes["day"], boxes["hours"]), boxes

    goto(page, "/fa/services/")
    page.evaluate("document.querySelector('details.directory-filters-panel').open = true")
    boxes = page.evaluate(BOXES)
    # The filter's label starts at the right edge of the form, as its field does.
    assert abs(boxes["label"]["right"] - boxes["form"]["right"]) < 2, boxes
    assert abs(boxes["field"]["right"] - boxes["form"]["right"]) < 2, boxes
    assert boxes["label"]["left"] > boxes["form"]["left"] + 2, boxes


@pytest.mark.parametrize("lang", ["fr", "uk"])
def test_french_and_ukrainian_pages_stay_left_to_right(new_page, lang):
    page = new_page("phone")
    goto(page, f"/{lang}/services/")
    boxes = page.evaluate(BOXES)
    assert boxes["dir"] == "" and boxes["direction"] == "ltr"
    assert boxes["menu1"]["left"] < boxes["menu2"]["left"] or (
        boxes["menu1"]["top"] < boxes["menu2"]["top"]
    )


def test_the_arabic_script_font_loads_on_farsi_pages_only(new_page):
    page = new_page("phone")
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    goto(page, "/el/services/")
    page.evaluate("document.fonts.ready")
    assert fonts == []
    # The font is asked for while the page loads (a timeout here: it never was).
    with page.expect_request(lambda request: "noto-naskh-arabic" in request.url):
        goto(page, "/fa/services/")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert any("noto-naskh-arabic" in url for url in fonts), fonts
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Naskh Arabic" in family
