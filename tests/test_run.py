"""run.py as a user meets it: its usage, a set-up that survives Ctrl+C,
a kill and a second run at once, and servers that stop on a signal.

Set-up tests copy run.py into a tiny project (a bplab with no
dependencies, whose tools/execute.py only prints its arguments) in a
temporary folder, so a venv is made in seconds without torch; they
interrupt it with real signals at real moments.
"""
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402  (run.py at the root)

PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "bplab"
version = "0.0.1"
dependencies = []

[project.optional-dependencies]
dev = []

[tool.setuptools]
packages = ["bplab"]
"""
EXECUTE = "import sys\nprint('executed', *sys.argv[1:])\n"


def tiny_project(folder):
    """run.py beside a bplab with no dependencies; returns the folder."""
    (folder / "bplab").mkdir(parents=True)
    (folder / "bplab" / "__init__.py").write_text("")
    (folder / "tools").mkdir()
    (folder / "tools" / "__init__.py").write_text("")
    (folder / "tools" / "execute.py").write_text(EXECUTE)
    (folder / "pyproject.toml").write_text(PYPROJECT)
    (folder / "constraints.txt").write_text("# nothing to pin\n")
    (folder / "run.py").write_text((ROOT / "run.py").read_text())
    return folder


def start(folder, *args):
    """`python3 run.py args` in `folder`, in a session of its own."""
    return subprocess.Popen(
        [sys.executable, str(folder / "run.py"), *args], cwd=folder,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def finish(process, timeout=180):
    """(exit status, output) of a started run."""
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        kill_all(process)
    return process.returncode, output or ""


def wait_for(condition, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} in {timeout} s"
        time.sleep(0.02)


def kill_all(process):
    """SIGKILL a started run and every process below it, by PID (a
    server runs in a process group of its own)."""
    with contextlib.suppress(psutil.NoSuchProcess):
        tree = psutil.Process(process.pid).children(recursive=True)
        for victim in [psutil.Process(process.pid), *tree]:
            with contextlib.suppress(psutil.NoSuchProcess):
                victim.kill()
    process.wait(10)


def alive(pids):
    return [p for p in pids if psutil.pid_exists(p) and
            psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


# Usage -------------------------------------------------------------

def test_help_prints_the_usage_and_exits_0():
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "--help"],
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert "python3 run.py lab" in done.stdout and done.stderr == ""


def test_an_unknown_job_names_the_jobs():
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "labb"],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "unknown job 'labb'" in done.stderr
    assert all(job in done.stderr for job in run.JOBS)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [
    ["notebooks/04_gradient_descent.ipynb", "--no-browser", "--port=9"],
    ["--no-browser", "notebooks/04_gradient_descent.ipynb", "--port=9"],
    ["--no-browser", "--port=9", "notebooks/04_gradient_descent.ipynb"]])
def test_lecture_takes_flags_before_or_after_the_notebook(args):
    notebook, flags = run.lecture_args(args)
    assert notebook == Path("notebooks/04_gradient_descent.ipynb").resolve()
    assert flags == ["--no-browser", "--port=9"]
    command = run.lecture_command("python", args)
    assert command.count(str(notebook)) == 1


def test_lecture_without_a_notebook_presents_notebook_1():
    assert run.lecture_args(["--no-browser"]) == (
        run.LECTURE, ["--no-browser"])


# Set-up ------------------------------------------------------------

def test_a_fresh_set_up_then_a_quick_one(tmp_path):
    folder = tiny_project(tmp_path)
    code, output = finish(start(folder, "execute", "a.ipynb"))
    assert code == 0, output
    assert "Creating the environment" in output
    assert "executed a.ipynb" in output
    code, output = finish(start(folder, "execute", "b.ipynb"))
    assert (code, output.strip()) == (0, "executed b.ipynb")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_a_set_up_interrupted_while_making_the_venv_is_completed(
        tmp_path, signum):
    folder = tiny_project(tmp_path)
    venv = folder / ".venv"
    first = start(folder, "execute", "a.ipynb")
    wait_for(lambda: (venv / "pyvenv.cfg").exists(), what=".venv")
    os.killpg(first.pid, signum)  # as Ctrl+C does, or a kill
    code, output = finish(first)
    assert code != 0
    assert not (venv / run.MADE).exists(), "interrupted too late"
    if signum == signal.SIGINT:
        assert "Traceback" not in output
    code, output = finish(start(folder, "execute", "a.ipynb"))
    assert code == 0, output
    assert "executed a.ipynb" in output


def test_sigkill_during_the_install_leaves_no_pip_running(tmp_path):
    folder = tiny_project(tmp_path)
    first = start(folder, "execute", "a.ipynb")

    def pip():
        with_pip = [p for p in psutil.Process(first.pid).children(
            recursive=True) if "pip" in " ".join(p.cmdline())]
        return with_pip[0] if with_pip else None

    wait_for(pip, what="pip running under run.py")
    installing = pip()
    first.kill()  # run.py alone, SIGKILL: no chance to clean up
    finish(first)
    psutil.wait_procs([installing], timeout=20)
    assert alive([installing.pid]) == [], "pip outlived run.py"
    code, output = finish(start(folder, "execute", "a.ipynb"))
    assert code == 0, output


def test_two_runs_at_once_take_turns(tmp_path):
    folder = tiny_project(tmp_path)
    runs = [start(folder, "execute", name) for name in ("a", "b")]
    results = [finish(process) for process in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert "executed a" in results[0][1] and "executed b" in results[1][1]
    said = [output for _, output in results if "waiting for it" in output]
    assert len(said) == 1, results


def test_a_missing_constraints_file_is_one_clear_message(tmp_path):
    folder = tiny_project(tmp_path)
    (folder / "constraints.txt").unlink()
    code, output = finish(start(folder, "execute"))
    assert code == 1
    assert output.strip().splitlines() == [
        "run.py: set-up failed: constraints.txt is missing beside run.py: "
        "set-up installs from pyproject.toml with the versions pinned in "
        "constraints.txt (restore it, e.g. git checkout constraints.txt)"]


def test_a_pin_that_cannot_be_met_ends_with_one_clear_message(tmp_path):
    folder = tiny_project(tmp_path)
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        "dependencies = []", 'dependencies = ["packaging"]'))
    (folder / "constraints.txt").write_text("packaging==0.0.0.1\n")
    code, output = finish(start(folder, "execute"))
    assert code == 1
    last = output.strip().splitlines()[-1]
    assert last.startswith("run.py: set-up failed: pip could not install "
                           "bplab with the versions pinned in "
                           "constraints.txt"), output
    assert "Traceback" not in output
    assert not (folder / ".venv" / run.STAMP).exists()


# Servers that stop -------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port):
    """Nothing listens on it (a connection in TIME_WAIT is no server)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def answers(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def api(port, token, method, path):
    """JSON from a server's REST API."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", method=method,
        headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or "null")


def started_tree(process):
    return [process.pid] + [p.pid for p in psutil.Process(
        process.pid).children(recursive=True)]


def stop_by_signal(process, signum, port, tree):
    """Send `signum` to run.py alone; it must stop everything below it
    and free the port."""
    tree = set(tree) | set(started_tree(process))
    os.kill(process.pid, signum)
    code, output = finish(process, timeout=60)
    gone, left = psutil.wait_procs(
        [psutil.Process(p) for p in alive(tree)], timeout=10)
    assert [p.pid for p in left] == [], output[-3000:]
    assert port_is_free(port), output[-3000:]
    return code, output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_lab_stops_with_its_kernel_on_a_signal(tmp_path, signum):
    port, token = free_port(), "t" * 32
    env = {name: str(tmp_path / name.lower()) for name in
           ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR",
            "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"]}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "lab", "--no-browser",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True, stdin=subprocess.DEVNULL,
        env={**os.environ, **env})
    try:
        wait_for(lambda: answers(port), what="lab")
        api(port, token, "POST", "api/kernels")
        wait_for(lambda: any("ipykernel" in " ".join(p.cmdline()) for p in
                             psutil.Process(process.pid).children(True)),
                 what="a kernel under the lab")
        tree = started_tree(process)
        code, output = stop_by_signal(process, signum, port, tree)
        assert "Shutting down 1 kernel" in output or \
            "Kernel shutdown" in output, output[-3000:]
    finally:
        kill_all(process)


def fetch(url):
    """GET url, ignoring what comes of it (a page that starts a kernel)."""
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=60).read()


def test_lecture_stops_with_its_kernel_on_sigterm(tmp_path):
    import nbformat
    notebook = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print(6)")]), notebook)
    port, log = free_port(), tmp_path / "lecture.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "run.py"), "lecture",
             "--no-browser", f"--port={port}", str(notebook),
             "--Voila.port_retries=0"], cwd=ROOT, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
            stdin=subprocess.DEVNULL)
    link = re.compile(rf"http://127\.0\.0\.1:{port}/\?token=\w+")
    try:
        wait_for(lambda: link.search(log.read_text()), what="voila's link")
        # Opening the page starts the notebook's kernel.
        threading.Thread(target=fetch, daemon=True, args=(
            link.search(log.read_text()).group(),)).start()
        wait_for(lambda: any("ipykernel" in " ".join(p.cmdline()) for p in
                             psutil.Process(process.pid).children(True)),
                 what="a kernel under voila")
        stop_by_signal(process, signal.SIGTERM, port,
                       started_tree(process))
    finally:
        kill_all(process)


HANGS = """\
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print("hanging", flush=True)
time.sleep(120)
"""


def test_a_server_that_ignores_sigterm_is_killed_with_its_children(
        tmp_path):
    script = tmp_path / "hangs.py"
    script.write_text(HANGS)
    driver = textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        import run
        run.GRACE = 1
        sys.exit(run.serve([sys.executable, {str(script)!r}]))""")
    process = subprocess.Popen(
        [sys.executable, "-c", driver], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        wait_for(lambda: len(started_tree(process)) >= 3,
                 what="the hanging server and its child")
        tree = started_tree(process)
        os.kill(process.pid, signal.SIGTERM)
        code, output = finish(process, timeout=30)
        assert "did not stop in 1 s; killing its processes" in output
        psutil.wait_procs([psutil.Process(p) for p in alive(tree)],
                          timeout=10)
        assert alive(tree) == []
    finally:
        kill_all(process)
