"""The deployment files parse, and the ``collect`` templates they give fit the storage they set.

The Zero to JupyterHub values were checked once against the chart's ``values.schema.yaml``
(chart 4.4); here we check what can rot inside this repository: the YAML parses, the keys
the guide relies on are there, and the path template in the commands reaches each student's
home as the storage settings lay it out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursekit.classroom.collect import user_root

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT / "deploy" / "z2jh"
GUIDE = ROOT / "instructors" / "guide.md"


def _load(name: str) -> dict:
    return yaml.safe_load((Z2JH / name).read_text(encoding="utf-8"))


def _templates(text: str) -> list[str]:
    return re.findall(r"coursekit collect '([^']+)'", text)


@pytest.mark.parametrize("name", ["config.yaml", "homes-pvc.yaml", "collector.yaml",
                                  "grader.yaml"])
def test_yaml_parses(name):
    assert isinstance(_load(name), dict)


def test_config_has_image_storage_and_limits():
    single = _load("config.yaml")["singleuser"]
    assert set(single["image"]) == {"name", "tag"}
    assert single["defaultUrl"] == "/lab"
    assert single["storage"]["type"] == "static"
    assert "{username}" in single["storage"]["static"]["subPath"]
    for resource in ("cpu", "memory"):
        assert single[resource]["limit"] and single[resource]["guarantee"]


def test_collect_template_fits_the_volume_layout():
    config, collector = _load("config.yaml"), _load("collector.yaml")
    storage = config["singleuser"]["storage"]
    claim = collector["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]
    assert claim == storage["static"]["pvcName"] == _load("homes-pvc.yaml")["metadata"]["name"]
    mount = collector["spec"]["containers"][0]["volumeMounts"][0]["mountPath"]
    templates = _templates((Z2JH / "config.yaml").read_text(encoding="utf-8"))
    assert templates, "config.yaml gives no `coursekit collect` command"
    for template in templates:
        expected = Path(mount) / storage["static"]["subPath"].format(username="ana")
        assert user_root(template, "ana") == expected
        assert "/coursekit/exercises/" in template  # nbgitpuller's targetpath=coursekit


def test_guide_gives_a_template_for_each_hub():
    templates = _templates(GUIDE.read_text(encoding="utf-8"))
    roots = {str(user_root(t, "ana")) for t in templates}
    assert "/home/jupyter-ana" in roots  # The Littlest JupyterHub's home folders
    assert "/srv/course/homes/ana" in roots  # Zero to JupyterHub, from the collector pod


def test_the_grader_pod_sees_no_home():
    """Grading runs students' code: its pod mounts only the grading folder of the volume,
    at the path the collector pod sees it, so the manifest's paths work in both."""
    collector, grader = _load("collector.yaml"), _load("grader.yaml")
    claim = collector["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]
    assert grader["spec"]["volumes"] == [{"name": "homes",
                                          "persistentVolumeClaim": {"claimName": claim}}]
    mounts = grader["spec"]["containers"][0]["volumeMounts"]
    assert [m.get("subPath") for m in mounts] == ["grading"]
    whole = collector["spec"]["containers"][0]["volumeMounts"][0]["mountPath"]
    assert mounts[0]["mountPath"] == f"{whole}/grading"
    assert grader["spec"]["securityContext"]["runAsNonRoot"] is True
    for pod in (collector, grader):
        assert pod["spec"]["automountServiceAccountToken"] is False
    text = (Z2JH / "config.yaml").read_text(encoding="utf-8")
    grading = text[text.index("coursekit-grader -- bash"):]
    assert "coursekit grade submissions-01" in grading
    assert "coursekit grade" not in text[:text.index("coursekit-grader -- bash")]


def test_a_new_home_is_given_to_the_student_without_touching_the_files():
    """The chart names the static volume ``home``; the init container mounts the same
    folder and changes its owner only (a recursive chown would move every file's ctime)."""
    single = _load("config.yaml")["singleuser"]
    (init,) = single["initContainers"]
    (mount,) = init["volumeMounts"]
    assert mount == {"name": "home", "mountPath": single["storage"]["homeMountPath"],
                     "subPath": single["storage"]["static"]["subPath"]}
    command = " ".join(init["command"])
    assert "chown 1000:100 /home/jovyan" in command and "-R" not in command
