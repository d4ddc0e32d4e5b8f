"""Give each pin in constraints.txt that needs a newer Python than 3.11.0 an environment marker.

``make constraints`` freezes the versions of one Python (e.g. 3.11.7). A pin whose
distribution declares ``Requires-Python: >=3.11.5`` would make ``make lab`` fail on an
older 3.11 (Debian 12's python3 is 3.11.2) with "No matching distribution". Such a pin gets
``; python_full_version >= "3.11.5"``: on older Pythons that package is left unpinned and pip
picks its newest release that runs there.

Usage: ``python tools/pin_markers.py constraints.txt`` with the Python whose environment
was frozen (it reads the installed distributions' metadata; no network).
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from packaging.specifiers import SpecifierSet

#: The oldest Python the course supports (the Makefile's version guard).
OLDEST = "3.11.0"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)\s*$")


def marker_for(requires_python: str | None) -> str | None:
    """The marker a pin needs, or None when its Requires-Python admits :data:`OLDEST`.

    >>> marker_for(">=3.11.5")
    'python_full_version >= "3.11.5"'
    >>> marker_for(">=3.9") is None, marker_for(None) is None
    (True, True)
    """
    if not requires_python or SpecifierSet(requires_python).contains(OLDEST):
        return None
    lows = [s.version for s in SpecifierSet(requires_python) if s.operator in (">=", ">")]
    if not lows:
        raise ValueError(f"cannot express Requires-Python {requires_python!r} as a marker")
    return f'python_full_version >= "{max(lows, key=lambda v: tuple(map(int, v.split("."))))}"'


def add_markers(text: str) -> str:
    lines = []
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            try:
                marker = marker_for(metadata(match.group(1)).get("Requires-Python"))
            except PackageNotFoundError:
                marker = None
            if marker:
                line = f"{line} ; {marker}"
        lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.write_text(add_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
