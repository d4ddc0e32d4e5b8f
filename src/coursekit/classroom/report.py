"""What the class got right and wrong: a report from a gradebook (``coursekit report``).

:func:`class_report` reads ``gradebook.csv`` and ``gradebook_details.csv`` (written by
``coursekit grade``) and computes, over the submissions that were graded:

* each student's score as a share of the auto-checked points (the score distribution);
* per question: **difficulty**, the share of students who got it fully right (0: nobody,
  1: everybody), and **discrimination**, the item–rest correlation (Pearson's r between
  the question's score and the student's total without that question; near 0 the question
  does not separate stronger from weaker students, negative it favours the weaker ones;
  undefined when everybody or nobody got it right); the counts of each outcome (passed,
  failed, not answered, error);
* the most frequent wrong-answer hints per question: each hint names a likely
  misconception, so the top ones say what to go over again in class.

:func:`to_html` renders it as one self-contained HTML page and :func:`to_notebook` as a
notebook; both embed their figures as PNG images with alt text (no kernel, no internet
needed), drawn with the Okabe–Ito colour-blind-safe palette.

Examples
--------
>>> book = pd.DataFrame({"student": ["a", "b", "c"], "status": "graded",
...                      "q1": [1.0, 1.0, 0.0], "q2": [0.0, 0.0, 0.0],
...                      "total": [1.0, 1.0, 0.0], "max_total": 2.0})
>>> rep = class_report(book)
>>> rep.questions[["question_id", "difficulty", "passed"]].round(2).values.tolist()
[['q1', 0.67, 2], ['q2', 0.0, 0]]
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PALETTE", "ClassReport", "class_report", "to_html", "to_notebook",
           "write_report"]

#: Okabe–Ito colours (colour-blind safe), by outcome.
PALETTE = {"passed": "#009E73", "failed": "#D55E00", "not answered": "#999999",
           "error": "#CC79A7", "score": "#0072B2", "discrimination": "#E69F00"}
_OUTCOMES = ("passed", "failed", "not answered", "error")
_FIXED = {"student", "file", "status", "error", "total", "max_total", "review", "sandbox"}


@dataclass
class ClassReport:
    """The numbers of a class report (pandas tables; see :func:`class_report`)."""

    scores: pd.DataFrame
    questions: pd.DataFrame
    hints: pd.DataFrame
    submissions: int
    errors: int
    source: str = ""
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)


def _read(gradebook: str | os.PathLike[str] | pd.DataFrame,
          details: str | os.PathLike[str] | pd.DataFrame | None,
          ) -> tuple[pd.DataFrame, pd.DataFrame | None, str]:
    if isinstance(gradebook, pd.DataFrame):
        book, source = gradebook.copy(), ""
        if details is None:
            details = gradebook.attrs.get("details")
    else:
        path = Path(gradebook)
        if not path.is_file():
            raise ValueError(f"no gradebook at {path} (run `coursekit grade` first)")
        try:
            book = pd.read_csv(path, dtype={"student": str})
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise ValueError(f"{path} is not a readable CSV file ({exc})") from None
        source = os.fspath(path)
        if details is None:
            guess = path.with_name(path.stem + "_details.csv")
            details = guess if guess.is_file() else None
    if isinstance(details, (str, os.PathLike)):
        details = pd.read_csv(details, keep_default_na=False,
                              dtype={"student": str, "question_id": str, "message": str,
                                     "outcome": str})
        details["points"] = pd.to_numeric(details["points"], errors="coerce")
        details["max_points"] = pd.to_numeric(details["max_points"], errors="coerce")
    missing = {"student", "status", "total", "max_total"} - set(book.columns)
    if missing:
        raise ValueError(f"not a gradebook: no column {', '.join(sorted(missing))}")
    return book, (None if details is None else details.copy()), source


def _questions(book: pd.DataFrame, details: pd.DataFrame | None) -> pd.DataFrame:
    if details is not None and len(details):
        first = details.drop_duplicates("question_id")
        table = pd.DataFrame({
            "question_id": first["question_id"].astype(str),
            "title": first["title"].astype(str) if "title" in first else "",
            "kind": first["kind"].astype(str) if "kind" in first else "",
            "max_points": first["max_points"].astype(float),
        })
        return table.reset_index(drop=True)
    qids = [c for c in book.columns if c not in _FIXED]
    graded = book[book["status"] == "graded"]
    points = {q: pd.to_numeric(graded[q], errors="coerce") for q in qids}
    # without the details table: a column with no points for anyone graded is a written
    # answer (graded by hand); otherwise the highest score seen (at least 1 point)
    written = [len(graded) > 0 and bool(points[q].isna().all()) for q in qids]
    return pd.DataFrame({
        "question_id": qids, "title": "",
        "kind": ["written" if w else "" for w in written],
        "max_points": [float("nan") if w else max(float(points[q].max()), 1.0)
                       if points[q].notna().any() else 1.0 for q, w in zip(qids, written)],
    })


def _item_rest(item: pd.Series, rest: pd.Series) -> float:
    if len(item) < 3 or item.std() == 0 or rest.std() == 0:
        return float("nan")
    return float(np.corrcoef(item.to_numpy(float), rest.to_numpy(float))[0, 1])


def class_report(
    gradebook: str | os.PathLike[str] | pd.DataFrame,
    details: str | os.PathLike[str] | pd.DataFrame | None = None,
    top_hints: int = 3,
) -> ClassReport:
    """Compute the class report from a gradebook (and its details table).

    Parameters
    ----------
    gradebook : str, path or DataFrame
        ``gradebook.csv`` from ``coursekit grade`` (or the DataFrame it returned).
    details : str, path or DataFrame, optional
        ``gradebook_details.csv``; default: the file beside the gradebook, if there.
        Without it the report has no outcome counts or hints, only points.
    top_hints : int, default 3
        How many of the most frequent wrong-answer hints to keep per question.

    Returns
    -------
    ClassReport
        ``scores`` (student, total, max_total, percent), ``questions`` (question_id,
        title, kind, max_points, difficulty, discrimination, and a count per outcome),
        ``hints`` (question_id, hint, students), ``submissions``, ``errors``.

    Raises
    ------
    ValueError
        If the gradebook is missing or is not a gradebook.
    """
    book, details, source = _read(gradebook, details)
    graded = book[book["status"] == "graded"].copy()
    for col in ("total", "max_total"):
        graded[col] = pd.to_numeric(graded[col], errors="coerce")
    scores = graded[["student", "total", "max_total"]].copy()
    scores["percent"] = 100 * scores["total"] / scores["max_total"].where(
        scores["max_total"] > 0)
    questions = _questions(book, details)
    graded_students = set(graded["student"].astype(str))
    if details is not None:
        details = details[details["student"].astype(str).isin(graded_students)]
    rows = []
    for q in questions.itertuples(index=False):
        row: dict[str, object] = {"difficulty": float("nan"),
                                  "discrimination": float("nan")}
        if details is not None:
            counts = details.loc[details["question_id"] == q.question_id, "outcome"]
            counts = counts.value_counts()
            row.update({o: int(counts.get(o, 0)) for o in (*_OUTCOMES, "written")})
        if q.kind != "written" and q.question_id in graded and q.max_points > 0:
            points = pd.to_numeric(graded[q.question_id], errors="coerce").fillna(0.0)
            if len(points):
                row["difficulty"] = float((points >= q.max_points - 1e-9).mean())
                row["discrimination"] = _item_rest(points / q.max_points,
                                                   graded["total"] - points)
            if details is None:
                row["passed"] = int((points >= q.max_points - 1e-9).sum())
        rows.append(row)
    stats = pd.DataFrame(rows, index=questions.index)
    questions = pd.concat([questions, stats], axis=1)
    for col in (*_OUTCOMES, "written"):
        if col in questions:
            questions[col] = questions[col].fillna(0).astype(int)
    hints = pd.DataFrame(columns=["question_id", "hint", "students"])
    if details is not None:
        wrong = details[(details["outcome"] == "failed") & (details["message"].str.strip() != "")]
        counted = (wrong.groupby(["question_id", "message"]).size().rename("students")
                   .reset_index().rename(columns={"message": "hint"}))
        order = {qid: i for i, qid in enumerate(questions["question_id"])}
        counted["_order"] = counted["question_id"].map(order)
        counted = counted.sort_values(["_order", "students", "hint"],
                                      ascending=[True, False, True])
        hints = counted.groupby("question_id", sort=False).head(top_hints)
        hints = hints.drop(columns="_order").reset_index(drop=True)
    return ClassReport(scores=scores.reset_index(drop=True), questions=questions,
                       hints=hints, submissions=len(book),
                       errors=int((book["status"] != "graded").sum()), source=source)


# ----------------------------------------------------------------------------- figures


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(rep: ClassReport) -> dict[str, tuple[str, str]]:
    """Draw the figures once: name -> (base64 PNG, alt text)."""
    if rep.figures:
        return rep.figures
    # Figure objects without pyplot: no backend is chosen or changed, nothing is shown.
    from matplotlib.figure import Figure

    figs: dict[str, tuple[str, str]] = {}
    pct = rep.scores["percent"].dropna()
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.subplots()
    ax.hist(pct, bins=np.linspace(0, 100, 11), color=PALETTE["score"], edgecolor="white")
    ax.set(title="Score distribution", xlabel="score (% of the auto-checked points)",
           ylabel="students", xlim=(0, 100))
    ax.yaxis.get_major_locator().set_params(integer=True)
    alt = (f"Histogram of {len(pct)} students' scores in steps of 10%: median "
           f"{pct.median():.0f}%, lowest {pct.min():.0f}%, highest {pct.max():.0f}%."
           if len(pct) else "No graded submissions.")
    figs["scores"] = (_png(fig), alt)

    q = rep.questions[rep.questions["kind"] != "written"]
    if "failed" in q and len(q):
        shares = q[list(_OUTCOMES)].div(q[list(_OUTCOMES)].sum(axis=1).replace(0, 1), axis=0)
        fig = Figure(figsize=(6.4, 0.45 * len(q) + 1.2))
        ax = fig.subplots()
        left = np.zeros(len(q))
        labels = q["question_id"].tolist()
        for outcome in _OUTCOMES:
            ax.barh(labels, shares[outcome], left=left, color=PALETTE[outcome], label=outcome)
            left += shares[outcome].to_numpy()
        ax.invert_yaxis()
        ax.set(title="Outcome of each question", xlabel="share of students", xlim=(0, 1))
        ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
        hardest = q.sort_values("difficulty").iloc[0]
        alt = ("Stacked bars, one per question, of the shares of students who passed, "
               "failed, did not answer or hit an error; the hardest question is "
               f"{hardest['question_id']}, answered right by "
               f"{_pct(hardest['difficulty'])} of the class.")
        figs["outcomes"] = (_png(fig), alt)

    if len(q):
        disc = q["discrimination"].fillna(0.0)
        fig = Figure(figsize=(6.4, 0.45 * len(q) + 1.0))
        ax = fig.subplots()
        ax.barh(q["question_id"], disc, color=PALETTE["discrimination"])
        for i, value in enumerate(q["discrimination"]):
            if math.isnan(value):
                ax.text(0.03, i, "undefined: everybody or nobody right", va="center",
                        fontsize=8)
        ax.axvline(0.2, color="#555555", linestyle="--", linewidth=1)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.invert_yaxis()
        ax.set(title="Discrimination (item–rest correlation)", xlim=(-1, 1),
               xlabel="correlation with the rest of the score (dashed: 0.2)")
        weak = q.loc[q["discrimination"].fillna(-9) < 0.2, "question_id"].tolist()
        alt = ("Horizontal bars of each question's item–rest correlation from -1 to 1; "
               + (f"below 0.2 (or undefined): {', '.join(weak)}." if weak
                  else "every question is at 0.2 or above."))
        figs["discrimination"] = (_png(fig), alt)
    rep.figures = figs
    return figs


def _pct(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def _num(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"


# ----------------------------------------------------------------------------- outputs


def _summary(rep: ClassReport) -> list[str]:
    pct = rep.scores["percent"].dropna()
    lines = [f"{rep.submissions} submissions, {len(rep.scores)} graded, "
             f"{rep.errors} could not be graded."]
    if len(pct):
        lines.append(f"Scores (share of the auto-checked points): median {pct.median():.0f}%, "
                     f"middle half {pct.quantile(0.25):.0f}–{pct.quantile(0.75):.0f}%.")
    return lines


def _question_rows(rep: ClassReport) -> tuple[list[str], list[list[str]]]:
    head = ["question", "title", "difficulty (share right)", "discrimination", "passed",
            "failed", "not answered", "error"]
    body = []
    for q in rep.questions.itertuples(index=False):
        d = q._asdict()
        if q.kind == "written":
            body.append([q.question_id, q.title, "written: graded by hand", "—", "—", "—",
                         str(d.get("not answered", "—")), "—"])
            continue
        body.append([q.question_id, q.title, _pct(q.difficulty), _num(q.discrimination),
                     *(str(d.get(o, "—")) for o in ("passed", "failed")),
                     str(d.get("not answered", "—")), str(d.get("error", "—"))])
    return head, body


_HELP = ("**Difficulty** is the share of graded students who got a question fully right. "
         "**Discrimination** is the correlation between a question's score and the rest of "
         "the student's score: around 0.2 or below, or negative, the question does not "
         "separate students who did well overall from those who did not (check its wording "
         "and its expected answer); undefined (—) when everybody or nobody got it right.")


def to_html(rep: ClassReport, title: str = "Class report") -> str:
    """Render the report as one self-contained HTML page (figures embedded, no scripts).

    Examples
    --------
    >>> book = pd.DataFrame({"student": ["a", "b"], "status": "graded", "q1": [1.0, 0.0],
    ...                      "total": [1.0, 0.0], "max_total": 1.0})
    >>> page = to_html(class_report(book))
    >>> page.startswith("<!DOCTYPE html>"), 'alt="Histogram' in page, "http" in page
    (True, True, False)
    """
    e = html.escape
    figs = _figures(rep)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;"
             "padding:0 1rem;line-height:1.4}table{border-collapse:collapse;margin:1rem 0}"
             "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}"
             "th{background:#eee}img{max-width:100%}figcaption{font-size:.9em}</style>",
             "</head><body>", f"<h1>{e(title)}</h1>"]
    if rep.source:
        parts.append(f"<p>From <code>{e(rep.source)}</code>.</p>")
    parts += [f"<p>{e(line)}</p>" for line in _summary(rep)]

    def figure(name: str) -> None:
        if name in figs:
            data, alt = figs[name]
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(alt)}">'
                         f"<figcaption>{e(alt)}</figcaption></figure>")

    parts.append("<h2>Score distribution</h2>")
    figure("scores")
    parts.append("<h2>Questions</h2>")
    parts.append("<p>" + e(_HELP.replace("**", "")) + "</p>")
    head, body = _question_rows(rep)
    parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head)
                 + "</tr></thead><tbody>")
    parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in body]
    parts.append("</tbody></table>")
    figure("outcomes")
    figure("discrimination")
    parts.append("<h2>Most frequent wrong answers</h2>")
    if len(rep.hints):
        parts.append("<p>The hint each wrong answer got names its likely misconception.</p>")
        parts.append("<table><thead><tr><th>question</th><th>hint</th><th>students</th>"
                     "</tr></thead><tbody>")
        parts += [f"<tr><td>{e(str(h.question_id))}</td><td>{e(str(h.hint))}</td>"
                  f"<td>{int(h.students)}</td></tr>" for h in rep.hints.itertuples()]
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No wrong answers with a hint (or no details file).</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _md_table(head: list[str], body: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in head) + " |",
             "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def to_notebook(rep: ClassReport, title: str = "Class report") -> object:
    """Render the report as a notebook: Markdown cells with the figures as attachments.

    It reads without a kernel; its last cell loads the same numbers for exploring.

    Examples
    --------
    >>> book = pd.DataFrame({"student": ["a", "b"], "status": "graded", "q1": [1.0, 0.0],
    ...                      "total": [1.0, 0.0], "max_total": 1.0})
    >>> nb = to_notebook(class_report(book))
    >>> [c.cell_type for c in nb.cells][:2], "scores.png" in nb.cells[1].attachments
    (['markdown', 'markdown'], True)
    """
    import nbformat.v4 as v4

    figs = _figures(rep)
    cells = []

    def figure_cell(heading: str, name: str, text: str = "") -> None:
        if name not in figs:
            return
        data, alt = figs[name]
        cell = v4.new_markdown_cell(f"{heading}{text}![{alt}](attachment:{name}.png)\n\n*{alt}*")
        cell.attachments = {f"{name}.png": {"image/png": data}}
        cells.append(cell)

    intro = f"# {title}\n\n" + (f"From `{rep.source}`.\n\n" if rep.source else "")
    cells.append(v4.new_markdown_cell(intro + "\n\n".join(_summary(rep))))
    figure_cell("## Score distribution\n\n", "scores")
    head, body = _question_rows(rep)
    cells.append(v4.new_markdown_cell("## Questions\n\n" + _HELP + "\n\n" + _md_table(head, body)))
    figure_cell("", "outcomes")
    figure_cell("", "discrimination")
    hint_rows = [[str(h.question_id), str(h.hint), str(int(h.students))]
                 for h in rep.hints.itertuples()]
    cells.append(v4.new_markdown_cell(
        "## Most frequent wrong answers\n\nThe hint each wrong answer got names its likely "
        "misconception.\n\n" + (_md_table(["question", "hint", "students"], hint_rows)
                                if hint_rows else "No wrong answers with a hint.")))
    if rep.source:
        cells.append(v4.new_code_cell(
            "# Explore the numbers (run with the course's kernel)\n"
            "from coursekit.classroom.report import class_report\n\n"
            f"report = class_report({rep.source!r})\nreport.questions"))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def write_report(
    gradebook: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = "report.html",
    notebook: str | os.PathLike[str] | None = None,
    details: str | os.PathLike[str] | None = None,
    title: str = "Class report",
) -> ClassReport:
    """Compute the report and write it as HTML (``out``) and/or a notebook (``notebook``).

    Returns the :class:`ClassReport`. Raises ``ValueError`` for a missing or bad gradebook.
    """
    rep = class_report(gradebook, details)
    if out is not None:
        Path(out).write_text(to_html(rep, title), encoding="utf-8")
    if notebook is not None:
        import nbformat

        nbformat.write(to_notebook(rep, title), os.fspath(notebook))
    return rep
