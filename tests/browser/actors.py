"""A visitor who acts on a page the way a person does: with the pointer, or with the keyboard only.

Write a journey once against `Visitor` and run it both ways (see test_journeys.py):

    def find_a_service(visitor):
        visitor.open("/el/")
        visitor.fill(visitor.page.get_by_label("Search the portal"), "άσυλο")
        visitor.press_button(visitor.page.locator(".site-search button"))
        ...

With `keyboard=True` every step moves focus with Tab until the target has it (failing if it
cannot be reached: not focusable, hidden, or a trap), checks that each element passed on the
way shows a visible focus indicator, and acts with Enter, Space, arrow keys and typing only.
"""

from tests.browser.helpers import FOCUSED_JS, focus_is_visible, goto

# What has focus (as helpers.focused() describes it) and whether it is the target: one round
# trip to the browser per Tab instead of two.
FOCUS_AND_TARGET_JS = (
    f"target => ({{focus: ({FOCUSED_JS})(), reached: target === document.activeElement}})"
)


class Visitor:
    def __init__(self, page, *, keyboard: bool = False, max_tabs: int = 400):
        self.page = page
        self.keyboard = keyboard
        self.max_tabs = max_tabs
        self.focus_problems: list[str] = []

    def __repr__(self) -> str:
        return f"Visitor({'keyboard' if self.keyboard else 'pointer'})"

    def open(self, url: str, *, status: int = 200):
        return goto(self.page, url, status=status)

    def follow(self, locator) -> None:
        """Follow a link (Enter), and wait for the next page."""
        with self.page.expect_navigation(wait_until="load"):
            if self.keyboard:
                self.tab_to(locator)
                self.page.keyboard.press("Enter")
            else:
                locator.click()

    def press_button(self, locator, *, navigates: bool = True) -> None:
        """Press a button (Space with the keyboard: Enter would also submit from a field)."""
        if not navigates:
            self._press(locator, "Space")
            return
        with self.page.expect_navigation(wait_until="load"):
            self._press(locator, "Space")

    def fill(self, locator, text: str) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def open_menu(self) -> None:
        """Unfold the main menu where it is folded (phones, with JavaScript)."""
        menu = self.page.locator("details.site-menu")
        if not menu.evaluate("el => el.open"):
            self._press(menu.locator("summary"), "Enter")

    def toggle(self, locator) -> None:
        """Tick or untick a checkbox, or choose a radio button."""
        self._press(locator, "Space")

    def choose_option(self, locator, label: str) -> None:
        """Choose an option of a <select> by its visible text."""
        if not self.keyboard:
            locator.select_option(label=label)
            return
        self.tab_to(locator)
        count = locator.locator("option").count()
        self.page.keyboard.press("Home")
        for _ in range(count):
            if locator.evaluate("el => el.options[el.selectedIndex].text.trim()") == label:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {label!r} in {locator}")

    def _press(self, locator, key: str) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press(key)
        else:
            locator.click()

    def tab_to(self, locator) -> None:
        """Press Tab until `locator` has focus, checking every focus indicator on the way."""
        target = locator.element_handle()
        state = self.page.evaluate(FOCUS_AND_TARGET_JS, target)
        for _ in range(self.max_tabs):
            if state["reached"]:
                self._check_focus(state["focus"])
                self._assert_focus_visible()
                return
            self.page.keyboard.press("Tab")
            state = self.page.evaluate(FOCUS_AND_TARGET_JS, target)
            self._check_focus(state["focus"])
        raise AssertionError(
            f"{locator} could not be reached with Tab in {self.max_tabs} presses "
            "(not focusable, hidden, or behind a keyboard trap)"
        )

    def _check_focus(self, info: dict | None) -> None:
        if info is not None and not focus_is_visible(info):
            self.focus_problems.append(f"{self.page.url}: no visible focus on {info}")

    def _assert_focus_visible(self) -> None:
        assert not self.focus_problems, "\n".join(self.focus_problems)
