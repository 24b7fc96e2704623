""""Render with Voila" inside JupyterLab (the toolbar button opens
/voila/render/NOTEBOOK) gives the whole page, as run.py lab serves it:
Voila's image inlining would otherwise choke on the lab's async contents
manager and hang. No browser is needed: the page is streamed over HTTP.
"""
import tempfile
import urllib.request
from pathlib import Path

import pytest

from harness import FOLDER, Lab


def render(lab, name, timeout=180):
    """The page /voila/render/name sends, in full."""
    request = urllib.request.Request(
        lab.url(f"voila/render/{name}"), method="GET")
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.status, answer.read().decode()


@pytest.mark.parametrize("name", ["01_forward.ipynb"])
def test_render_with_voila_from_the_lab_gives_the_whole_page(name):
    with tempfile.TemporaryDirectory(prefix="bplab-voila-") as tmp:
        lab = Lab(FOLDER, tmp).start()
        try:
            status, page = render(lab, name)
            log = Path(lab.log).read_text()
        finally:
            assert lab.stop() == [], "the lab had to be killed"
    assert status == 200
    assert "Forward propagation" in page
    assert "application/vnd.jupyter.widget-view+json" in page  # views ran
    assert "not subscriptable" not in log and "Traceback" not in page
