"""The package's public surface: explicit exports, cheap import, no side effects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# Imports every module of the package in one fresh interpreter and records, with an audit
# hook, every file opened under src/coursekit that is not Python code: data is read when a
# function asks for it, never on import (a constant such as network.FIRST_YEAR is read on
# first use through the module's __getattr__, so `from ..network import FIRST_YEAR` at the
# top of a module would read relations.csv on import and fail here).
IMPORT_ALL = """
import importlib, os, sys
PACKAGE = os.path.realpath(sys.argv[1])
CODE = (".py", ".pyc", ".so", ".pth")
opened = []

def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(PACKAGE + os.sep) and not path.endswith(CODE) \\
                and not os.path.isdir(path):
            opened.append((current, os.path.relpath(path, PACKAGE)))

sys.addaudithook(hook)
current = "coursekit"
import coursekit
root = os.path.dirname(PACKAGE)
names = sorted(  # from the files, not pkgutil (which imports packages while it lists them)
    os.path.relpath(os.path.join(folder, name), root)[:-3].replace(os.sep, ".")
    .removesuffix(".__init__")
    for folder, _, files in os.walk(PACKAGE) for name in files if name.endswith(".py"))
for current in names:
    importlib.import_module(current)
print(len(names))
for module, path in opened:
    print(module, path)
"""


def test_importing_any_module_reads_no_data_file():
    package = Path(coursekit.__file__).parent
    out = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(package)], capture_output=True,
                         text=True, check=True)
    count, *reads = out.stdout.splitlines()
    assert int(count) > 40  # every module was imported, not just the package
    assert reads == []  # "<module> <data file>" for each read on import
