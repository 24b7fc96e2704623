"""The kernel websocket's socket has TCP_NODELAY on, read in the server.

A real JupyterLab (the harness's Lab, with bplab/ui/nodelay.py as run.py
lab starts it) gets a kernel and a websocket client on its channels;
once the kernel has answered over that websocket, the server's own end
of the connection is taken out of the server process (pidfd_getfd, by
its peer's port) and its TCP_NODELAY read. Without the extension the
same reading gives 0: tornado turns no-delay off after the handshake.
No browser is needed.
"""
import ctypes
import errno
import json
import os
import socket
import tempfile
import uuid

import pytest

from harness import Lab

websocket = pytest.importorskip("websocket")  # websocket-client
SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture


def server_end(pid, peer_port):
    """TCP_NODELAY of the socket in process `pid` whose peer is
    127.0.0.1:peer_port (None if it has none)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with open_fd(libc, pidfd, int(fd)) as sock:
                if sock is not None and sock.family == socket.AF_INET \
                        and sock.getpeername()[1] == peer_port:
                    return sock.getsockopt(socket.IPPROTO_TCP,
                                           socket.TCP_NODELAY)
    finally:
        os.close(pidfd)
    return None


class open_fd:
    """A copy of another process's file descriptor, as a socket (or None
    if it is no connected socket); closed on the way out."""

    def __init__(self, libc, pidfd, fd):
        self.libc, self.pidfd, self.fd = libc, pidfd, fd
        self.copy = self.sock = None

    def __enter__(self):
        copy = self.libc.syscall(SYS_PIDFD_GETFD, self.pidfd, self.fd, 0)
        if copy < 0:
            code = ctypes.get_errno()
            if code in (errno.EPERM, errno.ENOSYS, errno.EACCES):
                pytest.skip(f"this kernel refuses pidfd_getfd "
                            f"({errno.errorcode[code]}): cannot read the "
                            f"server's socket")
            return None  # the fd closed meanwhile
        self.copy = copy
        try:
            self.sock = socket.socket(fileno=copy)
            self.sock.getpeername()
        except OSError:
            self.sock = self.sock and self.sock.detach()
            return None
        return self.sock

    def __exit__(self, *exc):
        if isinstance(self.sock, socket.socket):
            self.sock.detach()
        if self.copy is not None:
            os.close(self.copy)


def kernel_info(ws):
    """Ask the kernel for its info over the websocket; wait for the
    reply (so the server's side of the websocket is open)."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "kernel_info_request",
                   "session": uuid.uuid4().hex, "username": "test",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": {},
        "channel": "shell", "buffers": []}))
    while True:
        message = json.loads(ws.recv())
        if message.get("parent_header", {}).get("msg_id") == msg_id and \
                message["header"]["msg_type"] == "kernel_info_reply":
            return message


def nodelay_of_kernel_websocket(nodelay):
    """TCP_NODELAY of the server's end of a kernel websocket, in a lab
    started with or without bplab's extension."""
    if not hasattr(os, "pidfd_open"):
        pytest.skip("needs Linux with pidfd_open (Python 3.9+)")
    with tempfile.TemporaryDirectory(prefix="bplab-nodelay-") as tmp:
        lab = Lab(tmp, tmp, nodelay=nodelay).start()
        try:
            kernel = lab.api("POST", "api/kernels")
            ws = websocket.create_connection(
                f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel['id']}"
                f"/channels?token={lab.token}", timeout=60)
            try:
                kernel_info(ws)
                return server_end(lab.process.pid,
                                  ws.sock.getsockname()[1])
            finally:
                ws.close()
        finally:
            assert lab.stop() == [], "the lab had to be killed"


def test_the_kernel_websocket_has_tcp_nodelay_in_the_server():
    assert nodelay_of_kernel_websocket(nodelay=True) == 1


def test_without_the_extension_tornado_leaves_it_off():
    assert nodelay_of_kernel_websocket(nodelay=False) == 0
