"""Drive JupyterLab in headless Chromium, as a learner would.

The browser tests and the benchmarks (issue 6) share this harness:

    import sys; sys.path.insert(0, "tests/browser")   # outside pytest
    from harness import lab_session

    with lab_session() as session:             # lab + browser, both stopped
        nb = session.open("01_forward.ipynb")  # ?reset, Run All, all ran
        assert nb.errors() == []               # no traceback on the page
        panel = nb.panels()[0]                 # a LiveView (.bplab-view)
        x = panel.sliders()["x"]               # {label: Slider}
        x.press("ArrowRight", 3)               # keyboard on the handle
        x.type(-1.5)                           # into the readout, Enter
        panel.values()                         # {"x": -1.5, "y": 2.0, ...}
        panel.shown()                          # {"loss": "0.5625", ...}
        panel.wait_for(lambda shown: ...)      # poll until shown() fits
        panel.watch(); x.drag("ArrowRight", 60, seconds=1.0)
        panel.redraws()                        # view changes since watch()
        nb.close()                             # page closed, kernel gone

`lab_session(notebooks, extra)` copies `notebooks` (default: the repo's
notebooks/) and the `extra` {file name: nbformat notebook} to a
temporary folder, so autosave never writes over committed notebooks;
starts JupyterLab from this Python (sys.executable) on 127.0.0.1 on a
free port with a token, with all Jupyter, IPython and matplotlib state
in temporary folders and the news notification off; and starts Chromium
headless with a fresh profile, driven by Playwright over CDP. On the way
out, also on errors, both are stopped by PID (`stop_tree`: SIGTERM, then
SIGKILL for any process of theirs still there) and it asserts that none
is left. `check_notebook()` is a throwaway notebook with one LiveView of
the running example, to measure or test against.

`Lab` and `Chromium` can also be used on their own (start(), stop()).
Numbers in views are read by their data-q names (bplab.draw.markup.q);
readouts print negatives with U+2212: `number` reads both.
"""
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
# The notebooks the suite serves: BPLAB_BROWSER_NOTEBOOKS=folder to try
# it on drafts elsewhere.
FOLDER = Path(os.environ.get("BPLAB_BROWSER_NOTEBOOKS", NOTEBOOKS))
CHROMIUM = os.environ.get("BPLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"]
MINUS = "\u2212"
# What an output shows when a cell raised or a widget failed to render.
ERROR = (r"Traceback \(most recent call last\)|Error displaying widget"
         r"|^\w*(Error|Exception)\b")
STATE = ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
         "IPYTHONDIR", "MPLCONFIGDIR"]
# Lab settings: no news / update toasts over the page.
# TCP_NODELAY on the kernel websockets (bplab/ui/nodelay.py), as run.py
# lab gives it: else Nagle's algorithm holds answers some 40 ms.
NODELAY = "--ServerApp.jpserver_extensions=bplab.ui.nodelay=True"
# "Render with Voila" inside the lab (bplab/ui/voila_images.py), as run.py.
VOILA_IMAGES = ("--VoilaExporter.markdown_renderer_class="
                "bplab.ui.voila_images.MarkdownRenderer")
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def chromium_missing():
    """Why the browser tests cannot run here, or None if they can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (f"Chromium not found at {CHROMIUM}: install it (Debian/"
                f"Ubuntu: apt-get install chromium) or set BPLAB_CHROMIUM "
                f"to its path to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: pip install -e '.[dev]'"
    return None


def number(text):
    """A readout or view number as float; U+2212 is a minus sign."""
    return float(text.strip().replace(MINUS, "-"))


def decimals(text):
    """How many decimals a shown number has."""
    text = text.strip()
    return len(text.split(".")[1]) if "." in text else 0


def notebook_names(prefix=""):
    """File names of the served notebooks whose names start with prefix."""
    return sorted(p.name for p in FOLDER.glob(f"{prefix}*.ipynb"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_tree(process, timeout=10):
    """Stop a Popen and every process it started, each by its PID.

    SIGTERM first (JupyterLab then shuts its kernels down itself), SIGKILL
    for whatever is still there after `timeout` seconds. Returns the PIDs
    it had to kill.
    """
    try:
        tree = [psutil.Process(process.pid)]
        tree += tree[0].children(recursive=True)
    except psutil.NoSuchProcess:
        tree = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)
    gone, alive = psutil.wait_procs(tree, timeout=timeout)
    for survivor in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            survivor.kill()
    psutil.wait_procs(alive, timeout=timeout)
    return [p.pid for p in alive]


CHECK = "_harness_check.ipynb"
CHECK_CODE = '''\
import bplab
from bplab.draw.markup import q
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView


def view(x, y, w1, w2, b):
    f = bplab.forward(x, y, w1, w2, b)
    g = bplab.manual_backward(x, y, w1, w2, b)
    return "<p>" + " ".join([q("y_hat", f.y_hat), q("r", f.r),
                             q("loss", f.loss), q("dloss/dw1", g.w1),
                             q("dloss/db", g.b)]) + "</p>"


LiveView(view, model_sliders())'''


def check_notebook():
    """A throwaway notebook with one LiveView of the running example, to
    prove the harness on before (or without) the course notebooks."""
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(CHECK_CODE)])
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)",
        "language": "python"}
    return notebook


class Lab:
    """JupyterLab serving `root` on 127.0.0.1, token kept, state in `tmp`.

    lab = Lab(root, tmp).start(); lab.url("lab/tree/x.ipynb"); lab.stop()
    nodelay=False: without bplab's no-delay extension (to compare).
    """

    def __init__(self, root, tmp, nodelay=True):
        self.root, self.tmp = Path(root), Path(tmp)
        self.nodelay = nodelay
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.process = None
        self.log = self.tmp / "jupyterlab.log"

    def env(self):
        env = dict(os.environ)
        for name in STATE:
            env[name] = str(self.tmp / name.lower())
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def command(self):
        command = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
            "jupyterlab.NeverCheckForUpdate"]
        if self.nodelay:
            command.append(NODELAY)
        command.append(VOILA_IMAGES)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        return command

    def write_settings(self, env):
        folder = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings"
        for name, values in SETTINGS.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self, timeout=90):
        env = self.env()
        self.write_settings(env)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command(), env=env, cwd=self.root, stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with "
                                   f"{self.process.returncode}:\n"
                                   f"{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                self.api("GET", "api/status")
                return self
            time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer in {timeout} s:\n"
                           f"{self.log.read_text()[-3000:]}")

    def url(self, path, query=""):
        query = f"{query}&" if query else ""
        return (f"http://127.0.0.1:{self.port}/{path}?{query}"
                f"token={self.token}")

    def api(self, method, path, timeout=10):
        """JSON from the REST API (None for an empty answer)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{path}", method=method,
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def delete_sessions(self):
        """Shut down every session and its kernel, left over or not."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def stop(self):
        """Kernels first (politely), then the server and its children."""
        if self.process is None:
            return []
        with contextlib.suppress(OSError):
            self.delete_sessions()
        killed = stop_tree(self.process)
        self.process = None
        return killed


class Chromium:
    """Headless Chromium with a fresh profile, driven over CDP.

    chromium = Chromium(tmp).start(); chromium.browser.new_page(); ...stop()
    """

    def __init__(self, tmp):
        self.profile = Path(tmp) / "chromium-profile"
        self.process = self.playwright = self.browser = None

    def start(self, timeout=60):
        from playwright.sync_api import sync_playwright

        self.profile.mkdir(parents=True)
        self.process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-port=0", "--remote-debugging-address="
             "127.0.0.1", "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL, start_new_session=True)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.process.poll() is not None or (
                    time.monotonic() > deadline):
                raise RuntimeError("Chromium did not start its DevTools "
                                   "endpoint")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.connect_over_cdp(
            f"http://127.0.0.1:{port}")
        return self

    def new_page(self):
        context = self.browser.contexts[0] if self.browser.contexts else (
            self.browser.new_context())
        page = context.new_page()
        page.set_viewport_size({"width": 1400, "height": 1000})
        return page

    def stop(self):
        for step in (lambda: self.browser and self.browser.close(),
                     lambda: self.playwright and self.playwright.stop()):
            with contextlib.suppress(Exception):
                step()
        self.browser = self.playwright = None
        killed = stop_tree(self.process) if self.process else []
        self.process = None
        return killed


class Session:
    """One JupyterLab and one Chromium, to open notebooks in."""

    def __init__(self, lab, chromium, folder):
        self.lab, self.chromium, self.folder = lab, chromium, folder

    def open(self, name, run=True, timeout=120):
        """A fresh page on notebook `name`, after Run All when `run`."""
        notebook = Notebook(self, name)
        notebook.open(timeout)
        if run:
            notebook.run_all(timeout)
        return notebook


@contextlib.contextmanager
def lab_session(notebooks=NOTEBOOKS, extra=None, nodelay=True):
    """Yield a Session on a temporary copy of `notebooks`.

    extra: {file name: nbformat notebook} written into the copy too (e.g.
    a throwaway notebook to test against); nodelay=False: a lab without
    bplab's TCP_NODELAY extension. On the way out the browser and
    the server are stopped by PID and no process they started is left.
    """
    tmp = Path(tempfile.mkdtemp(prefix="bplab-browser-"))
    folder = tmp / "notebooks"
    shutil.copytree(notebooks, folder, ignore=shutil.ignore_patterns(
        ".ipynb_checkpoints"))
    for name, notebook in (extra or {}).items():
        import nbformat
        nbformat.write(notebook, folder / name)
    lab, chromium = Lab(folder, tmp, nodelay), Chromium(tmp)
    started = []
    try:
        lab.start()
        started.append(lab.process.pid)
        chromium.start()
        started.append(chromium.process.pid)
        yield Session(lab, chromium, folder)
    finally:
        try:
            chromium.stop()
        finally:
            lab.stop()
        left = [pid for pid in started if psutil.pid_exists(pid)
                and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
        shutil.rmtree(tmp, ignore_errors=True)
        assert not left, f"processes left running: {left}"


class Notebook:
    """A notebook open in a page: run it, check it, find its views."""

    def __init__(self, session, name):
        self.session, self.name = session, name
        self.page = None
        self.console = []

    def open(self, timeout=120):
        lab = self.session.lab
        lab.delete_sessions()
        self.page = self.session.chromium.new_page()
        self.page.on("console", lambda m: m.type == "error" and
                     self.console.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(
            f"pageerror: {e}"))
        self.page.goto(lab.url(f"lab/tree/{self.name}", "reset"))
        self.wait_kernel_idle(timeout)
        return self

    def kernel_status(self):
        """The status bar's kernel text, e.g. 'Python 3 (ipykernel) | Idle'."""
        return self.page.evaluate("""() => [...document.querySelectorAll(
            '#jp-main-statusbar .jp-StatusBar-TextItem')].map(
            e => e.textContent.trim()).filter(t => t.includes('|'))
            .join(' ; ')""")

    def wait_kernel_idle(self, timeout=120):
        """Until the status bar names the kernel and says Idle (before the
        kernel exists the toolbar already says idle: Run All would be
        dropped)."""
        self.page.wait_for_function(
            """() => [...document.querySelectorAll(
            '#jp-main-statusbar .jp-StatusBar-TextItem')].some(
            e => /Python 3.*\\|\\s*Idle/.test(e.textContent))""",
            timeout=timeout * 1000)

    def code_prompts(self):
        return self.page.evaluate("""() => [...document.querySelectorAll(
            '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map(
            e => e.textContent.trim())""")

    def run_all(self, timeout=120):
        """Run > Run All Cells; wait until every code cell has run, or
        until an error stopped the run (then errors() says which)."""
        self.page.click(".lm-MenuBar-item:has-text('Run')")
        self.page.click(".lm-Menu-item:has-text('Run All Cells')")
        deadline = time.monotonic() + timeout
        while not self.all_ran():
            if self.errors() and "Idle" in self.kernel_status():
                return self
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"not every code cell ran in {timeout} s: prompts "
                    f"{self.code_prompts()}")
            time.sleep(0.2)
        self.wait_kernel_idle(timeout)
        # Widget views render after their output arrives.
        self.page.wait_for_function(
            "() => !document.body.textContent.includes('Loading widget')",
            timeout=timeout * 1000)
        return self

    def all_ran(self):
        """Every code cell shows an execution count, e.g. [3]:."""
        prompts = self.code_prompts()
        return bool(prompts) and all(
            p.startswith("[") and p[1:].split("]")[0].isdigit()
            for p in prompts)

    def errors(self):
        """Text of every traceback (stderr) and failed widget shown."""
        return self.page.evaluate("""pattern => [...document.querySelectorAll(
            '.jp-OutputArea-output')].filter(e => new RegExp(pattern, 'm')
            .test(e.textContent) && (e.dataset.mimeType ===
            'application/vnd.jupyter.stderr' || e.textContent.includes(
            'Error displaying widget'))).map(e => e.textContent)""", ERROR)

    def panels(self):
        """Every LiveView on the page, in order."""
        return [Panel(self, handle) for handle in
                self.page.query_selector_all(".bplab-view")]

    def save_artifacts(self, folder, name):
        """Screenshot and console errors of the page, as folder/name.*"""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / re.sub(r"[^\w.-]+", "_", name)
        lines = list(self.console)
        try:
            self.page.screenshot(path=f"{stem}.png", full_page=True)
            lines += [f"kernel: {self.kernel_status()}",
                      f"prompts: {self.code_prompts()}"]
            lines += [f"error output: {text}" for text in self.errors()]
        except Exception as error:  # the page may be gone: keep the rest
            lines.append(f"(could not read the page: {error})")
        Path(f"{stem}.console.txt").write_text("\n".join(lines) + "\n")

    def close(self):
        if self.page is not None:
            self.page.close()
            self.page = None
        self.session.lab.delete_sessions()


class Slider:
    """One ipywidgets slider: its label, handle and readout."""

    def __init__(self, page, element):
        self.page, self.element = page, element
        self.label = element.query_selector(".widget-label").text_content()
        self.label = self.label.strip()
        self.handle = element.query_selector(".noUi-handle")
        self.readout = element.query_selector(".widget-readout")

    def text(self):
        return self.readout.text_content().strip()

    def value(self):
        return number(self.text())

    def press(self, key="ArrowRight", times=1, delay=0):
        """Focus the handle and press `key` `times` times (ms apart)."""
        self.handle.focus()
        for _ in range(times):
            self.handle.press(key, delay=0)
            if delay:
                self.page.wait_for_timeout(delay)

    def drag(self, key="ArrowRight", times=60, seconds=1.0):
        """`times` presses of `key` on the handle, evenly spread over
        `seconds` by the page's own clock (a learner holding a key down;
        over CDP each press would cost a round trip)."""
        self.handle.focus()
        return self.handle.evaluate("""(handle, [key, times, ms]) =>
            new Promise(done => {
                let sent = 0;
                const start = performance.now();
                const press = () => {
                    for (const type of ['keydown', 'keyup'])
                        handle.dispatchEvent(new KeyboardEvent(type,
                            {key, code: key, bubbles: true}));
                    if (++sent < times) setTimeout(press, ms);
                    else done(performance.now() - start);
                };
                press();
            })""", [key, times, 1000 * seconds / times])

    def is_log(self):
        """A FloatLogSlider: its handle moves in powers, not values."""
        now = float(self.handle.get_attribute("aria-valuenow"))
        return not math.isclose(now, self.value(), rel_tol=1e-6,
                                abs_tol=1e-9)

    def bounds(self):
        """(lo, hi, step): the range from the handle's aria attributes,
        the step by one key press there and back."""
        lo = float(self.handle.get_attribute("aria-valuemin"))
        hi = float(self.handle.get_attribute("aria-valuemax"))
        before = self.value()
        there, back = ("ArrowLeft", "ArrowRight") if before >= hi else (
            "ArrowRight", "ArrowLeft")
        self.press(there)
        step = abs(self.value() - before)
        self.press(back)
        return lo, hi, step

    def type(self, value):
        """Type `value` into the readout as a learner would, then Enter."""
        self.readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(str(value))
        self.page.keyboard.press("Enter")


class Panel:
    """A LiveView: its sliders, buttons and the numbers its view shows."""

    def __init__(self, notebook, element):
        self.notebook, self.element = notebook, element
        self.page = notebook.page

    def sliders(self):
        """{label: Slider} in page order."""
        found = [Slider(self.page, e) for e in self.element.query_selector_all(
            ".widget-slider")]
        return {s.label: s for s in found}

    def values(self):
        """{slider label: value} as the readouts show them, in one go."""
        texts = self.element.evaluate("""e => Object.fromEntries(
            [...e.querySelectorAll('.widget-slider')].map(s => [
            s.querySelector('.widget-label').textContent.trim(),
            s.querySelector('.widget-readout').textContent]))""")
        return {label: number(text) for label, text in texts.items()}

    def dropdowns(self):
        """{label: chosen option's text} of every dropdown."""
        return self.element.evaluate("""e => Object.fromEntries(
            [...e.querySelectorAll('.widget-dropdown')].map(d => [
            d.querySelector('.widget-label').textContent.trim(),
            d.querySelector('select').selectedOptions[0].textContent
            .replace(/\u00a0/g, ' ')]))""")

    def choose(self, label, option):
        """Pick `option` (its text) in the dropdown labelled `label`."""
        dropdown = self.element.query_selector(
            f".widget-dropdown:has(.widget-label:text-is('{label}'))")
        dropdown.query_selector("select").select_option(label=option)

    def texts(self):
        """{label: value} of every text box."""
        return self.element.evaluate("""e => Object.fromEntries(
            [...e.querySelectorAll('.widget-text')].map(t => [
            t.querySelector('.widget-label').textContent.trim(),
            t.querySelector('input').value]))""")

    def type_text(self, label, text):
        """Type `text` into the text box labelled `label`, then Enter."""
        box = self.element.query_selector(
            f".widget-text:has(.widget-label:text-is('{label}')) input")
        box.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def button(self, label):
        return self.element.query_selector(
            f"button.jupyter-button:has-text('{label}')")

    def shown(self):
        """{data-q name: shown text} of every tagged number in the view."""
        return self.element.evaluate("""e => Object.fromEntries(
            [...e.querySelectorAll('.widget-html-content [data-q]')].map(
            q => [q.dataset.q, q.textContent.trim()]))""")

    def numbers(self):
        return {name: number(text) for name, text in self.shown().items()}

    def wait_for(self, matches, timeout=15):
        """Poll shown() until `matches(shown)` is true; return shown()."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.shown()
            if matches(shown):
                return shown
            if time.monotonic() > deadline:
                return shown
            time.sleep(0.05)

    def watch(self):
        """Start counting redraws of the view (see redraws())."""
        self.element.evaluate("""e => {
            const view = e.querySelector('.widget-html-content');
            e.__redraws = 0;
            new MutationObserver(() => e.__redraws++).observe(view,
                {childList: true, subtree: true, characterData: true});
        }""")

    def redraws(self):
        return self.element.evaluate("e => e.__redraws")
