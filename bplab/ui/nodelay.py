"""TCP_NODELAY on every kernel websocket, so no answer waits for an ACK.

Tornado turns no-delay off on a websocket's socket once the handshake
answer is written, and neither tornado nor jupyter_server turns it back
on. Nagle's algorithm then holds every message of a kernel's answer
after the first until the browser acknowledges that first one, which
the browser delays by some 40 ms: a slider's picture comes late.

    jupyter lab --ServerApp.jpserver_extensions='{"bplab.ui.nodelay": true}'
    voila --Voila.kernel_websocket_connection_class=\\
        bplab.ui.nodelay.NoDelayConnection

As a jupyter_server extension it wraps whatever connection class the
server uses; installed, etc/jupyter/jupyter_server_config.d/bplab.json
enables it. This module imports no ipywidgets.
"""
from jupyter_server.services.kernels.connection.channels import (
    ZMQChannelsWebsocketConnection)

SETTING = "kernel_websocket_connection_class"


class NoDelay:
    """Mixin for a kernel websocket connection: no-delay on at connect."""

    async def connect(self):
        """Turn Nagle's algorithm off on this websocket, then connect."""
        self.websocket_handler.set_nodelay(True)
        return await super().connect()


class NoDelayConnection(NoDelay, ZMQChannelsWebsocketConnection):
    """jupyter_server's usual kernel websocket connection, no-delay on."""


def no_delay(connection_class):
    """`connection_class` with no-delay on (itself if it already is)."""
    if issubclass(connection_class, NoDelay):
        return connection_class
    return type(f"NoDelay{connection_class.__name__}",
                (NoDelay, connection_class), {})


def _jupyter_server_extension_points():
    """Where jupyter_server finds this extension."""
    return [{"module": "bplab.ui.nodelay"}]


def _load_jupyter_server_extension(serverapp):
    """Give the server's kernel websockets no-delay."""
    settings = serverapp.web_app.settings
    settings[SETTING] = no_delay(
        settings.get(SETTING) or ZMQChannelsWebsocketConnection)
    serverapp.log.info("bplab: TCP_NODELAY on kernel websockets")
