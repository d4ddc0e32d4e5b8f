"""constraints.txt installs on every Python the Makefile accepts (3.11.0 and newer).

A pin frozen on Python 3.11.7 may need a newer 3.11 than a learner has (Debian 12's python3
is 3.11.2): soupsieve 4.1.3 requires 3.11.5, and ``make lab`` then failed inside pip. Such a
pin carries a ``python_full_version`` marker (``tools/pin_markers.py``, run by
``make constraints``). Checked offline, from the installed distributions' metadata.
"""

from __future__ import annotations

import importlib.util
import re
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _pins() -> list[tuple[str, str, str | None]]:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    return [m.groups() for m in map(PIN.match, text.splitlines()) if m]


def _tool():
    spec = importlib.util.spec_from_file_location("pin_markers", ROOT / "tools" / "pin_markers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_line_is_a_pin_or_a_comment():
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert all(PIN.match(line) or line.startswith("#") or not line.strip() for line in lines)
    assert len(_pins()) > 100


@pytest.mark.parametrize("oldest", ["3.11.0", "3.11.2"])
def test_no_unmarked_pin_needs_a_newer_python(oldest):
    needs_newer = []
    for name, version, marker in _pins():
        try:
            requires = metadata(name).get("Requires-Python")
        except PackageNotFoundError:
            continue
        if requires and not SpecifierSet(requires).contains(oldest):
            applies = marker is None or Marker(marker).evaluate(
                {"python_full_version": oldest, "python_version": oldest[:4]})
            if applies:
                needs_newer.append(f"{name}=={version} (Requires-Python {requires})")
    assert needs_newer == [], "add a marker (tools/pin_markers.py): " + ", ".join(needs_newer)


def test_the_tool_marks_exactly_such_pins():
    tool = _tool()
    assert tool.marker_for(">=3.11.5") == 'python_full_version >= "3.11.5"'
    assert tool.marker_for(">=3.8,<4") is None
    text = tool.add_markers("# made by\nsoupsieve==4.1.3\npytest==9.2.0\n")
    requires = metadata("soupsieve").get("Requires-Python")
    expected = "soupsieve==4.1.3" + (
        f" ; {tool.marker_for(requires)}" if tool.marker_for(requires) else "")
    assert text.splitlines() == ["# made by", expected, "pytest==9.2.0"]
    with pytest.raises(ValueError, match="cannot express"):
        tool.marker_for("<3.11")
