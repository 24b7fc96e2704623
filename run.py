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
                                (notebooks/01_forward.ipynb by default;
                                flags go before or after the notebook)
    python3 run.py messages     extract the words bplab shows into the
                                catalogue bplab/locale/ and compile it
    python3 run.py bench [--short]
                                time how fast every view answers a slider,
                                beside the naive way (benchmarks/results/)
    python3 run.py classroom [--short]
                                load test: learners on a real JupyterHub
                                moving sliders at once (benchmarks/results/)
    python3 run.py --help       this text

The environment is .venv/ beside this file, installed from pyproject.toml
with the versions pinned in constraints.txt. It is made when missing and
updated when either file changes; otherwise set-up takes no time. An
interrupted set-up is completed by the next run; two runs at once take
turns. lab and lecture stop, kernels and all, on Ctrl+C, SIGTERM or
SIGHUP.
"""
import contextlib
import ctypes
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PINS = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]
LOCK = ROOT / ".venv.lock"
MADE = "bplab-venv.ok"        # in .venv: the venv itself is complete
STAMP = "bplab-setup.sha256"  # in .venv: installed from these pins
# TCP_NODELAY on kernel websockets (bplab/ui/nodelay.py): without it a
# kernel's answer waits some 40 ms for the browser's delayed ACK.
NODELAY = "bplab.ui.nodelay"
# "Render with Voila" inside the lab: Voila's image inlining, made to
# work with the lab's async contents manager (bplab/ui/voila_images.py).
VOILA_IMAGES = ("--VoilaExporter.markdown_renderer_class="
                "bplab.ui.voila_images.MarkdownRenderer")
GRACE = 20  # seconds a server gets to stop before it is killed


def venv_python():
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


class SetupError(Exception):
    """Set-up failed; the message says what, for the user."""


def digest():
    """sha256 of pyproject.toml and constraints.txt, as they are now."""
    for path in PINS:
        if not path.is_file():
            raise SetupError(
                f"{path.name} is missing beside run.py: set-up installs "
                f"from pyproject.toml with the versions pinned in "
                f"constraints.txt (restore it, e.g. git checkout "
                f"{path.name})")
    return hashlib.sha256(b"".join(p.read_bytes() for p in PINS)).hexdigest()


def setup():
    """Create or update .venv when pyproject.toml or the pins changed."""
    if sys.version_info < (3, 10):
        sys.exit(f"bplab needs Python 3.10 or newer, this is {sys.version}")
    try:
        wanted = digest()
        if stamped() == wanted:
            return venv_python()
        with setup_lock():
            if stamped() != wanted:  # another run may have done it
                make_venv()
                install(wanted)
    except SetupError as error:
        sys.exit(f"run.py: set-up failed: {error}")
    except KeyboardInterrupt:
        sys.exit("\nrun.py: set-up interrupted; the next run completes it")
    return venv_python()


def stamped():
    """The pins' digest .venv was last installed from, or None."""
    with contextlib.suppress(OSError):
        return (VENV / STAMP).read_text()
    return None


@contextlib.contextmanager
def setup_lock():
    """One set-up at a time: a second run waits and says so."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    with open(LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another run.py is setting up .venv/; waiting for it ...",
                  flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def make_venv():
    """A complete venv in .venv/: one left half-made is made again."""
    if (VENV / MADE).exists() or (VENV / STAMP).exists():
        return
    if VENV.exists():
        print("The environment in .venv/ is incomplete (an interrupted "
              "set-up): making it again ...", flush=True)
        shutil.rmtree(VENV)
    print("Creating the environment in .venv/ ...", flush=True)
    child([sys.executable, "-m", "venv", str(VENV)],
          f"{Path(sys.executable).name} -m venv could not create .venv/ "
          f"(on Debian/Ubuntu: apt-get install python3-venv)")
    (VENV / MADE).write_text("complete\n")


def install(wanted):
    """bplab, editable, with its dev extras at the pinned versions."""
    print("Installing bplab and its pinned dependencies ...", flush=True)
    child([str(venv_python()), "-m", "pip", "install", "-q",
           "-c", str(PINS[1]), "-e", f"{ROOT}[dev]"],
          "pip could not install bplab with the versions pinned in "
          "constraints.txt (pip says why above); .venv/ is left to be "
          "completed by the next run")
    temporary = VENV / f"{STAMP}.tmp"
    temporary.write_text(wanted)
    os.replace(temporary, VENV / STAMP)


def child(command, failure):
    """Run a set-up step that dies with run.py, even by SIGKILL; Ctrl+C
    stops it through run.py (no traceback of its own)."""
    try:
        done = subprocess.run(command, preexec_fn=dies_with_parent())
    except OSError as error:
        raise SetupError(f"{failure}: {error}") from None
    if done.returncode != 0:
        raise SetupError(f"{failure} (exit status {done.returncode})")


def dies_with_parent():
    """A preexec_fn: the child ignores Ctrl+C, and Linux SIGTERMs it when
    run.py dies."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def ask():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # run.py died before we asked
            os._exit(1)
    return ask


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
               "--LabApp.default_url=/lab/tree/notebooks",
               f"--ServerApp.jpserver_extensions={NODELAY}=True",
               VOILA_IMAGES]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command + args


LECTURE = ROOT / "notebooks" / "01_forward.ipynb"


def lecture_args(args):
    """(notebook, the other flags): the argument ending in .ipynb, before
    or after the flags; notebook 1 if there is none."""
    notebooks = [a for a in args if a.endswith(".ipynb")
                 and not a.startswith("-")]
    if len(notebooks) > 1:
        sys.exit(f"lecture: one notebook at a time, got {notebooks}")
    if not notebooks:
        return LECTURE, list(args)
    return Path(notebooks[0]).resolve(), [a for a in args
                                          if a != notebooks[0]]


def lecture_command(python, args):
    """Voila on 127.0.0.1 only, with a token: one notebook, code hidden,
    and with it the exercises and text about code (bplab/ui/lecture.py)."""
    notebook, flags = lecture_args(args)
    return [str(python), "-m", "voila", str(notebook),
            "--Voila.ip=127.0.0.1", "--token", "--strip_sources=True",
            "--VoilaExporter.preprocessors=bplab.ui.lecture.LectureCells",
            "--Voila.kernel_websocket_connection_class="
            f"{NODELAY}.NoDelayConnection", *flags]


def serve(command, env=None):
    """Run a server in its own process group until it stops.

    At a terminal it gets the terminal, so Ctrl+C reaches it as usual
    (JupyterLab asks, Voila stops). SIGTERM, SIGHUP, and SIGINT that
    reach run.py are passed on as SIGTERM: the server shuts its kernels
    down and exits; if it has not after GRACE seconds, its processes are
    killed by PID and its group.
    """
    stopping = []

    def stop(signum, frame):
        if not stopping:
            stopping.append(time.monotonic())
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)

    server = subprocess.Popen(command, env=env, preexec_fn=os.setpgrp)
    terminal = foreground(server.pid)
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    previous = {s: signal.signal(s, stop) for s in signals}
    try:
        while True:
            with contextlib.suppress(subprocess.TimeoutExpired):
                return server.wait(timeout=0.5)
            if stopping and time.monotonic() - stopping[0] > GRACE:
                print(f"run.py: the server did not stop in {GRACE} s; "
                      f"killing its processes", file=sys.stderr)
                kill_tree(server.pid)
    finally:
        if terminal is not None:
            foreground(os.getpgrp(), terminal)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def foreground(group, fd=None):
    """Make `group` the terminal's foreground process group if run.py
    holds the terminal; returns the terminal's fd, or None."""
    if fd is None:
        fd = next((f for f in (0, 1, 2) if os.isatty(f)), None)
        if fd is None or os.tcgetpgrp(fd) != os.getpgrp():
            return None
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, group)
    except OSError:
        return None
    finally:
        signal.signal(signal.SIGTTOU, previous)
    return fd


def descendants(pid):
    """PIDs of every process below `pid` (Linux's /proc; else none)."""
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]),
                               []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def kill_tree(pid):
    """SIGKILL a server, everything below it and its process group."""
    for victim in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(victim, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def lecture(python, args):
    notebook = lecture_args(args)[0]
    if not notebook.is_file():
        sys.exit(f"lecture: no notebook {notebook}")
    return serve(lecture_command(python, args),
                 env={**os.environ, **state_dirs()})


def lab(python, args):
    return serve(lab_command(python, args))


def test(python, args):
    """pytest with args; with none, the whole suite in two runs: all but
    the browser suite, then the browser suite, whose JupyterLab and
    Chromium stay up until its run ends, so nothing else runs beside
    them (the hub tests start servers of their own)."""
    env = {**os.environ, **state_dirs()}
    runs = [args] if args else [["--ignore=tests/browser"], ["tests/browser"]]
    codes = [subprocess.call([str(python), "-m", "pytest", *run],
                             cwd=ROOT, env=env) for run in runs]
    return next((code for code in codes if code), 0)


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


def classroom(python, args):
    env = {**os.environ, **state_dirs()}
    return subprocess.call([str(python), "-m", "benchmarks.classroom",
                            *args], cwd=ROOT, env=env)


JOBS = {"lab": lab, "test": test, "execute": execute, "lecture": lecture,
        "bench": bench, "classroom": classroom, "messages": messages}


def main(argv):
    if argv and argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if not argv:
        sys.exit(__doc__)
    if argv[0] not in JOBS:
        sys.exit(f"run.py: unknown job {argv[0]!r}; the jobs are "
                 f"{', '.join(JOBS)} (python3 run.py --help says more)")
    job, args = JOBS[argv[0]], argv[1:]
    return job(setup(), args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
