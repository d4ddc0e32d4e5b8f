"""The course website and an nbconvert export, offline, in headless Chromium (Playwright).

* **The website** (``make site``: Jupyter Book 1.x) is built from a copy of the repository's
  tracked files into a temporary folder, with the copy's notebooks tidied as ``coursekit
  execute`` leaves them (a no-op once the committed notebooks are tidy:
  ``tests/test_site.py`` checks they are). It is served on 127.0.0.1 and every request for
  any other host is blocked. On every lesson page, every widget cell shows its static
  snapshot (heading, text, tables, figure loaded), and no page needs the widget renderer or
  require.js from a CDN. Then axe-core (npm package ``axe-core``, installed into
  ``.cache/axe``, git-ignored) runs on every page: no *serious* or *critical* violation
  may come from the course's own content (the article body); the theme's own (navigation,
  header, sidebars) are printed, not failed.
* **nbconvert**: a lesson executed into a temporary copy with ``coursekit execute`` and
  exported with ``jupyter nbconvert --to html`` shows every widget's snapshot the same way.

Set ``COURSEKIT_SITE_HTML`` to an already built site (e.g. ``_build/html`` after ``make
site``) to check that one instead of building a copy. Without Chromium or npm the tests skip
with the reason (fail with ``COURSEKIT_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from coursekit.execute import execute_notebook, image_alt, tidy_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
#: the lesson exported with nbconvert: two widgets, one with a table and a figure
NBCONVERT_LESSON = "01-historical-wariness.ipynb"
#: parts of the address of the widget renderer (html-manager) on public CDNs
WIDGET_CDN = ("@jupyter-widgets", "html-manager", "embed-amd")


def _missing(reason: str) -> None:
    if os.environ.get("COURSEKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSEKIT_REQUIRE_BROWSER=1: the browser test must run)")
    pytest.skip(reason)


def _snapshot_cells(nb) -> list[str]:
    """The heading of every widget snapshot a notebook's outputs hold, in order."""
    import re

    titles = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            titles += re.findall(r"<div class='coursekit-static'><h3>(.*?)</h3>", html)
    return titles


# ------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built website: ``COURSEKIT_SITE_HTML``, or a build of a tidied copy."""
    given = os.environ.get("COURSEKIT_SITE_HTML")
    if given:
        return Path(given).resolve()
    book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    if book is None:
        _missing("jupyter-book is not installed (pip install -e '.[site]' or make site)")
    copy = tmp_path_factory.mktemp("site") / "course"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "bench/")):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for folder in ("lessons", "exercises"):
        for path in (copy / folder).glob("*.ipynb"):
            nbformat.write(tidy_notebook(nbformat.read(path, as_version=4)), path)
    result = subprocess.run(
        [book, "build", str(copy), "--config", str(copy / "site/_config.yml"),
         "--toc", str(copy / "site/_toc.yml"), "--warningiserror", "--keep-going"],
        capture_output=True, text=True)
    assert result.returncode == 0, f"the site build failed:\n{result.stdout[-4000:]}"
    return copy / "_build" / "html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log on stderr
        pass


@pytest.fixture(scope="module")
def serve() -> Iterator:
    """``serve(folder) -> base URL``: serve folders on 127.0.0.1; stopped afterwards."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    try:
        yield start
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def offline_page(browser):
    """A page in a fresh context where every request not to 127.0.0.1 is aborted;
    ``page.blocked`` lists the addresses it tried."""
    context = browser.new_context()
    blocked: list[str] = []

    def route(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def axe_js() -> Path:
    """axe-core's script, installed with npm into .cache/axe (git-ignored) when missing."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm (node) is not installed: it installs axe-core for the accessibility "
                     "test (apt-get install -y nodejs npm)")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix",
                                 str(AXE_DIR), "axe-core@4"], capture_output=True, text=True)
        if result.returncode != 0 or not AXE_JS.is_file():
            _missing(f"npm could not install axe-core: {result.stderr.strip()[-500:]}")
    return AXE_JS


# ------------------------------------------------------------------------ checks
def _check_snapshots(page, expected: list[str], where: str) -> None:
    """Every snapshot is visible, in order, with its text, tables and loaded figure."""
    snapshots = page.locator(".coursekit-static")
    shown = [snapshots.nth(i).locator("h3").inner_text().strip()
             for i in range(snapshots.count())]
    assert len(shown) == len(expected), f"{where}: {len(expected)} widget snapshots in the " \
        f"notebook, {len(shown)} on the page: {shown}"
    for i in range(snapshots.count()):
        snapshot = snapshots.nth(i)
        snapshot.scroll_into_view_if_needed()
        assert snapshot.is_visible(), f"{where}: snapshot {shown[i]!r} is not visible"
        text = snapshot.inner_text()
        assert len(text.strip()) > len(shown[i]) + 20, f"{where}: {shown[i]!r} has no text"
        for table in snapshot.locator("table").all():
            assert table.is_visible() and table.locator("td").count() > 0, \
                f"{where}: a table of {shown[i]!r} is empty or hidden"
        for image in snapshot.locator("img").all():
            loaded = image.evaluate("i => i.complete && i.naturalWidth > 0")
            assert loaded and image.is_visible(), \
                f"{where}: the figure of {shown[i]!r} did not load"
            assert image.get_attribute("alt"), f"{where}: the figure of {shown[i]!r} has no alt"
    assert page.locator(".jupyter-widgets, [data-mime-type*='widget-view']").count() == 0, \
        f"{where}: an empty live-widget placeholder is shown"


def _site_pages(site_html: Path) -> list[str]:
    pages = sorted(str(p.relative_to(site_html)) for p in site_html.rglob("*.html")
                   if not p.relative_to(site_html).parts[0].startswith("_"))
    # the index, search and redirect pages are the theme's, with no course content
    return [p for p in pages if p not in ("genindex.html", "search.html")
            and "http-equiv=\"refresh\"" not in (site_html / p).read_text().lower()]


def test_site_shows_every_widget_snapshot_offline(site_html, serve, offline_page):
    base = serve(site_html)
    lessons = sorted((ROOT / "lessons").glob("*.ipynb"))
    assert lessons
    with_widgets = 0
    for path in lessons:
        expected = _snapshot_cells(tidy_notebook(nbformat.read(path, as_version=4)))
        with_widgets += bool(expected)
        offline_page.goto(f"{base}/lessons/{path.stem}.html", wait_until="load")
        _check_snapshots(offline_page, expected, f"site lessons/{path.stem}")
    assert with_widgets >= 5, "fewer lessons with widgets than the course has"
    cdn = [url for url in offline_page.blocked if any(part in url for part in WIDGET_CDN)]
    assert cdn == [], f"pages ask for the widget renderer on a CDN: {cdn}"
    print(f"\nrequests blocked (not 127.0.0.1): {sorted(set(offline_page.blocked))}")


def test_site_figures_have_the_course_alt_text(site_html, serve, offline_page):
    """Every figure a lesson page shows outside the widget snapshots has, as its ``alt``,
    the text the notebook gives it (plots.show), in order: not empty, not a placeholder."""
    base = serve(site_html)
    checked = 0
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        nb = tidy_notebook(nbformat.read(path, as_version=4))
        expected = [alt for cell in nb.cells for alt in map(image_alt, cell.get("outputs", []))
                    if alt]
        offline_page.goto(f"{base}/lessons/{path.stem}.html", wait_until="load")
        shown = offline_page.eval_on_selector_all(
            "article.bd-article img:not(.coursekit-static img)",
            "images => images.map(i => i.getAttribute('alt') || '')")
        assert shown == expected, f"site lessons/{path.stem}: <img alt> {shown} != the " \
            f"notebook's alt texts {expected}"
        checked += len(shown)
    assert checked >= 9, f"only {checked} figures with alt text on the lesson pages"


def test_site_has_no_serious_accessibility_violation_in_the_course_content(
        site_html, serve, offline_page, axe_js):
    base = serve(site_html)
    pages = _site_pages(site_html)
    assert "README.html" in pages and "instructors/guide.html" in pages
    own: list[str] = []
    theme: dict[str, set[str]] = {}
    for name in pages:
        offline_page.goto(f"{base}/{name}", wait_until="load")
        offline_page.add_script_tag(path=str(axe_js))
        violations = offline_page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations'], runOnly:
                {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => {
                    const el = document.querySelector(n.target[0]);
                    return {target: n.target.join(' '), html: n.html.slice(0, 160),
                            own: !!(el && el.closest('article.bd-article'))};
                })}));
        }""")
        for violation in violations:
            if violation["impact"] not in ("serious", "critical"):
                continue
            for node in violation["nodes"]:
                line = f"{name}: {violation['id']} ({violation['impact']}: " \
                       f"{violation['help']}) at {node['target']}: {node['html']}"
                if node["own"]:
                    own.append(line)
                else:
                    theme.setdefault(f"{violation['id']} ({violation['impact']})",
                                     set()).add(name)
    print(f"\naxe-core over {len(pages)} pages; the theme's own serious/critical violations:")
    for rule, where in sorted(theme.items()):
        print(f"  {rule}: {len(where)} pages, e.g. {sorted(where)[0]}")
    assert own == [], "serious or critical violations in the course's content:\n" + \
        "\n".join(own[:40])


@pytest.fixture(scope="module")
def nbconvert_html(tmp_path_factory) -> Path:
    """A lesson executed into a temporary copy with coursekit execute, exported to HTML."""
    folder = tmp_path_factory.mktemp("nbconvert")
    lesson = folder / NBCONVERT_LESSON
    shutil.copy(ROOT / "lessons" / NBCONVERT_LESSON, lesson)
    assert execute_notebook(lesson) == []
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(lesson)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return lesson.with_suffix(".html")


def test_nbconvert_export_shows_every_widget_snapshot_offline(nbconvert_html, serve,
                                                             offline_page):
    expected = _snapshot_cells(nbformat.read(nbconvert_html.with_suffix(".ipynb"), 4))
    assert len(expected) >= 2
    base = serve(nbconvert_html.parent)
    offline_page.blocked.clear()
    offline_page.goto(f"{base}/{nbconvert_html.name}", wait_until="load")
    _check_snapshots(offline_page, expected, f"nbconvert {NBCONVERT_LESSON}")
    cdn = [url for url in offline_page.blocked if any(part in url for part in WIDGET_CDN)]
    assert cdn == [], f"the export asks for the widget renderer on a CDN: {cdn}"
    print(f"\nrequests blocked (not 127.0.0.1): {sorted(set(offline_page.blocked))}")
