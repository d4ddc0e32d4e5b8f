"""Rules that keep the package easy to change, checked over the source of ``src/coursekit``.

* No private name of another library: nothing imported from a ``_private`` place of a
  third-party package, no ``obj._name`` on a third-party object (an attribute name that is
  defined nowhere in coursekit belongs to someone else), no ``_method`` overriding a private
  hook in a subclass of a third-party class. A speed-up that needs one must find a public
  way (see ``bench/bench_widgets.py``).
* No underscore name imported across modules: what coursekit shares between its modules is
  public within it (a private *module* such as ``_validate`` may be imported inside the
  package; its names are public).
* Every third-party import is declared in ``[project].dependencies`` with an upper bound.
* No module over about 500 lines without a reason in its docstring ("Over 500 lines: ...").

Each rule reads the files with :mod:`ast`, so strings and comments do not count.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "coursekit"
MODULES = sorted(SRC.rglob("*.py"))
MAX_LINES = 500
LONG_REASON = "Over 500 lines:"

# Underscore names that are documented, public API despite the underscore.
PUBLIC_UNDERSCORE = {
    "os._exit",  # the documented way to leave a forked child without cleanup
}
# The documented API of named tuples (collections.namedtuple, typing.NamedTuple).
NAMEDTUPLE_API = {"_asdict", "_replace", "_fields", "_make", "_field_defaults"}
# Protocol hooks that IPython/Jupyter call by name: defining them is the public API.
HOOK = re.compile(r"^_(repr_\w+|ipython_\w+)_$")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@functools.cache
def _cached_tree(path: Path) -> ast.Module:
    return _tree(path)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and not HOOK.match(name)


def _top(module: str) -> str:
    return module.split(".")[0]


def _third_party(module: str) -> bool:
    top = _top(module)
    return top != "coursekit" and top not in sys.stdlib_module_names and top != "__future__"


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """``{local name: module it came from}`` for every import in the file."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = node.module
    return names


@functools.cache
def _defined_in_coursekit() -> frozenset[str]:
    """Every name coursekit itself defines: functions, classes, attributes, parameters."""
    names = set()
    for path in MODULES:
        for node in ast.walk(_cached_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def private_library_uses(path: Path, ours: set[str]) -> list[str]:
    """Where ``path`` touches a private name of another library."""
    tree = _tree(path)
    imported = _imported_names(tree)
    found = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{_rel(path)}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and _third_party(node.module):
            parts = node.module.split(".") + [a.name for a in node.names]
            if any(_private(part) for part in parts):
                flag(node, f"from {node.module} import {', '.join(a.name for a in node.names)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _third_party(alias.name) and any(map(_private, alias.name.split("."))):
                    flag(node, f"import {alias.name}")
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            root = _root_name(node.value)
            dotted = f"{root}.{node.attr}"
            if dotted in PUBLIC_UNDERSCORE or root in {"self", "cls"} \
                    or node.attr in NAMEDTUPLE_API:
                continue
            if root in imported and _third_party(imported[root]):
                flag(node, f"{dotted} (from {imported[root]})")
            elif node.attr not in ours:
                flag(node, f"._{node.attr.lstrip('_')} (not defined in coursekit)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in {"getattr", "setattr", "hasattr", "delattr"} \
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str) and _private(node.args[1].value) \
                and node.args[1].value not in ours:
            flag(node, f"{node.func.id}(..., {node.args[1].value!r})")
        elif isinstance(node, ast.ClassDef):
            bases = {_root_name(base) for base in node.bases}
            if any(b in imported and _third_party(imported[b]) for b in bases):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) \
                            and _private(item.name):
                        flag(item, f"{node.name}.{item.name} overrides a private hook")
    return found


def underscore_imports(path: Path) -> list[str]:
    """Where ``path`` takes a private name from another coursekit module."""
    tree = _tree(path)
    coursekit_modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "")
                                                 .startswith("coursekit"))
        for alias in node.names
        if not _private(alias.name)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level > 0 or _top(node.module or "")
                                                 == "coursekit"):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{_rel(path)}:{node.lineno}: imports {alias.name} "
                                 f"from {'.' * node.level}{node.module or ''}")
        elif isinstance(node, ast.Attribute) and _private(node.attr) \
                and isinstance(node.value, ast.Name) and node.value.id in coursekit_modules:
            found.append(f"{_rel(path)}:{node.lineno}: uses {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "getattr" and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str) and _private(node.args[1].value):
            found.append(f"{_rel(path)}:{node.lineno}: getattr(..., {node.args[1].value!r})")
    return found


def third_party_imports() -> dict[str, set[str]]:
    """``{top-level module: files importing it}`` over src/coursekit (any depth)."""
    found: dict[str, set[str]] = {}
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            for module in modules:
                if _third_party(module):
                    found.setdefault(_top(module), set()).add(_rel(path))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_dependencies() -> dict[str, str]:
    """``{normalised distribution name: requirement}`` of ``[project].dependencies``."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {}
    for requirement in pyproject["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
        declared[_normalise(name)] = requirement
    return declared


# ------------------------------------------------------------------------ the rules
@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_private_names_of_other_libraries(path):
    assert private_library_uses(path, _defined_in_coursekit()) == []


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_underscore_name_imported_across_modules(path):
    assert underscore_imports(path) == []


def test_every_third_party_import_is_declared_with_an_upper_bound():
    declared = declared_dependencies()
    distributions = packages_distributions()
    missing = {}
    for module, files in third_party_imports().items():
        names = {_normalise(d) for d in distributions.get(module, [module])}
        if not names & set(declared):
            missing[module] = sorted(files)
    assert missing == {}, f"imported in src/ but not in [project].dependencies: {missing}"
    unbounded = [req for req in declared.values() if "<" not in req]
    assert unbounded == [], f"no upper bound: {unbounded}"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_long_modules_say_why(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > MAX_LINES:
        docstring = ast.get_docstring(_tree(path)) or ""
        assert LONG_REASON in docstring, (
            f"{_rel(path)} has {lines} lines: split it or say why in its docstring "
            f"({LONG_REASON!r} ...)")


# ------------------------------------------------------------- the rules can fail
def _write(tmp_path, text):
    path = tmp_path / "module.py"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("source", "found"), [
    ("from matplotlib.font_manager import fontManager\n"
     "fontManager._find_fonts_by_props(None)\n", "fontManager._find_fonts_by_props"),
    ("from matplotlib.backends.backend_svg import RendererSVG\n"
     "class R(RendererSVG):\n    def _get_font_height_metrics(self, prop):\n        pass\n",
     "overrides a private hook"),
    ("from jupyter_client._version import version_info\n", "jupyter_client._version"),
    ("def f(km):\n    return km._launch_args\n", "not defined in coursekit"),
    ("def f(client):\n    return getattr(client, '_async_poll_output_msg')\n",
     "getattr(..., '_async_poll_output_msg')"),
])
def test_private_names_are_found(tmp_path, source, found):
    uses = private_library_uses(_write(tmp_path, source), _defined_in_coursekit())
    assert len(uses) == 1 and found in uses[0]


@pytest.mark.parametrize("source", [
    "import os\nos._exit(0)\n",
    "class W:\n    def _repr_mimebundle_(self, **kw):\n        return {}\n",
    "class A:\n    def __init__(self):\n        self._x = 1\n    def f(self, other):\n"
    "        return other._x\n",
])
def test_public_and_own_underscores_pass(tmp_path, source):
    assert private_library_uses(_write(tmp_path, source), {"_x"}) == []


@pytest.mark.parametrize(("source", "found"), [
    ("from .submissions import _Submission\n", "imports _Submission"),
    ("from coursekit.verdict import _check_weights\n", "imports _check_weights"),
    ("from . import plots\nplots._layout()\n", "uses plots._layout"),
    ("import importlib\ncore = importlib.import_module('x')\ngetattr(core, '_finish')\n",
     "getattr(..., '_finish')"),
])
def test_underscore_imports_are_found(tmp_path, source, found):
    uses = underscore_imports(_write(tmp_path, source))
    assert len(uses) == 1 and found in uses[0]


def test_the_import_scan_sees_imports_inside_functions():
    imports = third_party_imports()
    assert "nbclient" in imports and "src/coursekit/execute.py" in imports["nbclient"]
    assert {"pandas", "numpy", "matplotlib", "ipywidgets"} <= set(imports)


SET_MODULES = sorted((SRC / "checks").glob("set[0-9][0-9].py"))


@pytest.mark.parametrize("path", SET_MODULES, ids=_rel)
def test_question_sets_keep_the_duplicate_id_guard(path):
    """``replace=True`` lets a question silently replace another with the same id: only a
    test or an author's session (re-registering by hand) may ask for it, not a set module."""
    replacing = [node.lineno for node in ast.walk(_tree(path)) if isinstance(node, ast.keyword)
                 and node.arg == "replace" and not (isinstance(node.value, ast.Constant)
                                                    and node.value.value is False)]
    assert replacing == [], f"{_rel(path)}: replace= on lines {replacing}"


# ------------------------------------------------------------------ layers
#: Dependencies flow one way: data → loaders → analysis → figures, widgets and checks.
#: These modules are the data and analysis layers; none imports a view, even lazily.
ANALYSIS = ["_validate", "coding", "dependence", "forecasts", "geo", "loaders", "network",
            "politics", "quotes", "ties", "timeseries", "verdict"]
VIEWS = {"plots", "figures", "maps", "widgets", "checks", "grade", "build", "execute", "cli"}


def _coursekit_imports(tree: ast.Module) -> set[str]:
    """The coursekit modules a file imports (absolute or relative), at any depth."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1 and module:
                found.add(module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif module.startswith("coursekit."):
                found.add(module.split(".")[1])
            elif module == "coursekit":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("coursekit."))
    return found


@pytest.mark.parametrize("name", ANALYSIS)
def test_analysis_never_imports_a_view(name):
    upward = _coursekit_imports(_tree(SRC / f"{name}.py")) & VIEWS
    assert not upward, f"{name}.py imports {sorted(upward)}: move the view out of the analysis"


def test_the_layer_scan_sees_lazy_and_relative_imports():
    tree = ast.parse("def f():\n    from .plots import new_figure\n    from . import widgets\n"
                     "    import coursekit.maps\n")
    assert _coursekit_imports(tree) == {"plots", "widgets", "maps"}
