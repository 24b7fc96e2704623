"""Voila's image inlining, working inside JupyterLab too.

Voila inlines a markdown image by asking the contents manager for the
file; JupyterLab's contents manager is async, so Voila gets coroutines
back ("'coroutine' object is not subscriptable") and "Render with
Voila" hangs. This renderer reads a local image from disk under the
manager's root and leaves web images (the badges) as links.

    --VoilaExporter.markdown_renderer_class=\\
        bplab.ui.voila_images.MarkdownRenderer
"""
import base64
import inspect
import mimetypes
from pathlib import Path

from voila.exporter import VoilaMarkdownRenderer


class MarkdownRenderer(VoilaMarkdownRenderer):
    """Images inlined with a sync or an async contents manager."""

    def image(self, text, url, title=None):
        """An <img>, its src inlined if it is a local file."""
        manager = self.contents_manager
        if not inspect.iscoroutinefunction(manager.get):
            return super().image(text, url, title)
        return super(VoilaMarkdownRenderer, self).image(
            text, inlined(Path(manager.root_dir), url), title)


def inlined(root, url):
    """A data: URL of the image file at `url` under `root`, or `url`."""
    if "://" in url or url.startswith("data:"):
        return url
    path = (root / url).resolve()
    if not path.is_file() or root.resolve() not in path.parents:
        return url
    mime = mimetypes.guess_type(path.name)[0] or "image/png"
    data = base64.b64encode(path.read_bytes()).decode()
    return f"data:{mime};base64,{data}"
