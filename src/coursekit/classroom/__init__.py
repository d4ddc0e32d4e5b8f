"""Run the course for a class on a JupyterHub: collect, return feedback, report.

The grading step in the middle is :mod:`coursekit.grade`; this package does what comes
before and after it, with plain files and no database:

1. :mod:`~coursekit.classroom.collect` copies each student's exercise notebooks from
   their home folders (a path template with ``{user}``) into ``submissions/<user>/`` and
   writes a manifest (user, source, modification time, sha256). Originals are only read.
2. ``coursekit grade submissions/ --out grades/gradebook.csv`` grades the copies.
3. :mod:`~coursekit.classroom.handback` writes each student's feedback page into a
   ``feedback/`` folder beside their notebook, never replacing a file of theirs.
4. :mod:`~coursekit.classroom.report` summarises the gradebook for the instructor:
   the score distribution, each question's difficulty and discrimination, the most
   frequent wrong-answer hints, as an HTML page and a notebook.

Importing this package imports none of them; each is imported when used.

Examples
--------
>>> from coursekit.classroom import collect
>>> collect.user_root("/home/jupyter-{user}/coursekit/exercises/01-*.ipynb", "ana")
PosixPath('/home/jupyter-ana')
"""

from __future__ import annotations

__all__: list[str] = []
