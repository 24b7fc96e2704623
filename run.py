#!/usr/bin/env python3
"""Set up bplab's environment if needed, then do one job.

    python3 run.py lab          open JupyterLab on notebooks/
    python3 run.py test [...]   run the whole test suite (args go to pytest)
    python3 run.py execute [notebook ...]
                                re-run notebooks top to bottom and store
                                their outputs (all of notebooks/ and
                                notebooks/zh/ by default)
    python3 run.py lecture [notebook] [--no-browser]
                                present a notebook as an app in Voila: prose,
                                sliders and pictures, code hidden
                                (notebooks/01_forward.ipynb by default)
    python3 run.py messages     extract the words bplab shows into the
                                catalogue bplab/locale/ and compile it
    python3 run.py bench [--short]
                                time how fast every view answers a slider,
                                beside the naive way (benchmarks/results/)

The environment is .venv/ beside this file, installed from pyproject.toml
with the versions pinned in constraints.txt. It is made when missing and
updated when either file changes; otherwise set-up takes no time.
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PINS = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]


def venv_python():
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def setup():
    """Create or update .venv when pyproject.toml or the pins changed."""
    if sys.version_info < (3, 10):
        sys.exit(f"bplab needs Python 3.10 or newer, this is {sys.version}")
    stamp = VENV / "bplab-setup.sha256"
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in PINS))
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return venv_python()
    if not venv_python().exists():
        print("Creating the environment in .venv/ ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("Installing bplab and its pinned dependencies ...", flush=True)
    subprocess.run([str(venv_python()), "-m", "pip", "install", "-q",
                    "-c", str(PINS[1]), "-e", f"{ROOT}[dev]"], check=True)
    stamp.write_text(digest.hexdigest())
    return venv_python()


def state_dirs():
    """Jupyter, IPython and matplotlib state in a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="bplab-state-"))
    names = ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
             "IPYTHONDIR", "MPLCONFIGDIR"]
    return {name: str(tmp / name.lower()) for name in names}


def lab_command(python, args):
    """JupyterLab on 127.0.0.1 only, token kept, opened on notebooks/."""
    command = [str(python), "-m", "jupyter", "lab",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}",
               "--LabApp.default_url=/lab/tree/notebooks"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command + args


LECTURE = ROOT / "notebooks" / "01_forward.ipynb"


def lecture_args(args):
    """(notebook, the other flags): notebook 1 unless args start with one."""
    if args and not args[0].startswith("-"):
        return Path(args[0]).resolve(), args[1:]
    return LECTURE, args


def lecture_command(python, args):
    """Voila on 127.0.0.1 only, with a token: one notebook, code hidden."""
    notebook, flags = lecture_args(args)
    return [str(python), "-m", "voila", str(notebook),
            "--Voila.ip=127.0.0.1", "--token", "--strip_sources=True",
            *flags]


def serve(command, env=None):
    """Run a server until it stops; Ctrl+C reaches it too, so let it shut
    its kernels down itself, with no traceback from here."""
    with subprocess.Popen(command, env=env) as server:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return server.wait()
        finally:
            signal.signal(signal.SIGINT, previous)


def lecture(python, args):
    notebook = lecture_args(args)[0]
    if not notebook.is_file():
        sys.exit(f"lecture: no notebook {notebook}")
    return serve(lecture_command(python, args),
                 env={**os.environ, **state_dirs()})


def lab(python, args):
    return serve(lab_command(python, args))


def test(python, args):
    env = {**os.environ, **state_dirs()}
    return subprocess.call([str(python), "-m", "pytest", *args],
                           cwd=ROOT, env=env)


def execute(python, args):
    notebooks = args or sorted(str(p) for p in [
        *(ROOT / "notebooks").glob("*.ipynb"),
        *(ROOT / "notebooks" / "zh").glob("*.ipynb")])
    env = {**os.environ, **state_dirs()}
    return subprocess.call([str(python), "-m", "tools.execute", *notebooks],
                           cwd=ROOT, env=env)


LOCALE = ROOT / "bplab" / "locale"


def messages_commands(python):
    """pybabel's extract, update and compile for bplab's catalogue."""
    babel = [str(python), "-m", "babel.messages.frontend", "--quiet"]
    pot = str(LOCALE / "bplab.pot")
    where = ["-d", str(LOCALE), "-D", "bplab"]
    return [babel + ["extract", "--no-location", "--sort-output",
                     "-k", "N_", "--project=bplab", "-o", pot,
                     str(ROOT / "bplab")],
            babel + ["update", "--no-fuzzy-matching", "--ignore-obsolete",
                     "--init-missing", "-l", "zh", "-i", pot,
                     *where],
            babel + ["compile", "--statistics", *where]]


def messages(python, args):
    for command in messages_commands(python):
        done = subprocess.call(command, cwd=ROOT)
        if done:
            return done
    return 0


def bench(python, args):
    env = {**os.environ, **state_dirs()}
    return subprocess.call([str(python), "-m", "benchmarks.run", *args],
                           cwd=ROOT, env=env)


JOBS = {"lab": lab, "test": test, "execute": execute, "lecture": lecture,
        "bench": bench, "messages": messages}


def main(argv):
    if not argv or argv[0] not in JOBS:
        sys.exit(__doc__)
    job, args = JOBS[argv[0]], argv[1:]
    return job(setup(), args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
