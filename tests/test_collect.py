"""``coursekit collect``: copies students' notebooks from their folders, with a manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

from coursekit.classroom import collect as collect_mod
from coursekit.classroom.collect import (
    TemplateError,
    collect,
    discover_users,
    parse_deadline,
    safe_folder,
    user_root,
)
from coursekit.cli import main

ODD = "o'brien josé"
NAME = "01-historical-wariness.ipynb"


def _notebook(home: Path, user: str, name: str = NAME) -> Path:
    path = home / "coursekit" / "exercises" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{{"cells": [], "user": "{user}"}}', encoding="utf-8")
    return path


@pytest.fixture
def homes(tmp_path: Path) -> Path:
    """homes/<user>/coursekit/exercises/01-….ipynb for three users; 'eve' has nothing."""
    root = tmp_path / "homes"
    for user in ("ana", "bo", ODD):
        _notebook(root / f"jupyter-{user}", user)
    (root / "jupyter-eve").mkdir()
    return root


def _template(homes: Path) -> str:
    return f"{homes}/jupyter-{{user}}/coursekit/exercises/01-*.ipynb"


def _state(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("user", ["ana", "bo", ODD])
def test_copies_with_manifest_and_leaves_originals(homes, tmp_path, user):
    original = homes / f"jupyter-{user}" / "coursekit" / "exercises" / NAME
    before = _state(original)
    out = tmp_path / "subs"
    manifest = collect(_template(homes), out)
    row = manifest[manifest["user"] == user].iloc[0]
    assert row["status"] == "collected"
    assert Path(row["dest"]) == out / safe_folder(user) / NAME
    assert Path(row["dest"]).read_bytes() == original.read_bytes()
    assert row["sha256"] == before[0]
    assert row["source"] == os.fspath(original)
    assert dt.datetime.fromisoformat(row["mtime"]).timestamp() == \
        pytest.approx(original.stat().st_mtime, abs=1)
    assert _state(original) == before
    on_disk = pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False)
    assert list(on_disk.columns) == collect_mod.MANIFEST_COLUMNS
    assert on_disk.loc[on_disk["user"] == user, "sha256"].item() == before[0]


def test_discovers_users_and_reports_missing(homes, tmp_path):
    assert discover_users(_template(homes)) == sorted(["ana", "bo", "eve", ODD])
    manifest = collect(_template(homes), tmp_path / "subs", exclude=["bo"])
    status = dict(zip(manifest["user"], manifest["status"]))
    assert status == {"ana": "collected", "eve": "missing", ODD: "collected"}
    assert "no file matches" in manifest.loc[manifest["user"] == "eve", "message"].item()


def test_users_given_include_one_without_a_home(homes, tmp_path):
    manifest = collect(_template(homes), tmp_path / "subs", users=["ana", "zoe"])
    assert list(manifest["status"]) == ["collected", "missing"]
    assert "no folder" in manifest["message"].iloc[1]
    assert not (tmp_path / "subs" / "zoe").exists()


def test_links_outside_the_home_are_refused(homes, tmp_path):
    mallory = homes / "jupyter-mallory" / "coursekit" / "exercises"
    mallory.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for students")
    (mallory / "01-copy.ipynb").symlink_to(homes / "jupyter-ana" / "coursekit" / "exercises"
                                           / NAME)
    (mallory / "01-secret.ipynb").symlink_to(secret)
    inside = homes / "jupyter-mallory" / "work.ipynb"
    inside.write_text("{}")
    (mallory / "01-own.ipynb").symlink_to(inside)
    manifest = collect(_template(homes), tmp_path / "subs", users=["mallory"])
    status = {Path(s).name: st for s, st in zip(manifest["source"], manifest["status"])}
    assert status == {"01-copy.ipynb": "refused", "01-own.ipynb": "collected",
                      "01-secret.ipynb": "refused"}
    assert sorted(os.listdir(tmp_path / "subs" / "mallory")) == ["01-own.ipynb"]
    assert "outside" in manifest.loc[manifest["status"] == "refused", "message"].iloc[0]


def test_unreadable_files_are_reported(homes, tmp_path, monkeypatch):
    target = homes / "jupyter-bo" / "coursekit" / "exercises" / NAME
    real_open = collect_mod.open_within

    def refusing_open(root, rel, *args, **kwargs):
        if os.path.join(root, rel) == os.path.realpath(target):
            raise PermissionError(13, "Permission denied")
        return real_open(root, rel, *args, **kwargs)

    # as root a mode of 000 does not stop reading, so refuse the open itself
    monkeypatch.setattr(collect_mod, "open_within", refusing_open)
    manifest = collect(_template(homes), tmp_path / "subs", users=["ana", "bo"])
    row = manifest[manifest["user"] == "bo"].iloc[0]
    assert row["status"] == "unreadable" and "Permission denied" in row["message"]
    assert not (tmp_path / "subs" / "bo").exists()


def test_an_unlistable_folder_is_unreadable_not_missing(homes, tmp_path, monkeypatch):
    exercises = homes / "jupyter-bo" / "coursekit" / "exercises"
    (exercises / NAME).unlink()
    real_listdir = os.listdir

    def refusing_listdir(path="."):
        if os.fspath(path) == os.fspath(exercises):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(collect_mod.os, "listdir", refusing_listdir)
    manifest = collect(_template(homes), tmp_path / "subs", users=["bo"])
    assert manifest["status"].item() == "unreadable"
    assert manifest["message"].item() == f"cannot list {exercises} (Permission denied)"


def test_a_linked_home_is_refused(homes, tmp_path):
    (homes / "jupyter-mallory").symlink_to(homes / "jupyter-ana")
    (homes / "jupyter-root").symlink_to("/etc")
    manifest = collect(f"{homes}/jupyter-{{user}}/**/*", tmp_path / "subs",
                       users=["mallory", "root"])
    assert list(manifest["status"]) == ["refused", "refused"]
    assert "is a link" in manifest["message"].iloc[0]
    assert not any((tmp_path / "subs").glob("*/*"))


def test_a_linked_exercises_folder_to_another_home_is_refused(homes, tmp_path):
    mallory = homes / "jupyter-mallory" / "coursekit"
    mallory.mkdir(parents=True)
    (mallory / "exercises").symlink_to(homes / "jupyter-ana" / "coursekit" / "exercises")
    manifest = collect(_template(homes), tmp_path / "subs", users=["mallory"])
    assert manifest["status"].item() == "refused"
    assert not (tmp_path / "subs" / "mallory").exists()


def test_a_folder_swapped_for_a_link_during_collect_is_refused(homes, tmp_path, monkeypatch):
    """The race: checked as a folder, swapped for a link to another home before the open."""
    ex = homes / "jupyter-bo" / "coursekit" / "exercises"
    real_copy = collect_mod._copy

    def swapping_copy(root_real, rel, dest, max_bytes):
        if not ex.is_symlink():
            ex.rename(ex.with_name("moved"))
            ex.symlink_to(homes / "jupyter-ana" / "coursekit" / "exercises")
        return real_copy(root_real, rel, dest, max_bytes)

    monkeypatch.setattr(collect_mod, "_copy", swapping_copy)
    manifest = collect(_template(homes), tmp_path / "subs", users=["bo"])
    assert manifest["status"].item() == "refused"
    assert "link" in manifest["message"].item()
    assert not (tmp_path / "subs" / "bo").exists()


def test_fifos_and_huge_files_are_refused_unread(homes, tmp_path):
    ex = homes / "jupyter-bo" / "coursekit" / "exercises"
    os.mkfifo(ex / "01-pipe.ipynb")  # opening it to read would wait for a writer
    (ex / "01-huge.ipynb").write_bytes(b"x" * 5000)
    manifest = collect(_template(homes), tmp_path / "subs", users=["bo"], max_bytes=4096)
    status = {Path(s).name: (st, m) for s, st, m in
              zip(manifest["source"], manifest["status"], manifest["message"])}
    assert status["01-pipe.ipynb"] == ("refused", "not a regular file; not copied")
    assert status["01-huge.ipynb"][0] == "refused" and "5,000 bytes" in status["01-huge.ipynb"][1]
    assert status[NAME][0] == "collected"
    assert sorted(os.listdir(tmp_path / "subs" / "bo")) == [NAME]


@pytest.mark.parametrize(("hours_after", "status"), [(-1, "collected"), (2, "late")])
def test_deadline_flags_late_files(homes, tmp_path, hours_after, status):
    deadline = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    path = homes / "jupyter-ana" / "coursekit" / "exercises" / NAME
    when = (deadline + dt.timedelta(hours=hours_after)).timestamp()
    os.utime(path, (when, when))
    manifest = collect(_template(homes), tmp_path / "subs", users=["ana"],
                       deadline=deadline.isoformat())
    assert manifest["status"].item() == status
    assert ("after the deadline" in manifest["message"].item()) == (status == "late")


def test_a_modification_time_set_back_is_still_late(homes, tmp_path):
    """`touch -d yesterday` after the deadline: the inode's change time gives it away."""
    deadline = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    path = homes / "jupyter-ana" / "coursekit" / "exercises" / NAME
    back = (deadline - dt.timedelta(days=1)).timestamp()
    os.utime(path, (back, back))
    manifest = collect(_template(homes), tmp_path / "subs", users=["ana"], deadline=deadline)
    row = manifest.iloc[0]
    assert row["status"] == "late"
    assert "set back" in row["message"] and row["ctime"] > row["mtime"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01T23:59+01:00", dt.datetime(2026, 3, 1, 22, 59, tzinfo=dt.UTC)),
    ("2026-03-01T22:59Z", dt.datetime(2026, 3, 1, 22, 59, tzinfo=dt.UTC)),
    ("2026-03-01 22:59:00+00:00", dt.datetime(2026, 3, 1, 22, 59, tzinfo=dt.UTC)),
])
def test_deadlines_with_a_time_zone(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text", ["2026-03-01", "20260301"])
def test_a_deadline_without_a_time_is_refused(text):
    with pytest.raises(ValueError, match="has no time: give one"):
        parse_deadline(text)


def test_checkpoints_and_name_collisions(homes, tmp_path):
    home = homes / "jupyter-ana"
    _notebook(home, "ana", ".ipynb_checkpoints/01-historical-wariness-checkpoint.ipynb")
    _notebook(home / "old", "ana")
    template = f"{homes}/jupyter-{{user}}/**/01-*.ipynb"
    manifest = collect(template, tmp_path / "subs", users=["ana"])
    assert sorted(Path(d).name for d in manifest["dest"]) == [
        "01-historical-wariness-2.ipynb", "01-historical-wariness.ipynb"]
    assert not any(".ipynb_checkpoints" in s for s in manifest["source"])


def test_collecting_again_replaces_the_copies(homes, tmp_path):
    out = tmp_path / "subs"
    collect(_template(homes), out, users=["ana", "bo"])
    (homes / "jupyter-bo" / "coursekit" / "exercises" / NAME).unlink()
    manifest = collect(_template(homes), out, users=["ana", "bo"])
    assert list(manifest["status"]) == ["collected", "missing"]
    assert not (out / "bo").exists()


def test_refuses_a_folder_that_is_not_its_own(homes, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(ValueError, match="already has files and no manifest.csv"):
        collect(_template(homes), out)
    assert (out / "thesis.tex").read_text() == "precious"


@pytest.mark.parametrize(("template", "message"), [
    ("/home/jupyter-user/x.ipynb", "must contain {user}"),
    ("/home/{user}/{set}/x.ipynb", "only placeholder"),
    ("/home/j*-{user}/x.ipynb", "may not contain wildcards"),
])
def test_bad_templates(template, message):
    with pytest.raises(TemplateError, match=message):
        user_root(template, "ana")


@pytest.mark.parametrize("user", ["", "..", "a/b"])
def test_bad_user_names(homes, tmp_path, user):
    with pytest.raises(TemplateError, match="not a usable user name"):
        collect(_template(homes), tmp_path / "subs", users=[user])


def test_odd_user_names_get_distinct_plain_folders():
    names = ["a b", "a_b", "a%b", ".hidden", ODD, "manifest.csv"]
    folders = [safe_folder(n) for n in names]
    assert len(set(folders)) == len(names)
    assert all(f.replace("-", "").replace("_", "").replace(".", "").isalnum() for f in folders)
    assert not any(f.startswith(".") for f in folders)
    assert "manifest.csv" not in folders  # the manifest's own name


def test_deadline_needs_iso_8601():
    assert parse_deadline("2026-03-01T23:59").tzinfo is not None
    with pytest.raises(ValueError, match="not an ISO 8601"):
        parse_deadline("next Friday")


def test_cli_collect(homes, tmp_path, capsys):
    out = tmp_path / "subs"
    users = tmp_path / "users.txt"
    users.write_text("ana\n# a comment\nzoe\n")
    assert main(["collect", _template(homes), "--out", str(out), "--users", f"@{users}"]) == 0
    text = capsys.readouterr().out
    assert "1 collected, 1 missing" in text and "missing    zoe" in text
    assert main(["collect", "/nowhere/x.ipynb", "--out", str(out)]) == 2
    assert "must contain {user}" in capsys.readouterr().err
    assert main(["collect", _template(homes), "--out", str(out), "--deadline", "soon"]) == 2
    assert "not an ISO 8601" in capsys.readouterr().err
    assert main(["collect", _template(homes), "--out", str(out), "--users", "ana",
                 "--deadline", "2999-03-01T23:59+01:00"]) == 0
    assert "deadline 2999-03-01T23:59:00+01:00 (UTC 2999-03-01T22:59:00+00:00)" in \
        capsys.readouterr().out
    assert main(["collect", _template(homes), "--out", str(out), "--deadline", "2026-03-01"]) == 2
    assert "has no time" in capsys.readouterr().err


def test_a_link_loop_under_a_recursive_template_ends(homes, tmp_path):
    """`a -> .`, `b -> .`, `c -> ..`: glob.glob's `**` would follow them for ever."""
    ex = homes / "jupyter-mallory" / "work"
    ex.mkdir(parents=True)
    for name, target in [("a", "."), ("b", "."), ("c", "..")]:
        (ex / name).symlink_to(target)
    (ex / "01-mine.ipynb").write_text("{}")
    manifest = collect(f"{homes}/jupyter-{{user}}/**/01-*.ipynb", tmp_path / "subs",
                       users=["mallory"])
    assert list(manifest["status"]) == ["collected"]
    assert Path(manifest["source"].item()) == ex / "01-mine.ipynb"
