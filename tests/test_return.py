"""``coursekit return``: feedback pages go into each student's folder, never over their files."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from coursekit.classroom.collect import collect
from coursekit.classroom.handback import return_feedback
from coursekit.cli import main

ODD = "o'brien josé"
NAME = "01-historical-wariness.ipynb"
PAGE = "01-historical-wariness.md"


@pytest.fixture
def graded(tmp_path: Path) -> dict[str, Path]:
    """Three students' notebooks collected, and a gradebook with a feedback page each."""
    homes = tmp_path / "homes"
    for user in ("ana", "bo", ODD):
        path = homes / user / "coursekit" / "exercises" / NAME
        path.parent.mkdir(parents=True)
        path.write_text("{}")
    subs = tmp_path / "subs"
    manifest = collect(f"{homes}/{{user}}/coursekit/exercises/*.ipynb", subs)
    grades = tmp_path / "grades"
    (grades / "feedback").mkdir(parents=True)
    rows = []
    for user, dest in zip(manifest["user"], manifest["dest"]):
        student = f"student-{len(rows)}"
        (grades / "feedback" / f"{student}.md").write_text(f"# Feedback for {user}\n")
        rows.append({"student": student, "file": dest, "status": "graded", "total": 1.0})
    pd.DataFrame(rows).to_csv(grades / "gradebook.csv", index=False)
    return {"homes": homes, "manifest": subs / "manifest.csv",
            "book": grades / "gradebook.csv", "tmp": tmp_path}


def _folder(graded: dict[str, Path], user: str) -> Path:
    return graded["homes"] / user / "coursekit" / "exercises" / "feedback"


def _run(graded: dict[str, Path], **kw) -> pd.DataFrame:
    return return_feedback(graded["book"], graded["manifest"], **kw)


@pytest.mark.parametrize("user", ["ana", "bo", ODD])
def test_writes_each_page_beside_the_notebook(graded, user):
    done = _run(graded).set_index("user")
    assert done.loc[user, "status"] == "written"
    page = _folder(graded, user) / PAGE
    assert done.loc[user, "dest"] == os.fspath(page)
    assert page.read_text() == f"# Feedback for {user}\n"
    assert oct(page.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("how", ["absolute", "relative to the submissions folder"])
def test_finds_each_copy_however_the_gradebook_names_it(graded, how):
    book = pd.read_csv(graded["book"])
    if how != "absolute":
        book["file"] = [os.path.relpath(f, graded["manifest"].parent) for f in book["file"]]
        assert not any(f.startswith("/") for f in book["file"])
    book.to_csv(graded["book"], index=False)
    assert set(_run(graded)["status"]) == {"written"}


def test_never_overwrites_a_students_file(graded):
    folder = _folder(graded, "ana")
    folder.mkdir()
    (folder / PAGE).write_text("my own notes")
    done = _run(graded).set_index("user")
    assert done.loc["ana", "status"] == "renamed"
    assert (folder / PAGE).read_text() == "my own notes"
    assert (folder / "01-historical-wariness-2.md").read_text() == "# Feedback for ana\n"


def test_returning_twice_changes_nothing(graded):
    _run(graded)
    again = _run(graded)
    assert set(again["status"]) == {"unchanged"}
    assert os.listdir(_folder(graded, "bo")) == [PAGE]


def test_a_feedback_link_leading_outside_is_not_followed(graded):
    outside = graded["tmp"] / "elsewhere"
    outside.mkdir()
    _folder(graded, "bo").symlink_to(outside)
    done = _run(graded).set_index("user")
    assert done.loc["bo", "status"] == "renamed"
    assert "feedback-2/" in done.loc["bo", "message"]
    assert os.listdir(outside) == []
    assert (_folder(graded, "bo").with_name("feedback-2") / PAGE).is_file()
    assert done.loc["ana", "status"] == "written"


def test_a_notebook_folder_leading_outside_is_refused(graded):
    exercises = graded["homes"] / "bo" / "coursekit" / "exercises"
    outside = graded["tmp"] / "elsewhere"
    exercises.rename(outside)
    exercises.symlink_to(outside)
    done = _run(graded).set_index("user")
    assert done.loc["bo", "status"] == "refused"
    assert "outside" in done.loc["bo", "message"]
    assert not (outside / "feedback").exists()


def test_a_folder_swapped_for_a_link_while_returning_is_refused(graded, monkeypatch):
    """The race: the folder passes the check, then becomes a link before it is opened."""
    from coursekit.classroom import handback

    exercises = graded["homes"] / "bo" / "coursekit" / "exercises"
    outside = graded["tmp"] / "elsewhere"
    outside.mkdir()
    real_open = handback.open_within

    def swapping_open(root, rel, *args):
        if rel.endswith("exercises") and "/bo" in root and not exercises.is_symlink():
            exercises.rename(exercises.with_name("moved"))
            exercises.symlink_to(outside)
        return real_open(root, rel, *args)

    monkeypatch.setattr(handback, "open_within", swapping_open)
    done = _run(graded).set_index("user")
    assert done.loc["bo", "status"] == "refused"
    assert "changed into a link" in done.loc["bo", "message"]
    assert os.listdir(outside) == []


def test_a_linked_home_is_refused(graded):
    home = graded["homes"] / "bo"
    home.rename(graded["tmp"] / "bo-real")
    home.symlink_to(graded["tmp"] / "bo-real")
    done = _run(graded).set_index("user")
    assert done.loc["bo", "status"] == "refused" and "is a link" in done.loc["bo", "message"]
    assert not (graded["tmp"] / "bo-real" / "coursekit" / "exercises" / "feedback").exists()


def test_a_page_name_that_is_a_link_is_skipped(graded):
    folder = _folder(graded, "ana")
    folder.mkdir()
    target = graded["tmp"] / "target.md"
    (folder / PAGE).symlink_to(target)
    done = _run(graded).set_index("user")
    assert done.loc["ana", "status"] == "renamed"
    assert not target.exists()


def test_a_file_named_feedback_is_kept_and_a_new_folder_used(graded):
    _folder(graded, "ana").write_text("my own notes, not a folder")
    done = _run(graded).set_index("user")
    assert done.loc["ana", "status"] == "renamed"
    assert "feedback is a file or link of the student's, so feedback-2/" in \
        done.loc["ana", "message"]
    assert _folder(graded, "ana").read_text() == "my own notes, not a folder"
    page = _folder(graded, "ana").with_name("feedback-2") / PAGE
    assert done.loc["ana", "dest"] == os.fspath(page)
    assert page.read_text() == "# Feedback for ana\n"
    assert set(_run(graded)["status"]) == {"unchanged"}  # and again: the same folder


def test_a_dangling_link_and_a_fifo_in_feedback_are_left_alone(graded):
    folder = _folder(graded, "ana")
    folder.mkdir()
    (folder / PAGE).symlink_to(graded["tmp"] / "does-not-exist.md")
    os.mkfifo(folder / "01-historical-wariness-2.md")
    done = _run(graded).set_index("user")
    assert done.loc["ana", "status"] == "renamed"
    assert done.loc["ana", "dest"] == os.fspath(folder / "01-historical-wariness-3.md")
    assert not (graded["tmp"] / "does-not-exist.md").exists()


def test_to_a_folder_template(graded):
    done = _run(graded, to=f"{graded['homes']}/{{user}}/feedback").set_index("user")
    assert set(done["status"]) == {"written"}
    assert (graded["homes"] / ODD / "feedback" / PAGE).is_file()


def test_missing_pages_and_unknown_files(graded):
    book = pd.read_csv(graded["book"])
    (graded["book"].parent / "feedback" / f"{book['student'][0]}.md").unlink()
    book.loc[len(book)] = {"student": "stranger", "file": "/tmp/x.ipynb", "status": "graded",
                           "total": 0.0}
    book.to_csv(graded["book"], index=False)
    done = _run(graded)
    assert list(done["status"]) == ["missing", "written", "written", "missing"]
    assert "was it graded" in done["message"][0]
    assert "not in the manifest" in done["message"][3]


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere.csv"], "no gradebook"),
    (["{book}", "--manifest", "nowhere.csv"], "no manifest"),
])
def test_cli_errors(graded, capsys, args, message):
    args = [a.format(book=graded["book"]) for a in args]
    assert main(["return", *args]) == 2
    assert message in capsys.readouterr().err


def test_cli_reports_what_it_did(graded, capsys):
    exercises = graded["homes"] / "bo" / "coursekit" / "exercises"
    exercises.rename(graded["tmp"] / "elsewhere")
    exercises.symlink_to(graded["tmp"] / "elsewhere")
    assert main(["return", str(graded["book"]), "--manifest", str(graded["manifest"])]) == 1
    out = capsys.readouterr().out
    assert "2 written, 1 refused" in out and "refused   bo" in out


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files to another user")
def test_as_root_the_page_belongs_to_the_student(graded):
    os.chown(graded["homes"] / "ana", 12345, 12345)  # the home; exercises/ stays root's
    _run(graded)
    for path in (_folder(graded, "ana"), _folder(graded, "ana") / PAGE):
        assert (path.stat().st_uid, path.stat().st_gid) == (12345, 12345)
