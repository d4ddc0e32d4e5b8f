"""Every widget in a real JupyterLab 4, driven by headless Debian Chromium (Playwright).

Opens ``widgets_demo.ipynb`` (one widget per cell), runs all cells, waits for each widget
to render, changes one control of each (with the keyboard where a learner would) and
checks that its view changed; checks that no widget failed to display and that the
browser console logged no error. Screenshots go to ``tests/browser/screenshots/``
(git-ignored).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).parent / "screenshots"

WIDGETS = [
    "actor_explorer",
    "network_explorer",
    "timeline",
    "interest_comparison",
    "verdict_builder",
    "quiz",
]


def _view_text(widget) -> str:
    """The text of a widget's view (the HTML child after the heading) and a digest of its
    figure (the whole image source: two SVGs can share their first and last lines)."""
    # JupyterLab 4 renders only the cells near the viewport: bring the widget into view first
    widget.scroll_into_view_if_needed()
    text = widget.locator(":scope > .widget-html").nth(1).inner_text()
    images = widget.locator("img")
    src = (images.first.get_attribute("src") if images.count() else "") or ""
    return text + "\nfigure " + hashlib.sha256(src.encode("utf-8")).hexdigest()[:16]


def _wait_for_change(widget, before: str, what: str, expect: str | None = None,
                     timeout: float = 20.0) -> str:
    """Poll until the view differs from ``before`` (and contains ``expect``, if given)."""
    deadline = time.monotonic() + timeout
    now = before
    while time.monotonic() < deadline:
        now = _view_text(widget)
        if now != before and (expect is None or expect in now):
            return now
        time.sleep(0.1)
    raise AssertionError(f"{what}: the view did not change as expected within "
                         f"{timeout:.0f} s; it shows:\n{now[:500]}")


def _press_slider(widget, key: str, what: str, expect: str | None = None) -> None:
    """Move the widget's first slider with the keyboard and wait for its view to change."""
    before = _view_text(widget)
    handle = widget.locator(".noUi-handle").first
    handle.focus()
    handle.press(key)
    _wait_for_change(widget, before, what, expect=expect)


def _select(widget, nth: int, label: str, what: str, expect: str | None = None) -> None:
    """Choose ``label`` in the widget's ``nth`` drop-down and wait for its view to change."""
    before = _view_text(widget)
    widget.locator("select").nth(nth).select_option(label=label)
    _wait_for_change(widget, before, what, expect=expect)


def _accept_kernel_dialog(page) -> None:
    """JupyterLab may ask which kernel to start: accept the notebook's own (Python 3)."""
    select = page.locator(".jp-Dialog .jp-mod-accept")
    if select.count() and select.first.is_visible():
        select.first.click()


def test_every_widget_renders_and_responds(lab, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text)
            if msg.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    try:
        page.goto(lab.notebook_url("widgets_demo.ipynb"), wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # wait until the kernel is ready (accepting the kernel dialog if JupyterLab asks)
        deadline = time.monotonic() + 60
        status = page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
        while time.monotonic() < deadline:
            _accept_kernel_dialog(page)
            if status.count() and not page.locator(".jp-Dialog").count():
                break
            time.sleep(0.25)
        time.sleep(1.0)
        # Run → Run All Cells, from the menu
        page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

        widgets = page.locator(".coursekit-widget")
        deadline = time.monotonic() + 60
        while widgets.count() < len(WIDGETS) and time.monotonic() < deadline:
            _accept_kernel_dialog(page)
            time.sleep(0.25)
        assert widgets.count() == len(WIDGETS), (
            f"{widgets.count()} of {len(WIDGETS)} widgets rendered\n{lab.log_tail()}")
        for i in range(len(WIDGETS)):
            widget = widgets.nth(i)
            widget.scroll_into_view_if_needed()
            if i < 5:  # widgets with a figure: wait for the image
                widget.locator("img").first.wait_for(timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "00_all_widgets.png"), full_page=True)

        # 1 actor explorer: year slider, with the keyboard
        w = widgets.nth(0)
        _press_slider(w, "ArrowLeft", "actor explorer, year slider", expect="2017")
        assert w.locator(".widget-readout").first.inner_text().strip() == "2017"

        # 2 alliance network: tie filter drop-down, then year slider
        w = widgets.nth(1)
        _select(w, 0, "hostile only", "network explorer, tie filter")
        _press_slider(w, "ArrowRight", "network explorer, year slider", expect="2019")
        assert w.locator(".widget-readout").first.inner_text().strip() == "2019"

        # 3 timeline: theme
        _select(widgets.nth(2), 0, "Historical wariness", "timeline, theme",
                expect="Historical wariness")

        # 4 interest comparison: second actor
        _select(widgets.nth(3), 1, "Israel (israel)", "interest comparison, second actor",
                expect="Israel")

        # 5 verdict builder: first weight slider, with the keyboard
        _press_slider(widgets.nth(4), "ArrowLeft", "verdict builder, weight slider")

        # 6 quiz: choose with the keyboard (Space on a radio button), check with Enter
        w = widgets.nth(5)
        radios = w.locator("input[type=radio]")
        radios.nth(1).focus()
        page.keyboard.press("Space")
        deadline = time.monotonic() + 10
        while not radios.nth(1).is_checked() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert radios.nth(1).is_checked()
        before = _view_text(w)
        w.get_by_role("button", name="Check answer").focus()
        page.keyboard.press("Enter")
        _wait_for_change(w, before, "quiz, check answer", expect="Correct")

        for i, name in enumerate(WIDGETS):
            widgets.nth(i).screenshot(path=str(SCREENSHOTS / f"{i + 1:02d}_{name}.png"))
        page.screenshot(path=str(SCREENSHOTS / "99_after_changes.png"), full_page=True)

        body = page.locator("body").inner_text()
        assert "Error displaying widget" not in body
        assert "Traceback" not in body
        assert console_errors == [], "browser console errors:\n" + "\n".join(console_errors)
    except Exception:
        page.screenshot(path=str(SCREENSHOTS / "failure.png"), full_page=True)
        print("JupyterLab log:\n" + lab.log_tail())
        raise
    finally:
        context.close()
