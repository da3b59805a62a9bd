"""Small helpers for the browser tests: navigation, axe, keyboard, focus, reflow, forms."""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()
# axe put into every http(s) document of a context before the page's own scripts, with
# `context.add_init_script(AXE_IN_EVERY_PAGE)`: for a context whose pages are all checked
# (anonymous_phone_page), the half megabyte goes to the browser once instead of to each
# document, about 0.1 s a page (axe_violations then finds it there).
AXE_IN_EVERY_PAGE = "if (location.protocol.startsWith('http')) {\n" + _axe.axe_script + "\n}"


def goto(page, url: str, *, status: int = 200):
    """Open `url` (relative to the live server) and check the HTTP status of the document."""
    response = page.goto(url, wait_until="load")
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    return response


def local_url(page) -> str:
    """The page's address without scheme and host: "/el/search/?q=x"."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def axe_violations(page) -> list[dict]:
    """Run axe-core (bundled with axe-playwright-python: no network), WCAG 2.1 A/AA rules.

    axe (half a megabyte of script) goes into each document once, unless the context put it
    there already (AXE_IN_EVERY_PAGE), and runs as often as asked: most pages are checked at two
    widths. (Axe.run would put it in again on every run.)
    """
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_axe.axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe_violations(violations: list[dict], *, max_nodes: int = 5) -> str:
    """A readable summary: rule, impact, help text and the first few offending elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"][:max_nodes]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {node.get('html', '')[:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    href: el.getAttribute('href'),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    visible: box.width > 0 && box.height > 0,
    inViewport: box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


def focused(page) -> dict | None:
    """The element that has keyboard focus, with what is needed to judge its focus indicator."""
    return page.evaluate(FOCUSED_JS)


def tab(page, times: int = 1) -> dict | None:
    for _ in range(times):
        page.keyboard.press("Tab")
    return focused(page)


def focus_is_visible(info: dict) -> bool:
    """A visible focus indicator: an outline or a box-shadow ring (Bootstrap's form controls)."""
    has_outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= 1
    has_ring = info["boxShadow"] not in ("", "none")
    return info["visible"] and (has_outline or has_ring)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def widest_elements(page, limit: int = 5) -> list[str]:
    """The elements that stick out to the right of the viewport (to explain an overflow)."""
    return page.evaluate(
        """(limit) => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
                + `${el.className && typeof el.className === 'string'
                     ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}`
                + ` right=${Math.round(box.right)}`);
            }
          }
          return out.slice(0, limit);
        }""",
        limit,
    )


def login(page, lang: str, email: str, password: str) -> None:
    """Log in through the member log-in form, as a person would."""
    goto(page, f"/{lang}/account/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def form_error_problems(page) -> list[str]:
    """What is wrong with how a submitted form announces its errors (empty list: all fine).

    Every invalid field must say so (aria-invalid) and point at its message next to it
    (aria-describedby to an element with text), and a summary of the errors must come before
    the form's fields. For the member forms' journeys once they exist.
    """
    return page.evaluate(
        """() => {
          const problems = [];
          const invalid = [...document.querySelectorAll('main [aria-invalid=true]')];
          if (!invalid.length) problems.push('no field is marked aria-invalid');
          for (const field of invalid) {
            const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/)
              .filter(Boolean);
            const texts = ids.map(id => document.getElementById(id))
              .filter(Boolean).map(el => el.textContent.trim()).filter(Boolean);
            if (!texts.length) problems.push(`${field.name}: no message tied to the field`);
          }
          const summary = document.querySelector('main [role=alert], main .error-summary');
          // The first field of the refused form (not of another form on the page, such as
          // the log-out button in the editors' navigation).
          const form = invalid.length && invalid[0].form;
          const firstField = form ? form.querySelector('input:not([type=hidden]), select, '
            + 'textarea') : null;
          if (!summary) problems.push('no error summary (role=alert) in main');
          else if (firstField && (summary.compareDocumentPosition(firstField)
                   & Node.DOCUMENT_POSITION_PRECEDING)) {
            problems.push('the error summary comes after the first field');
          }
          return problems;
        }"""
    )
