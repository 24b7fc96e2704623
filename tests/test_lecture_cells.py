"""Lecture mode leaves out what was written for code: the exercises
(and so their "Not answered yet" checks) and the Colab cell with the
sentence about it; every other heading and view stays."""
import re
from pathlib import Path

import nbformat
import pytest

from bplab.ui.lecture import LectureCells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def lecture(path):
    notebook = nbformat.read(path, as_version=4)
    return LectureCells().preprocess(notebook, {})[0]


def headings(notebook):
    return [line for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if re.match(r"#+ ", line)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_lecture_has_no_exercises_and_no_colab_cell(path):
    full, shown = nbformat.read(path, as_version=4), lecture(path)
    text = "\n".join(cell.source for cell in shown.cells)
    assert "## Exercises" in "\n".join(c.source for c in full.cells)
    assert "## Exercises" not in text
    assert not re.search(r"exercises\.check_\w+\(", text)  # none runs
    assert "google.colab" not in text
    assert "first code cell" not in text
    assert headings(shown) == [h for h in headings(full)
                               if "Exercises" not in h]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_view_stays_in_the_lecture(path):
    full, shown = nbformat.read(path, as_version=4), lecture(path)
    views = [c.source for c in full.cells if c.cell_type == "code"
             and re.search(r"LiveView\(|_widget\(", c.source)
             and "exercises" not in c.source]
    assert views, "no view in the notebook"
    kept = [c.source for c in shown.cells]
    assert all(view in kept for view in views)
