"""The package's public surface: explicit exports, cheap import, no side effects."""

from __future__ import annotations

import subprocess
import sys

import coursekit


def test_all_names_exist():
    for name in coursekit.__all__:
        assert hasattr(coursekit, name), name
    assert sorted(coursekit.__all__) == sorted(set(coursekit.__all__))


def test_import_is_cheap_and_has_no_side_effects():
    probe = (
        "import sys, pandas as pd\n"
        "before = pd.get_option('display.max_rows')\n"
        "import coursekit\n"
        "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules,"
        " pd.get_option('display.max_rows') == before)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True"]


def test_lazy_submodules():
    assert coursekit.checks.__name__ == "coursekit.checks"
    try:
        coursekit.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
