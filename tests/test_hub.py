"""The course on a real JupyterHub: a learner logs in, their server
starts, the nbgitpuller link hands out the notebooks, a kernel runs a
notebook and a slider moves its view (deploy/jupyterhub_config.py, with
a test-only login and spawner from benchmarks/hub.py)."""
import asyncio
import http.cookiejar
import json
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from benchmarks.hub import Hub, course_repo
from benchmarks.learner import Learner

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hub")
    with Hub(folder) as running:
        running.repo = course_repo(folder)
        yield running
    assert not psutil.pid_exists(running.process.pid) or (
        psutil.Process(running.process.pid).status() == "zombie")


def test_the_shipped_config_runs_the_idle_culler(hub):
    service = hub.api("GET", "/services/idle-culler")
    assert service["pid"] and psutil.pid_exists(service["pid"])
    command = " ".join(psutil.Process(service["pid"]).cmdline())
    assert "jupyterhub_idle_culler" in command and "--timeout=" in command


def test_the_hub_page_is_served_through_the_proxy(hub):
    with urllib.request.urlopen(f"{hub.url}/hub/login") as page:
        html = page.read().decode()
    assert page.status == 200 and "username" in html


async def learner_session(hub, name):
    learner = Learner(hub.url, name, hub.token)
    await learner.login()
    await learner.start_server()
    await learner.pull_course(hub.repo.as_uri())
    listing = await learner.contents("bplab-course/notebooks")
    await learner.open_notebook("bplab-course/notebooks/01_forward.ipynb")
    try:
        reply = await learner.execute("import bplab\n"
                                      "print(bplab.forward(1, 2, 1, 2, 2))")
        await learner.run_all()
        moved = await learner.move_slider(1.0, rate=5)
    finally:
        await learner.close()
    return learner, listing, reply, moved


def test_a_learner_logs_in_gets_the_course_and_runs_a_notebook(hub):
    learner, listing, reply, moved = asyncio.run(
        learner_session(hub, "ada"))
    assert sorted(item["name"] for item in listing["content"]
                  if item["name"].endswith(".ipynb")) == NOTEBOOKS
    assert reply["status"] == "ok" and learner.errors == []
    assert moved == {"sent": 5, "shown": 5, "dropped": 0}
    pids = hub.pids()
    assert set(pids) == {"ada"}
    server = psutil.Process(pids["ada"])
    home = Path(server.cwd())
    assert (home / "bplab-course" / "notebooks" / NOTEBOOKS[0]).is_file()
    assert any("ipykernel" in " ".join(k.cmdline())
               for k in server.children(recursive=True))


def browser_login(hub, name):
    """A urllib opener that keeps cookies, logged in by the hub's form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{hub.url}/hub/login").read()
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    form = urllib.parse.urlencode({"username": name, "password": "x",
                                   "_xsrf": xsrf}).encode()
    opener.open(f"{hub.url}/hub/login", form).read()
    return opener


def test_the_nbgitpuller_link_leads_to_the_notebook(hub):
    query = urllib.parse.urlencode({
        "repo": hub.repo.as_uri(), "branch": "main",
        "urlpath": "lab/tree/bplab-course/notebooks/01_forward.ipynb"})
    link = f"{hub.url}/hub/user-redirect/git-pull?{query}"
    with browser_login(hub, "ada").open(link) as page:
        html = page.read().decode()
    assert page.url.startswith(f"{hub.url}/user/ada/git-pull?")
    assert "lab/tree/bplab-course/notebooks/01_forward.ipynb" in (
        urllib.parse.unquote(html))


def config_text(name):
    return (ROOT / "deploy" / name).read_text()


def test_the_shipped_configs_log_in_for_real_and_cull_idle_servers():
    hub = config_text("jupyterhub_config.py")
    assert 'authenticator_class = "pam"' in hub
    for test_only in ("dummy", "Dummy", "simple", "SimpleLocal"):
        assert test_only not in hub
    assert "jupyterhub_idle_culler" in hub and "delete:servers" in hub
    import yaml
    values = yaml.safe_load(config_text("z2jh-values.yaml"))
    assert values["hub"]["config"]["JupyterHub"][
        "authenticator_class"] not in ("dummy", "null", "simple")
    assert values["cull"]["enabled"] is True
    assert values["singleuser"]["image"]["name"].endswith("/bplab")
    assert "repo2docker" in config_text("z2jh-values.yaml")


def test_the_proxy_is_pinned_for_npm():
    package = json.loads(config_text("package.json"))
    lock = json.loads(config_text("package-lock.json"))
    version = package["dependencies"]["configurable-http-proxy"]
    assert version[0].isdigit()  # exact, no ^ or ~
    assert lock["packages"]["node_modules/configurable-http-proxy"][
        "version"] == version
