"""The static scan of a notebook: its check calls, exercise set and what to review.

:func:`scan_notebook` parses every code cell with :mod:`ast` (IPython magics and
``!commands`` turned into plain Python first), without running anything. It finds the
question ids of the ``check("01.3", …)`` calls per cell, which the gradebook uses to
tell "not answered" from "its check cell failed", and infers the notebook's exercise set.

It also lists what an instructor may want to look at, each finding naming the cell:
code that rebinds or modifies ``check``/``coursekit`` (:class:`_TamperFinder`), and code
that uses the library's reference answers or the check engine's internals
(:class:`_ReferenceFinder`: ``get_question(...).expected()``, ``Question.reference``,
``coursekit.checks.core``, the grading switch). Neither changes a grade: answers are
judged in the grader's process (:mod:`~coursekit.grade.judge`), so tampering in the
kernel cannot earn points, and computing an answer with the library is allowed (the
instructor decides). The gradebook shows the findings in its ``review`` column.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import tokenize
from typing import Any

from coursekit.checks.text import QUESTION_ID, most_common

_GUARDED = frozenset({"check", "coursekit"})
_CODE_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_CHECK_MODULES = frozenset({"coursekit", "coursekit.checks", "coursekit.checks.core"})


#: Deeper than this (brackets, or a run of unary operators such as ``- - - x``), a cell is
#: not parsed: on Python 3.12 the parser can take tens of GB on ``x = ----…1`` before it
#: gives up, which would take the grader down with it.
MAX_NESTING = 100


def too_deep(source: str) -> bool:
    """Whether ``source`` nests brackets or unary operators more than :data:`MAX_NESTING` deep.

    Counted on tokens (linear time and memory), before :func:`ast.parse` sees the code.

    Examples
    --------
    >>> too_deep("x = -(1 + 2)"), too_deep("x = " + "-" * 1000 + "1")
    (False, True)
    >>> too_deep("x = " + "(" * 150 + "1" + ")" * 150), too_deep("# " + "-" * 1000)
    (True, False)
    """
    depth = run = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            text = tok.string
            if tok.type == tokenize.OP and text in "([{":
                depth += 1
            elif tok.type == tokenize.OP and text in ")]}":
                depth -= 1
            unary = (tok.type == tokenize.OP and text in {"-", "+", "~"}) or text == "not"
            run = run + 1 if unary else 0
            if depth > MAX_NESTING or run > MAX_NESTING:
                return True
    except (tokenize.TokenError, SyntaxError, ValueError):
        return False  # not Python: the parser will say so cheaply
    return False


#: A code cell longer than this (in characters) is flagged for review, not read: no
#: learner writes one, and IPython's tokenizer on Python 3.12 took gigabytes of memory on
#: a million-token cell before the nesting guard ever saw it.
MAX_CELL_CHARS = 100_000


def unparsable(source: str) -> bool:
    """Whether ``source`` is longer than :data:`MAX_CELL_CHARS` or nests more than
    :data:`MAX_NESTING` deep: too big for the parser, so it is never given to it.

    Examples
    --------
    >>> unparsable("x = 1"), unparsable("x = " + "(" * 150 + "1" + ")" * 150)
    (False, True)
    """
    return len(source) > MAX_CELL_CHARS or too_deep(source)


def readable_python(cell_source: str) -> str | None:
    """The cell as plain Python for :mod:`ast`, or None when it must not be parsed.

    None when the cell is longer than :data:`MAX_CELL_CHARS` or nests more than
    :data:`MAX_NESTING` deep, checked on the cell as written (before IPython's transform,
    which tokenizes all of it at once) and again on the transformed code.

    Examples
    --------
    >>> readable_python("%time x = 1").strip()
    "get_ipython().run_line_magic('time', 'x = 1')"
    >>> readable_python("x = " + "-" * 1000 + "1") is None
    True
    >>> readable_python("x = 1 + " * 20_000 + "1") is None
    True
    """
    if unparsable(cell_source):
        return None
    source = _python_source(cell_source)
    return None if too_deep(source) else source


def _python_source(cell_source: str) -> str:
    """Turn IPython syntax (magics, ``!cmd``) into plain Python for :mod:`ast`."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return cell_source
    try:
        return TransformerManager().transform_cell(cell_source)
    except Exception:  # noqa: BLE001
        return cell_source


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _mentions_guarded(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in _GUARDED:
            return True
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if sub.value in _GUARDED or sub.value.startswith("coursekit."):
                return True
    return False


class _LineFinder(ast.NodeVisitor):
    """A visitor that records findings as ``(line of the statement, what it does)``."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self._line = 0

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.stmt):
            self._line = node.lineno
        return super().visit(node)

    def _add(self, what: str) -> None:
        self.found.append((self._line, what))


class _TamperFinder(_LineFinder):
    """Find statements that rebind or modify ``check``/``coursekit`` at notebook level."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0  # function/class/lambda nesting
        self._globals: list[set[str]] = []

    # -- scopes
    def _scoped(self, node: ast.AST) -> None:
        self._depth += 1
        self._globals.append(set())
        self.generic_visit(node)
        self._globals.pop()
        self._depth -= 1

    def _binds_global(self, name: str) -> bool:
        return self._depth == 0 or (bool(self._globals) and name in self._globals[-1])

    def visit_Global(self, node: ast.Global) -> None:
        if self._globals:
            self._globals[-1].update(node.names)

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if node.name in _GUARDED and self._binds_global(node.name):
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            self._add(f"defines its own {kind} `{node.name}`")
        for deco in node.decorator_list:
            self.visit(deco)
        self._scoped(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _def

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    # -- bindings
    def _target(self, target: ast.AST, verb: str = "assigns to") -> None:
        if isinstance(target, ast.Name):
            if target.id in _GUARDED and self._binds_global(target.id):
                self._add(f"{verb} `{target.id}`")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._target(elt, verb)
        elif isinstance(target, ast.Starred):
            self._target(target.value, verb)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root_name(target)
            if root in _GUARDED or (isinstance(target, ast.Attribute)
                                    and target.attr in _GUARDED):
                self._add(f"{verb} `{ast.unparse(target)}`")
            elif isinstance(target, ast.Subscript) and _mentions_guarded(target.slice):
                self._add(f"{verb} `{ast.unparse(target)}`")

    def visit_Assign(self, node: ast.Assign) -> None:
        for t in node.targets:
            self._target(t)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None or not isinstance(node.target, ast.Name):
            self._target(node.target)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._target(node.target)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._target(item.optional_vars)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name in _GUARDED and self._binds_global(node.name):
            self._add(f"assigns to `{node.name}`")
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for t in node.targets:
            if not isinstance(t, ast.Name):
                self._target(t, "deletes")
            elif t.id in _GUARDED and self._binds_global(t.id):
                self._add(f"deletes `{t.id}`")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            if bound in _GUARDED and self._binds_global(bound):
                if not (bound == "coursekit" and alias.name.split(".")[0] == "coursekit"
                        and (alias.asname is None or alias.name == "coursekit")):
                    self._add(f"imports `{alias.name}` as `{bound}`")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            bound = alias.asname or alias.name
            if bound not in _GUARDED or not self._binds_global(bound):
                continue
            if bound == "check" and alias.name == "check" and module in _CHECK_MODULES:
                continue
            self._add(f"imports `{alias.name}` from `{module}` as `{bound}`")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        # %time / %%timeit / %%capture … run Python code given as a string
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"run_line_magic", "run_cell_magic"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in _CODE_MAGICS
        ):
            for arg in node.args[1:]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    code = readable_python(arg.value)
                    with contextlib.suppress(SyntaxError, ValueError, RecursionError, MemoryError):
                        for stmt in ast.parse(code).body if code is not None else ():
                            self.visit(stmt)
        name = func.id if isinstance(func, ast.Name) else None
        if name in {"setattr", "delattr"} and node.args and _mentions_guarded(node.args[0]):
            self._add(f"calls `{ast.unparse(node)[:60]}`")
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"update", "__setitem__", "setdefault", "pop", "__delitem__"}
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id in {"globals", "vars", "locals"}
            and (any(_mentions_guarded(a) for a in node.args)
                 or any(k.arg in _GUARDED for k in node.keywords))
        ):
            self._add(f"calls `{ast.unparse(node)[:60]}`")
        self.generic_visit(node)


# What a submission may use to read the reference answers or the engine's internals.
_REFERENCE_ATTRS = frozenset({
    "expected", "reference", "_cache", "_wrong_cache", "_wrong_value", "wrong_value",
})
_ENGINE_NAMES = frozenset({
    "get_question", "evaluate", "load_question_sets", "RESULTS", "RECORDS", "_REGISTRY",
    "_COMPARATORS", "_match_wrong", "_finish", "record", "report_json",
})
_ENGINE_MODULE = re.compile(
    r"^coursekit\.(?:checks\.(?:core|wire|registry|compare|guard|set\d\d)|grade)\b"
)


class _ReferenceFinder(_LineFinder):
    """Find code that uses the library's reference answers or the check engine's internals."""

    def __init__(self) -> None:
        super().__init__()
        self.aliases: set[str] = set()  # names bound to engine modules (kept across cells)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        root = _root_name(node)
        if root in self.aliases and isinstance(node.ctx, (ast.Store, ast.Del)):
            self._add(f"changes the check engine (`{ast.unparse(node)[:40]}`)")
        if node.attr in _REFERENCE_ATTRS:
            self._add(f"reads a reference answer (`.{node.attr}`)")
        elif node.attr in _ENGINE_NAMES or node.attr.startswith("_compare_"):
            self._add(f"uses the check engine's internals (`{node.attr}`)")
        else:
            dotted = _dotted(node)
            rest = dotted.partition(".")[2]  # the chain below its root, e.g. checks.core
            if rest and _ENGINE_MODULE.match("coursekit." + rest):
                self._add(f"uses the check engine's internals (`{dotted}`)")
                return  # one finding per chain
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in _ENGINE_NAMES - {"record", "evaluate"} or node.id.startswith("_compare_"):
            self._add(f"uses the check engine's internals (`{node.id}`)")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _ENGINE_MODULE.match(alias.name):
                self._add(f"imports the check engine (`{alias.name}`)")
                if alias.asname:
                    self.aliases.add(alias.asname)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level == 0 and module.split(".")[0] == "coursekit":
            for a in node.names:
                if _ENGINE_MODULE.match(f"{module}.{a.name}"):
                    self.aliases.add(a.asname or a.name)
                    self._add(f"imports the check engine (`{module}.{a.name}`)")
        if node.level == 0 and _ENGINE_MODULE.match(module):
            names = [a.name for a in node.names if a.name != "check"]
            if names:
                self._add(f"imports the check engine (`{module}`: {', '.join(names)})")
        elif node.level == 0 and module.split(".")[0] == "coursekit":
            names = [a.name for a in node.names if a.name in _ENGINE_NAMES]
            if names:
                self._add(f"imports the check engine (`{', '.join(names)}`)")

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            if "COURSEKIT_GRADING" in node.value:
                self._add("reads or changes the grading switch (COURSEKIT_GRADING)")
            elif _ENGINE_MODULE.match(node.value.strip()):
                self._add(f"uses the check engine's internals (`{node.value.strip()[:40]}`)")


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _check_ids(tree: ast.AST) -> list[str]:
    """Question ids of ``check("01.3", …)`` / ``coursekit.check(…)`` calls, in order."""
    ids = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else None
        )
        if name != "check":
            continue
        arg = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "question_id"), None
        )
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if QUESTION_ID.match(arg.value.strip()):
                ids.append(arg.value.strip())
    return ids


def _first_line(source: str, limit: int = 50) -> str:
    for line in source.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def _where(index: int, lines: list[str], lineno: int, what: str) -> str:
    text = _first_line(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    return f"cell {index + 1}, line {lineno} (`{text}`) {what}"


def scan_notebook(nb: Any) -> dict[str, Any]:
    """Statically scan a notebook: its check calls, exercise set and tampering.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook.

    Returns
    -------
    dict
        ``check_cells`` ({cell index: [question ids checked in it]}), ``exercise_set``
        (the set most of its check ids belong to, else the notebook's
        ``metadata.coursekit.exercise_set``, else None), ``tampering`` (plain-language
        findings of code that rebinds or modifies ``check``/``coursekit``, each naming
        the cell; empty when clean) and ``review`` (those findings and the uses of
        reference answers or engine internals: what the instructor may want to look at;
        none of them changes a grade).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("import coursekit\\ncoursekit.check('01.2', 5)"),
    ...     nbformat.v4.new_code_cell("def check(q, a):\\n    print('correct')")])
    >>> found = scan_notebook(nb)
    >>> found["check_cells"], found["exercise_set"]
    ({0: ['01.2']}, '01')
    >>> found["tampering"]
    ['cell 2, line 1 (`def check(q, a):`) defines its own function `check`']
    >>> cell = nbformat.v4.new_code_cell("answer = get_question('01.2').expected()")
    >>> for finding in scan_notebook(nbformat.v4.new_notebook(cells=[cell]))["review"]:
    ...     print(finding.split(") ", 1)[1])
    reads a reference answer (`.expected`)
    uses the check engine's internals (`get_question`)
    """
    check_cells: dict[int, list[str]] = {}
    tampering: list[str] = []
    review: list[str] = []
    refs = _ReferenceFinder()
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        readable = readable_python(source)
        if readable is None:
            review.append(f"cell {index + 1}: too long or nested too deeply to be read")
            continue
        source = readable
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue  # it will fail when it runs; nothing to learn statically
        except (RecursionError, MemoryError):
            # nested too deeply for the parser (a red-team notebook's `x = ((((…1))))`
            # stopped the whole run with MemoryError): the instructor may look at it
            review.append(f"cell {index + 1}: nested too deeply to be read")
            continue
        try:
            ids = _check_ids(tree)
            finder = _TamperFinder()
            finder.visit(tree)
            refs.found = []
            refs.visit(tree)
        except (RecursionError, MemoryError):
            review.append(f"cell {index + 1}: nested too deeply to be read")
            continue
        if ids:
            check_cells[index] = ids
        lines = source.splitlines()
        tampering += [_where(index, lines, n, what) for n, what in dict.fromkeys(finder.found)]
        review += [_where(index, lines, n, what)
                   for n, what in dict.fromkeys(finder.found + refs.found)]
    exercise_set = most_common(i.split(".")[0] for ids in check_cells.values() for i in ids)
    if exercise_set is None:
        meta = nb.get("metadata", {}).get("coursekit", {})
        value = meta.get("exercise_set") if isinstance(meta, dict) else None
        if isinstance(value, (str, int)) and str(value).strip():
            exercise_set = f"{int(value):02d}" if str(value).isdigit() else str(value)
    return {"check_cells": check_cells, "exercise_set": exercise_set, "tampering": tampering,
            "review": review}
