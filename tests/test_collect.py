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
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if os.fspath(path) == os.path.realpath(target):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    # as root a mode of 000 does not stop reading, so refuse the read itself
    monkeypatch.setattr(collect_mod, "open", refusing_open, raising=False)
    target.chmod(0)
    try:
        manifest = collect(_template(homes), tmp_path / "subs", users=["ana", "bo"])
    finally:
        target.chmod(0o644)
    row = manifest[manifest["user"] == "bo"].iloc[0]
    assert row["status"] == "unreadable" and "Permission denied" in row["message"]
    assert not (tmp_path / "subs" / "bo").exists()


@pytest.mark.parametrize(("hours_after", "status"), [(-1, "collected"), (2, "late")])
def test_deadline_flags_late_files(homes, tmp_path, hours_after, status):
    deadline = dt.datetime(2026, 3, 1, 23, 59, tzinfo=dt.UTC)
    path = homes / "jupyter-ana" / "coursekit" / "exercises" / NAME
    when = (deadline + dt.timedelta(hours=hours_after)).timestamp()
    os.utime(path, (when, when))
    manifest = collect(_template(homes), tmp_path / "subs", users=["ana"],
                       deadline="2026-03-01T23:59+00:00")
    assert manifest["status"].item() == status
    assert ("after the deadline" in manifest["message"].item()) == (status == "late")


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
    names = ["a b", "a_b", "a%b", ".hidden", ODD]
    folders = [safe_folder(n) for n in names]
    assert len(set(folders)) == len(names)
    assert all(f.replace("-", "").replace("_", "").replace(".", "").isalnum() for f in folders)
    assert not any(f.startswith(".") for f in folders)


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
