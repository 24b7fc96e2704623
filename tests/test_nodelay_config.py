"""Every way bplab reaches users turns TCP_NODELAY on for kernel
websockets: the installed config files (a wheel built here), Binder's
postBuild, conda's instructions, run.py lab and lecture."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402

MODULE = "bplab.ui.nodelay"
DATA = "etc/jupyter/jupyter_server_config.d/bplab.json"


def test_the_extension_names_a_module_jupyter_server_can_load():
    module = __import__(MODULE, fromlist=["_"])
    assert module._jupyter_server_extension_points() == [
        {"module": MODULE}]
    assert callable(module._load_jupyter_server_extension)


def test_a_built_wheel_installs_the_config_files(tmp_path):
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ["bplab", "jupyter-config"]:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps",
         "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"),
         str(tmp_path)], capture_output=True, text=True)
    if done.returncode and "No module named" in done.stderr:
        pytest.skip(f"cannot build a wheel here: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl")))
    names = {n.split(".data/data/", 1)[1]: n for n in wheel.namelist()
             if ".data/data/" in n}
    server = json.loads(wheel.read(names[DATA]))
    assert server["ServerApp"]["jpserver_extensions"] == {MODULE: True}
    assert server["VoilaExporter"]["markdown_renderer_class"] == (
        "bplab.ui.voila_images.MarkdownRenderer")
    voila = json.loads(wheel.read(names["etc/jupyter/voila.json"]))
    assert voila["Voila"]["kernel_websocket_connection_class"] == (
        f"{MODULE}.NoDelayConnection")


def test_binder_enables_it_after_its_editable_install():
    post_build = (ROOT / "postBuild").read_text()
    assert f"jupyter server extension enable --sys-prefix {MODULE}" in (
        post_build)
    assert "-e .[dev]" in (ROOT / "environment.yml").read_text()


def test_conda_users_are_told_to_enable_it():
    readme = (ROOT / "README.md").read_text()
    assert f"jupyter server extension enable --sys-prefix {MODULE}" in (
        readme)


def test_run_py_lab_renders_with_voila_as_the_browser_tests_do():
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import harness
    assert harness.VOILA_IMAGES in run.lab_command("python", [])
    assert harness.VOILA_IMAGES == run.VOILA_IMAGES


def test_run_py_lab_and_lecture_pass_it():
    assert f"--ServerApp.jpserver_extensions={MODULE}=True" in (
        run.lab_command("python", []))
    assert (f"--Voila.kernel_websocket_connection_class="
            f"{MODULE}.NoDelayConnection") in run.lecture_command(
                "python", [])
