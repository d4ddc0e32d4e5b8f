"""Generate exercise notebooks from solution notebooks (``coursekit build``).

``solutions/NN-slug.ipynb`` are the single source of truth. Each is turned into
``exercises/NN-slug.ipynb`` by a small pipeline of pure steps, in the spirit of
nbgrader's ``ClearSolutions``:

1. read the notebook with :mod:`nbformat`;
2. drop every cell tagged ``solution-only``;
3. in each cell, replace solution regions with placeholders
   (:func:`strip_code_regions`, :func:`strip_markdown_regions`);
4. clear outputs and execution counts, and output-related cell metadata
   (``collapsed``, ``scrolled``, ``execution``); cell tags are kept, and an nbval comment
   marker (``# NBVAL_SKIP``) becomes the tag nbval reads (``nbval-skip``), so a
   learner's notebook never shows one (:func:`nbval_comments_to_tags`);
5. drop solution-related metadata (any key containing ``solution``, the
   ``solution`` tag, saved widget state, and the ``mystnb`` alt text of outputs the
   exercise no longer has) and attachments no longer referenced;
6. make each check cell safe to run first (:func:`guard_check_cells`):
   ``check("01.1", answer_1)`` becomes
   ``check("01.1", globals().get("answer_1", NOT_RUN))`` with its own import, so a
   check cell run before its answer cell, or after a kernel restart, says
   "Not answered" instead of raising a NameError;
7. write with :mod:`nbformat` (stable, sorted JSON) and a trailing newline,
   only when the bytes change.

Code regions::

    ### BEGIN SOLUTION            (optionally: ### BEGIN SOLUTION answer_1, answer_2)
    answer_1 = events[...].shape[0]
    ### END SOLUTION

become ``# your answer here`` plus ``answer_1 = ...`` (one line per name given on
the marker line, else per target of the region's last top-level assignment,
else a bare ``...``), indented like the marker. Markdown regions between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` become
``_Your answer here._``. Everything else is kept verbatim.

Over 500 lines: one pipeline, read top to bottom, whose steps share the marker rules and
the fingerprint that protects learners' edits; about half the lines are docstrings.

Examples
--------
>>> print(strip_code_regions("x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION"))
x = 1
# your answer here
answer = ...
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import nbformat

from .execute import KERNELSPEC

__all__ = [
    "CODE_PLACEHOLDER_COMMENT",
    "MARKDOWN_PLACEHOLDER",
    "SOLUTION_ONLY_TAG",
    "LearnerWorkError",
    "SolutionMarkerError",
    "build_all",
    "build_exercise",
    "build_file",
    "exercise_path",
    "find_root",
    "guard_check_cells",
    "written_template",
    "nbval_comments_to_tags",
    "render",
    "solution_notebooks",
    "strip_code_regions",
    "strip_markdown_regions",
]

CODE_PLACEHOLDER_COMMENT = "# your answer here"
MARKDOWN_PLACEHOLDER = "_Your answer here._"
SOLUTION_ONLY_TAG = "solution-only"

_CODE_BEGIN = re.compile(r"^(?P<indent>[ \t]*)###[ \t]*BEGIN SOLUTION(?P<rest>.*)$")
_CODE_END = re.compile(r"^[ \t]*###[ \t]*END SOLUTION[ \t]*$")
_CODE_ANY = re.compile(r"###[ \t]*(BEGIN|END) SOLUTION")
_MD_BEGIN = re.compile(r"^[ \t]*<!--[ \t]*BEGIN SOLUTION[ \t]*-->[ \t]*$")
_MD_END = re.compile(r"^[ \t]*<!--[ \t]*END SOLUTION[ \t]*-->[ \t]*$")
_MD_ANY = re.compile(r"<!--[ \t]*(BEGIN|END) SOLUTION")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SOLUTION_NB = re.compile(r"^\d\d-.+\.ipynb$")
_OUTPUT_METADATA = ("collapsed", "scrolled", "execution")
#: MyST-NB's settings for a cell's outputs (alt text, figure captions): an exercise
#: cell has no outputs, so they would describe a figure that is not there.
_MYSTNB_OUTPUT_KEYS = ("image", "figure", "markdown", "number_source_lines")
_STATE_METADATA = ("widgets",)


class SolutionMarkerError(ValueError):
    """Solution markers do not pair up, or are malformed."""


# --------------------------------------------------------------------------- regions


def _answer_names(region: list[str]) -> list[str]:
    """Targets of the last top-level assignment (to plain names) in a region."""
    source = textwrap.dedent("\n".join(region))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in reversed(tree.body):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        else:
            continue
        names = [n for t in targets for n in _target_names(t)]
        if names:
            return list(dict.fromkeys(names))
    return []


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in _target_names(elt)]
    return []


def _marker_names(rest: str, where: str) -> list[str]:
    names = [n for n in re.split(r"[,\s]+", rest.strip()) if n]
    bad = [n for n in names if not _NAME.match(n)]
    if bad:
        raise SolutionMarkerError(
            f"{where}: '### BEGIN SOLUTION' may only be followed by answer names "
            f"(comma-separated identifiers), got {', '.join(map(repr, bad))}"
        )
    return names


def _string_answers(region: list[str]) -> set[str]:
    """Names the region assigns a text constant to (a written answer's model text)."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(region)))
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            names |= {n for t in node.targets for n in _target_names(t)}
    return names


def written_template(name: str, words: tuple[int, int] | None, indent: str = "") -> list[str]:
    r"""The answer cell of a written question: a triple-quoted string to write in.

    Examples
    --------
    >>> lines = written_template("answer_8", (80, 150))
    >>> lines[0]
    '# Write 80–150 words between the triple quotes.'
    >>> lines[1:] == ['answer_8 = ' + '"' * 3, '', '"' * 3]
    True
    """
    asked = f"{words[0]}–{words[1]} words" if words else "your answer"
    return [f"{indent}# Write {asked} between the triple quotes.",
            f'{indent}{name} = """', "", '"""']


def strip_code_regions(
    source: str,
    where: str = "code cell",
    written: dict[str, tuple[int, int] | None] | None = None,
) -> str:
    """Replace the solution regions of a code cell's source with placeholders.

    Parameters
    ----------
    source : str
        The cell source.
    where : str
        Names the cell in error messages, e.g. ``"solutions/01-x.ipynb, cell 4"``.
    written : dict, optional
        Answer names of written questions and their word ranges: a region that assigns
        a text to one of them becomes :func:`written_template` instead of ``name = ...``.

    Returns
    -------
    str
        The source with each region replaced by ``# your answer here`` and one
        ``name = ...`` line per answer name (or a bare ``...``), or by a written
        answer's template.

    Raises
    ------
    SolutionMarkerError
        If BEGIN/END markers do not pair up or are not on their own line.

    Examples
    --------
    >>> src = '''def f(x):
    ...     ### BEGIN SOLUTION
    ...     return x + 1
    ...     ### END SOLUTION'''
    >>> print(strip_code_regions(src))
    def f(x):
        # your answer here
        ...
    >>> print(strip_code_regions("### BEGIN SOLUTION a, b\\na = b = 1\\n### END SOLUTION"))
    # your answer here
    a = ...
    b = ...
    """
    lines = source.split("\n")
    out: list[str] = []
    region: list[str] | None = None
    indent, names = "", []
    for number, line in enumerate(lines, start=1):
        begin, end = _CODE_BEGIN.match(line), _CODE_END.match(line)
        if begin:
            if region is not None:
                raise SolutionMarkerError(f"{where}, line {number}: nested '### BEGIN SOLUTION'")
            region, indent = [], begin.group("indent")
            names = _marker_names(begin.group("rest"), f"{where}, line {number}")
        elif end:
            if region is None:
                raise SolutionMarkerError(
                    f"{where}, line {number}: '### END SOLUTION' without a matching BEGIN"
                )
            names = names or _answer_names(region)
            texts = _string_answers(region) & set(written or {})
            if names and set(names) <= texts:
                for n in names:
                    out.extend(written_template(n, (written or {}).get(n), indent))
            else:
                out.append(indent + CODE_PLACEHOLDER_COMMENT)
                out.extend(f"{indent}{n} = ..." for n in names)
                if not names:
                    out.append(indent + "...")
            region = None
        elif _CODE_ANY.search(line) or _MD_ANY.search(line):
            raise SolutionMarkerError(
                f"{where}, line {number}: a solution marker must be on its own line as "
                f"'### BEGIN SOLUTION' / '### END SOLUTION' in code cells: {line.strip()!r}"
            )
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise SolutionMarkerError(f"{where}: '### BEGIN SOLUTION' without '### END SOLUTION'")
    return "\n".join(out)


def strip_markdown_regions(source: str, where: str = "markdown cell") -> str:
    """Replace the solution regions of a markdown cell with ``_Your answer here._``.

    Raises
    ------
    SolutionMarkerError
        If markers do not pair up, are not on their own line, or code-style
        markers (``### BEGIN SOLUTION``) are used in markdown.

    Examples
    --------
    >>> md = "**Q.** Why?\\n<!-- BEGIN SOLUTION -->\\nBecause.\\n<!-- END SOLUTION -->"
    >>> print(strip_markdown_regions(md))
    **Q.** Why?
    _Your answer here._
    """
    lines = source.split("\n")
    out: list[str] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        if _MD_BEGIN.match(line):
            if inside:
                raise SolutionMarkerError(
                    f"{where}, line {number}: nested '<!-- BEGIN SOLUTION -->'"
                )
            inside = True
        elif _MD_END.match(line):
            if not inside:
                raise SolutionMarkerError(
                    f"{where}, line {number}: '<!-- END SOLUTION -->' without a matching BEGIN"
                )
            inside = False
            out.append(MARKDOWN_PLACEHOLDER)
        elif _MD_ANY.search(line) or _CODE_ANY.search(line):
            raise SolutionMarkerError(
                f"{where}, line {number}: a solution marker must be on its own line as "
                f"'<!-- BEGIN SOLUTION -->' / '<!-- END SOLUTION -->' in markdown cells: "
                f"{line.strip()!r}"
            )
        elif not inside:
            out.append(line)
    if inside:
        raise SolutionMarkerError(
            f"{where}: '<!-- BEGIN SOLUTION -->' without '<!-- END SOLUTION -->'"
        )
    return "\n".join(out)


# --------------------------------------------------------------------------- check cells

#: One ``check("NN.K", name)`` call on a line of its own (``coursekit.check`` too).
_CHECK_CALL = re.compile(
    r"""^(?P<indent>[ \t]*)(?:coursekit\.)?check\(\s*(?P<q>["'])(?P<id>\d\d\.p?\d+)(?P=q)\s*,"""
    r"""\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\)[ \t]*$"""
)
#: The import a guarded check cell starts with, so it runs even after a kernel restart.
CHECK_IMPORT = "from coursekit import NOT_RUN, check"

#: The note the builder puts after an exercise's first cell when it guarded check cells.
CHECK_CELLS_NOTE = """\
**About the check cells.** Each verdict starts with its word: **Correct**, **Not yet** (with \
a hint that names the likely mistake) or **Not answered**. A check cell looks your answer up \
by its name: `globals().get("answer_1", NOT_RUN)` means *the value of `answer_1`, or \
`NOT_RUN` if there is no `answer_1` yet*. So a check cell run before its answer cell, or after \
a kernel restart, says "Not answered: run the answer cell above first" instead of stopping \
with an error."""
_NOTE_ID = "coursekit-check-cells"


def guard_check_cells(source: str) -> str:
    """Make a check cell safe to run before its answer cell (never a NameError).

    Each line that is a bare ``check("01.1", answer_1)`` becomes
    ``check("01.1", globals().get("answer_1", NOT_RUN))``: if ``answer_1`` does not
    exist yet (its cell was not run, or the kernel was restarted), the check gets
    :data:`coursekit.NOT_RUN` and answers "Not answered: run the answer cell above
    first". The cell gains ``from coursekit import NOT_RUN, check`` as its first line,
    so it runs on its own. Other cells are returned unchanged.

    Examples
    --------
    >>> print(guard_check_cells('check("01.1", answer_1)'))
    from coursekit import NOT_RUN, check
    check("01.1", globals().get("answer_1", NOT_RUN))
    >>> guard_check_cells("answer_1 = ...")
    'answer_1 = ...'
    """
    lines = source.split("\n")
    out, changed = [], False
    for line in lines:
        m = _CHECK_CALL.match(line)
        if m is None:
            out.append(line)
            continue
        changed = True
        out.append(
            f'{m["indent"]}check("{m["id"]}", globals().get("{m["name"]}", NOT_RUN))'
        )
    if not changed:
        return source
    if CHECK_IMPORT not in out:
        out.insert(0, CHECK_IMPORT)
    return "\n".join(out)


# --------------------------------------------------------------------------- metadata


def _strip_solution_keys(value: Any) -> Any:
    """Recursively drop dict keys that mention 'solution'."""
    if isinstance(value, dict):
        return type(value)(
            (k, _strip_solution_keys(v)) for k, v in value.items() if "solution" not in k.lower()
        )
    if isinstance(value, list):
        return [_strip_solution_keys(v) for v in value]
    return value


def _clean_cell_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    metadata = _strip_solution_keys(metadata)
    for key in _OUTPUT_METADATA:
        metadata.pop(key, None)
    mystnb = metadata.get("mystnb")
    if isinstance(mystnb, dict):
        mystnb = {k: v for k, v in mystnb.items() if k not in _MYSTNB_OUTPUT_KEYS}
        if mystnb:
            metadata["mystnb"] = mystnb
        else:
            metadata.pop("mystnb")
    tags = metadata.get("tags")
    if isinstance(tags, list):
        kept = [t for t in tags if "solution" not in str(t).lower()]
        if kept:
            metadata["tags"] = kept
        else:
            metadata.pop("tags")
    return metadata


def _is_solution_only(cell: Any) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return isinstance(tags, list) and SOLUTION_ONLY_TAG in tags


def _prune_attachments(cell: Any) -> None:
    attachments = cell.get("attachments")
    if not attachments:
        return
    kept = {k: v for k, v in attachments.items() if f"attachment:{k}" in cell["source"]}
    if kept:
        cell["attachments"] = nbformat.from_dict(kept)
    else:
        del cell["attachments"]


# --------------------------------------------------------------------------- pipeline
#: nbval's comment markers (a whole line ``# NBVAL_…``), which nbval also reads as cell tags.
_NBVAL_COMMENT = re.compile(r"^[ \t]*#[ \t]*(NBVAL_[A-Z_]+)[ \t]*$")


def nbval_comments_to_tags(source: str, tags: list[str]) -> tuple[str, list[str]]:
    """Move nbval comment markers out of a code cell's source into its tags.

    ``# NBVAL_IGNORE_OUTPUT`` becomes the tag ``nbval-ignore-output`` (nbval reads either);
    other lines and existing tags are kept in order.

    Examples
    --------
    >>> nbval_comments_to_tags("# NBVAL_IGNORE_OUTPUT\\nwidgets.quiz('03.q1')", ["x"])
    ("widgets.quiz('03.q1')", ['x', 'nbval-ignore-output'])
    """
    kept, tags = [], list(tags)
    for line in source.split("\n"):
        match = _NBVAL_COMMENT.match(line)
        if match is None:
            kept.append(line)
        elif (tag := match.group(1).lower().replace("_", "-")) not in tags:
            tags.append(tag)
    return "\n".join(kept), tags


def build_exercise(nb: Any, *, name: str = "notebook") -> Any:
    """Return the exercise version of a solution notebook (the input is not modified).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A version-4 notebook.
    name : str
        Names the notebook in error messages.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook: solution regions replaced, ``solution-only`` cells removed,
        outputs, execution counts and solution metadata cleared.

    Raises
    ------
    SolutionMarkerError
        Naming the notebook and cell index when markers do not pair up.

    Examples
    --------
    >>> import nbformat.v4 as v4
    >>> nb = v4.new_notebook(cells=[
    ...     v4.new_code_cell("### BEGIN SOLUTION\\nanswer_1 = 6 * 7\\n### END SOLUTION",
    ...                      execution_count=3, outputs=[v4.new_output("stream", text="42")]),
    ...     v4.new_markdown_cell("Notes", metadata={"tags": ["solution-only"]}),
    ... ])
    >>> ex = build_exercise(nb)
    >>> len(ex.cells), ex.cells[0].source, ex.cells[0].outputs, ex.cells[0].execution_count
    (1, '# your answer here\\nanswer_1 = ...', [], None)
    """
    nb = copy.deepcopy(nb)
    written = _written_answers(nb)
    cells = []
    for index, cell in enumerate(nb.cells):
        if _is_solution_only(cell):
            continue
        where = f"{name}, cell {index}"
        source = cell.get("source", "")
        if isinstance(source, list):  # defensive: nbformat normally joins lines
            source = "".join(source)
        if cell.cell_type == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            source, tags = nbval_comments_to_tags(source, tags if isinstance(tags, list) else [])
            if tags:
                cell.setdefault("metadata", {})["tags"] = tags
            cell["source"] = guard_check_cells(strip_code_regions(source, where, written))
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            new = strip_markdown_regions(source, where)
            changed = new != source
            cell["source"] = new
            if changed:
                _prune_attachments(cell)
        cell["metadata"] = nbformat.from_dict(_clean_cell_metadata(dict(cell.get("metadata", {}))))
        cells.append(cell)
    cells = _one_answer_place(cells)
    if any(CHECK_IMPORT in c.source for c in cells if c.cell_type == "code"):
        note = nbformat.v4.new_markdown_cell(CHECK_CELLS_NOTE)
        if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
            note["id"] = _NOTE_ID  # a fixed id: the build stays byte-for-byte reproducible
        else:
            note.pop("id", None)  # cell ids came with nbformat 4.5
        cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0, note)
    nb.cells = cells
    metadata = _strip_solution_keys(dict(nb.get("metadata", {})))
    for key in _STATE_METADATA:
        metadata.pop(key, None)
    # the kernelspec JupyterLab writes, so opening an exercise does not mark it modified
    metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata = nbformat.from_dict(metadata)
    return nb


def _written_answers(nb: Any) -> dict[str, tuple[int, int] | None]:
    """Answer names checked against written questions, with each question's word range."""
    from .checks.core import get_question

    found: dict[str, tuple[int, int] | None] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in str(cell.source).split("\n"):
            m = _CHECK_CALL.match(line)
            if m is None:
                continue
            try:
                question = get_question(m["id"])
            except Exception:  # noqa: BLE001 - an unknown id: no template for it
                continue
            if question.kind == "written":
                found[m["name"]] = question.word_limits()
    return found


def _one_answer_place(cells: list[Any]) -> list[Any]:
    """Drop a markdown cell left holding only ``_Your answer here._`` next to a written
    answer's template: the triple-quoted string is the one place to write."""
    def is_template(cell: Any) -> bool:
        return cell.cell_type == "code" and "between the triple quotes." in cell.source

    kept = []
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and cell.source.strip() == MARKDOWN_PLACEHOLDER:
            near = cells[max(0, i - 2): i] + cells[i + 1: i + 3]
            if any(is_template(c) for c in near):
                continue
        kept.append(cell)
    return kept


class LearnerWorkError(RuntimeError):
    """An exercise notebook has changes that ``coursekit build`` did not make.

    The builder never overwrites such a file: it may hold a learner's answers.
    """


#: Notebook metadata key under which the builder stamps what it generated.
STAMP_KEY = "coursekit"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stamp(nb: Any, source: str) -> Any:
    """Record in ``nb.metadata`` that the builder made it, with a fingerprint of its content.

    The fingerprint lets a later build tell an untouched exercise (safe to regenerate)
    from one a learner has edited or run (never overwritten).

    Examples
    --------
    >>> import nbformat.v4 as v4
    >>> nb = stamp(v4.new_notebook(), "solutions/01-x.ipynb")
    >>> is_pristine(render(nb))
    True
    >>> nb.cells.append(v4.new_code_cell("answer_1 = 42"))
    >>> is_pristine(render(nb))
    False
    """
    kept = dict(nb.metadata.get(STAMP_KEY, {}))  # e.g. the solution's exercise_set
    nb.metadata[STAMP_KEY] = {**kept, "generated_from": source, "fingerprint": ""}
    nb.metadata[STAMP_KEY]["fingerprint"] = _fingerprint(render(nb))
    return nb


def is_pristine(text: str) -> bool:
    """True if the notebook text is exactly what the builder wrote (per its stamp)."""
    try:
        data = json.loads(text)
        recorded = data["metadata"][STAMP_KEY]["fingerprint"]
    except (ValueError, KeyError, TypeError):
        return False
    data["metadata"][STAMP_KEY]["fingerprint"] = ""
    return recorded == _fingerprint(render(nbformat.from_dict(data)))


def render(nb: Any) -> str:
    """Serialise a notebook as stable JSON (sorted keys, indent 1) with a trailing newline."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def exercise_path(src: Path, root: Path | None = None) -> Path:
    """Map ``<root>/solutions/NN-slug.ipynb`` to ``<root>/exercises/NN-slug.ipynb``.

    Examples
    --------
    >>> exercise_path(Path("/course/solutions/01-wariness.ipynb")).as_posix()
    '/course/exercises/01-wariness.ipynb'
    """
    src = Path(src)
    base = Path(root) if root is not None else src.parent.parent
    return base / "exercises" / src.name


def _build_text(src: Path, root: Path | None = None) -> str:
    nb = nbformat.read(src, as_version=4)
    shown = src
    if root is not None:
        try:
            shown = src.relative_to(root)
        except ValueError:
            pass
    nb = build_exercise(nb, name=shown.as_posix())
    return render(stamp(nb, f"solutions/{src.name}"))


def build_file(src: Path, dst: Path, *, check: bool = False) -> bool:
    """Build one exercise notebook; write it only if it would change.

    Parameters
    ----------
    src, dst : Path
        The solution notebook and the exercise notebook to (re)generate.
    check : bool, default False
        Write nothing; only report whether ``dst`` is stale.

    Returns
    -------
    bool
        True if ``dst`` was (or, with ``check``, would be) written.

    Raises
    ------
    LearnerWorkError
        If ``dst`` exists with changes the builder did not make: it is never overwritten.
    """
    return _sync(Path(src), Path(dst), None, check)


def _sync(src: Path, dst: Path, root: Path | None, check: bool) -> bool:
    data = _build_text(src, root).encode("utf-8")
    if dst.exists() and dst.read_bytes() == data:
        return False
    if dst.exists() and not check and not is_pristine(dst.read_text(encoding="utf-8")):
        raise LearnerWorkError(
            f"{dst} has changes that coursekit build did not make (a learner's answers?); "
            "it was not overwritten: rename or move it, then run coursekit build again"
        )
    if not check:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, dst)
    return True


def find_root(start: Path | None = None) -> Path:
    """Find the course root: the nearest directory (from ``start``, default cwd,
    upwards) with a ``solutions/`` folder; else the repository this module lives
    in, if it has one; else ``start``."""
    start = Path(start or Path.cwd()).resolve()
    for candidate in (start, *start.parents):
        if (candidate / "solutions").is_dir():
            return candidate
    repo = Path(__file__).resolve().parents[2]
    if (repo / "solutions").is_dir() and (repo / "pyproject.toml").is_file():
        return repo
    return start


def solution_notebooks(root: Path) -> list[Path]:
    """The ``solutions/NN-slug.ipynb`` files under ``root``, sorted."""
    folder = Path(root) / "solutions"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and _SOLUTION_NB.match(p.name))


def build_all(root: Path | None = None, check: bool = False) -> list[Path]:
    """Build every exercise notebook from ``<root>/solutions``.

    Parameters
    ----------
    root : Path, optional
        The course root (default: :func:`find_root`).
    check : bool, default False
        Write nothing; return the exercise paths that are stale or missing.

    Returns
    -------
    list of Path
        The exercise notebooks written (or, with ``check``, that would be).
    """
    root = Path(root) if root is not None else find_root()
    changed = []
    for src in solution_notebooks(root):
        dst = exercise_path(src, root)
        if _sync(src, dst, root, check):
            changed.append(dst)
    return changed
