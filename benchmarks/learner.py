"""One simulated learner on a JupyterHub, driven over HTTP and websockets.

What a browser with JupyterLab does, without the browser: log in with
the hub's login form, start the server (the hub's REST API, with a token
the admin gave this learner), click the nbgitpuller link (its event
stream at git-pull/api, as the link's page reads it), open a notebook
(a kernel session), run its code cells in order over the kernel's
websocket, and move a slider: comm messages of the ipywidgets protocol,
{"method": "update", "state": {"value": v}, "buffer_paths": []} on the
slider's comm, as JupyterLab's widget manager sends them (framed as
JSON text, the websocket's default protocol, where JupyterLab 4 may
choose the binary v1 framing: the messages are the same). A change is
timed until the view's HTML widget sends its new value back.
"""
import asyncio
import json
import time
import uuid
from urllib.parse import urlencode

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

AsyncHTTPClient.configure(None, max_clients=500)
GRACE = 5.0  # seconds a change's update may still arrive after the run


class LearnerError(RuntimeError):
    """A step of the learner's session failed; says which."""


def cookies(response):
    """{name: value} of the cookies a response sets."""
    found = {}
    for header in response.headers.get_list("Set-Cookie"):
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


class Learner:
    """One learner: their hub login, server, kernel and slider."""

    def __init__(self, hub_url, name, admin_token):
        self.hub_url, self.name = hub_url, name
        self.admin_token = admin_token
        self.http = AsyncHTTPClient()
        self.session = uuid.uuid4().hex
        self.models = {}  # comm id -> widget state, from comm_open
        self.waiting = {}  # msg id -> future of its execute_reply
        self.pending = []  # send times of slider changes not yet shown
        self.times_ms, self.errors = [], []
        self.socket = self.reader = self.picture = None

    @property
    def server(self):
        return f"{self.hub_url}/user/{self.name}"

    async def fetch(self, url, method="GET", body=None, token=None,
                    **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"token {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        request = HTTPRequest(url, method=method, body=body,
                              headers=headers, request_timeout=300,
                              **kwargs)
        return await self.http.fetch(request, raise_error=False)

    async def login(self):
        """The hub's login form, as a browser posts it; then a token."""
        page = await self.fetch(f"{self.hub_url}/hub/login")
        xsrf = cookies(page).get("_xsrf", "")
        form = urlencode({"username": self.name, "password": "classroom",
                          "_xsrf": xsrf})
        done = await self.fetch(
            f"{self.hub_url}/hub/login", "POST", form,
            headers={"Cookie": f"_xsrf={xsrf}"}, follow_redirects=False)
        if done.code != 302 or "jupyterhub-hub-login" not in cookies(done):
            raise LearnerError(f"{self.name}: login answered {done.code}")
        reply = await self.fetch(
            f"{self.hub_url}/hub/api/users/{self.name}/tokens", "POST",
            {"note": "classroom"}, token=self.admin_token)
        if reply.code != 201:
            raise LearnerError(f"{self.name}: no token ({reply.code})")
        self.token = json.loads(reply.body)["token"]

    async def start_server(self, timeout=300):
        """Ask the hub for this learner's server; wait until it's ready."""
        url = f"{self.hub_url}/hub/api/users/{self.name}"
        reply = await self.fetch(f"{url}/server", "POST", "{}",
                                 token=self.token)
        if reply.code not in (201, 202, 400):
            raise LearnerError(f"{self.name}: spawn answered {reply.code}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = json.loads((await self.fetch(url, token=self.token)).body)
            if user.get("servers", {}).get("", {}).get("ready"):
                return
            await asyncio.sleep(0.5)
        raise LearnerError(f"{self.name}: server not ready in {timeout} s")

    async def pull_course(self, repo, branch="main"):
        """What the nbgitpuller link does: clone (or update) the course."""
        query = urlencode({"repo": repo, "branch": branch})
        reply = await self.fetch(f"{self.server}/git-pull/api?{query}",
                                 token=self.token)
        events = [json.loads(line[5:]) for line in
                  reply.body.decode().splitlines()
                  if line.startswith("data:")]
        if reply.code != 200 or not events or (
                events[-1].get("phase") != "finished"):
            said = events[-1].get("message") if events else reply.code
            raise LearnerError(f"{self.name}: git-pull failed: {said}")

    async def contents(self, path):
        """The Jupyter server's contents API: a file or folder model."""
        reply = await self.fetch(f"{self.server}/api/contents/{path}",
                                 token=self.token)
        if reply.code != 200:
            raise LearnerError(f"{self.name}: no {path} ({reply.code})")
        return json.loads(reply.body)

    async def open_notebook(self, path):
        """A kernel session for the notebook, and its websocket."""
        self.notebook = (await self.contents(path))["content"]
        reply = await self.fetch(
            f"{self.server}/api/sessions", "POST",
            {"path": path, "type": "notebook", "name": "",
             "kernel": {"name": "python3"}}, token=self.token)
        if reply.code != 201:
            raise LearnerError(f"{self.name}: no kernel ({reply.code})")
        self.kernel = json.loads(reply.body)["kernel"]["id"]
        url = (f"{self.server}/api/kernels/{self.kernel}/channels?"
               f"session_id={self.session}").replace("http", "ws", 1)
        self.socket = await websocket_connect(HTTPRequest(
            url, headers={"Authorization": f"token {self.token}"}),
            max_message_size=64 * 2**20)
        self.reader = asyncio.ensure_future(self.read())

    def message(self, msg_type, content, channel="shell"):
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type,
                  "username": self.name, "session": self.session,
                  "date": "", "version": "5.3"}
        return {"header": header, "parent_header": {}, "metadata": {},
                "content": content, "channel": channel, "buffers": []}

    async def send(self, msg_type, content):
        message = self.message(msg_type, content)
        await self.socket.write_message(json.dumps(message))
        return message["header"]["msg_id"]

    async def read(self):
        """Every message from the kernel, until the socket closes."""
        while True:
            text = await self.socket.read_message()
            if text is None:
                return
            if isinstance(text, bytes):
                continue  # binary frames: not used by the JSON protocol
            self.receive(json.loads(text))

    def receive(self, msg):
        kind, content = msg["header"]["msg_type"], msg["content"]
        parent = msg.get("parent_header", {}).get("msg_id")
        if kind == "comm_open" and content.get("target_name") == (
                "jupyter.widget"):
            self.models[content["comm_id"]] = content["data"]["state"]
        elif kind == "comm_msg" and content["data"].get("method") == (
                "update"):
            comm, state = content["comm_id"], content["data"]["state"]
            self.models.setdefault(comm, {}).update(state)
            if comm == self.picture and "value" in state and self.pending:
                sent = self.pending.pop(0)
                self.times_ms.append((time.perf_counter() - sent) * 1e3)
        elif kind == "error":
            self.errors.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "execute_reply" and parent in self.waiting:
            self.waiting.pop(parent).set_result(content)

    async def execute(self, code, timeout=300):
        """Run one cell; its reply, or LearnerError if it failed."""
        future = asyncio.get_running_loop().create_future()
        message = self.message("execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": True})
        self.waiting[message["header"]["msg_id"]] = future
        await self.socket.write_message(json.dumps(message))
        reply = await asyncio.wait_for(future, timeout)
        if reply["status"] != "ok":
            raise LearnerError(f"{self.name}: a cell failed: "
                               f"{reply.get('ename')}: {reply.get('evalue')}")
        return reply

    async def run_all(self):
        """Every code cell of the notebook, in order (Run All)."""
        for cell in self.notebook["cells"]:
            if cell["cell_type"] == "code":
                await self.execute(cell["source"])

    def first_view(self):
        """(slider id, its state, picture id) of the first bplab view."""
        for state in self.models.values():
            if "bplab-view" in state.get("_dom_classes", []):
                box, picture = (ref.removeprefix("IPY_MODEL_")
                                for ref in state["children"][:2])
                for ref in self.models[box]["children"]:
                    control = ref.removeprefix("IPY_MODEL_")
                    if self.models[control]["_model_name"] == (
                            "FloatSliderModel"):
                        return control, self.models[control], picture
        raise LearnerError(f"{self.name}: the notebook built no view")

    def values(self, state, count):
        """`count` slider values, each a step from the last, bouncing."""
        lo, hi, step = state["min"], state["max"], state["step"]
        value, direction, found = state["value"], 1, []
        for _ in range(count):
            if not lo <= value + direction * step <= hi:
                direction = -direction
            value = round(value + direction * step, 10)
            found.append(value)
        return found

    async def move_slider(self, seconds, rate=5.0):
        """Move the first view's first slider `rate` times a second."""
        slider, state, self.picture = self.first_view()
        start = time.perf_counter()
        values = self.values(state, int(seconds * rate))
        for k, value in enumerate(values):
            await asyncio.sleep(max(0.0, start + k / rate
                                    - time.perf_counter()))
            self.pending.append(time.perf_counter())
            await self.send("comm_msg", {"comm_id": slider, "data": {
                "method": "update", "state": {"value": value},
                "buffer_paths": []}})
        deadline = time.perf_counter() + GRACE
        while self.pending and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        return {"sent": len(values), "shown": len(self.times_ms),
                "dropped": len(self.pending)}

    async def close(self):
        if self.socket is not None:
            self.socket.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)
