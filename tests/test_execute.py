"""`run.py execute` stores what a clean run shows, and nothing that
changes from run to run: re-running unchanged code gives the same bytes."""
import json
from pathlib import Path

import nbformat
import pytest

from tools.execute import WIDGET_VIEW, execute

ROOT = Path(__file__).resolve().parents[1]
CODE = """\
import time
from bplab.nb1 import views
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView
time.sleep(0.01)
LiveView(views.view, model_sliders())"""

# Two stdout messages, however fast the machine: flushed, then a pause.
STREAM = "print('a', flush=True)\ntime.sleep(0.3)\nprint('b')"


def throwaway(path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A view"),
        nbformat.v4.new_code_cell(CODE), nbformat.v4.new_code_cell("6"),
        nbformat.v4.new_code_cell(STREAM)])
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)",
        "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_executing_twice_gives_the_same_bytes(tmp_path):
    path = throwaway(tmp_path / "view.ipynb")
    execute(str(path))
    first = path.read_bytes()
    execute(str(path))
    assert path.read_bytes() == first
    cells = json.loads(first)["cells"]
    view = cells[1]["outputs"][0]["data"]
    assert WIDGET_VIEW not in view
    assert 'class="bplab' in "".join(view["text/html"]) or \
        "<svg" in "".join(view["text/html"])
    assert "".join(cells[2]["outputs"][0]["data"]["text/plain"]) == "6"
    assert [(o["name"], "".join(o["text"])) for o in cells[3]["outputs"]] \
        == [("stdout", "a\nb\n")]


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob(
    "*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_hold_no_timestamps_or_widget_state(path):
    notebook = json.loads(path.read_text())
    assert "widgets" not in notebook["metadata"]
    for cell in notebook["cells"]:
        assert "execution" not in cell["metadata"]
        for output in cell.get("outputs", []):
            assert WIDGET_VIEW not in output.get("data", {})
