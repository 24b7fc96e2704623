"""A real JupyterHub on 127.0.0.1 for the hub tests and the load test.

`Hub(folder)` starts `jupyterhub` with the shipped deploy/
jupyterhub_config.py and, on top of it, only what a test needs: any
user name logs in (DummyAuthenticator), each server is a local process
of this user with its home in `folder` (SimpleLocalProcessSpawner), and
a service token with the admin role for the test itself. The proxy is
the real configurable-http-proxy, installed from deploy/package.json
into deploy/node_modules by `proxy()`. `course_repo` makes the git
repository an nbgitpuller link hands out. `stop()` ends the hub, its
proxy and every server by PID, children first.
"""
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SHIPPED = DEPLOY / "jupyterhub_config.py"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"

TEST_CONFIG = """\
# Only for tests: the shipped config, then a test's own login and spawner.
c = get_config()  # noqa: F821
load_subconfig({shipped!r})  # noqa: F821
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set()
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
{environment}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/hub.pid"
c.JupyterHub.services.append({{"name": "tester", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "admin", "services": ["tester"]}})
c.JupyterHub.cleanup_servers = True
c.JupyterHub.active_server_limit = 0
c.JupyterHub.concurrent_spawn_limit = 0
"""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy():
    """configurable-http-proxy's path, installed by npm if missing."""
    if PROXY.exists():
        return PROXY
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install configurable-http-"
                           "proxy (deploy/package.json): install Node.js")
    subprocess.run([npm, "ci", "--prefix", str(DEPLOY), "--no-audit",
                    "--no-fund", "--loglevel=error"], check=True)
    return PROXY


def course_repo(folder):
    """A git repository with the course's notebooks, branch main, for
    nbgitpuller to clone (a teacher's would be on GitHub)."""
    repo = Path(folder) / "bplab-course"
    shutil.copytree(ROOT / "notebooks", repo / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    git = ["git", "-c", "user.name=teacher", "-c",
           "user.email=teacher@example.org", "-C", str(repo)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)],
                   check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "the course"], check=True)
    return repo


class Hub:
    """A running JupyterHub, its proxy and its users' servers."""

    def __init__(self, folder, environment=None, log=None):
        """`environment`: the servers' Spawner.environment instead of
        the shipped config's (and without its learner_settings)."""
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        args = ["--ServerApp.allow_root=True"] if (
            hasattr(os, "geteuid") and os.geteuid() == 0) else []
        config = self.folder / "jupyterhub_config_test.py"
        config.write_text(TEST_CONFIG.format(
            shipped=str(SHIPPED), homes=str(self.folder / "home"),
            python=sys.executable, args=args, port=self.port,
            environment="" if environment is None else
            f"c.Spawner.environment = {dict(environment)!r}\n"
            "c.Spawner.pre_spawn_hook = None",
            hub_port=free_port(), api_port=free_port(), proxy=str(proxy()),
            folder=self.folder, token=self.token))
        self.log = open(log or self.folder / "hub.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=self.folder, stdout=self.log, stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items()
                 if not k.startswith("JUPYTERHUB_")})
        try:
            self.wait()
        except BaseException:
            self.stop()
            raise

    def wait(self, timeout=90):
        """Until the hub answers through its proxy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"jupyterhub exited ({code}); "
                                   f"see {self.log.name}")
            try:
                self.api("GET", "/")
                return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"no hub on {self.url} after {timeout} s")

    def api(self, method, path, body=None, token=None):
        """The hub's REST API (as the admin service by default)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", data=data, method=method,
            headers={"Authorization": f"token {token or self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None

    def pids(self):
        """{user: PID of their single-user server}, for running ones."""
        found = {}
        for user in self.api("GET", "/users?include_stopped_servers=0"):
            name = user["name"]
            model = self.api("GET", f"/users/{name}")
            server = model.get("servers", {}).get("")
            pid = (server or {}).get("state", {}).get("pid")
            if pid:
                found[name] = pid
        return found

    def stop(self):
        """The hub, its proxy, services and servers, by PID."""
        import psutil
        try:
            hub = psutil.Process(self.process.pid)
            tree = hub.children(recursive=True)
        except psutil.NoSuchProcess:
            tree = []
        for process in [*tree, self.process]:
            try:
                process.terminate()
            except (psutil.NoSuchProcess, ProcessLookupError):
                pass
        gone, alive = psutil.wait_procs(
            [p for p in tree if p.is_running()], timeout=10)
        for process in alive:
            process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
