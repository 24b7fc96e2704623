"""Graded exercises: nbgrader's metadata on every exercise, checks that
raise only under nbgrader, and nbgrader itself grading three simulated
submissions of notebook 1 end to end (deploy/nbgrader_config.py)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bplab import checks
from bplab.nb1 import exercises
from tools import nbgrader_cells

ROOT = Path(__file__).resolve().parents[1]
# Notebook 7's exercise takes a model the learner chooses, so it has no
# one answer for nbgrader to hold it to; notebooks 1-6 are graded.
NOTEBOOKS = [p for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))
             if p.name[:2] != "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_check_is_a_test_cell_after_its_answer(path):
    notebook = nbformat.read(path, as_version=4)
    assert not nbgrader_cells.mark(notebook, nbgrader_cells.key(path))
    cells = notebook.cells
    tests = [k for k, c in enumerate(cells) if nbgrader_cells.check_call(c)]
    assert len(tests) >= 2
    for k in tests:
        name = nbgrader_cells.check_call(cells[k])[1]
        answer = next(c for c in reversed(cells[:k])
                      if c.cell_type == "code" and name in c.source)
        assert f"def {name}(" in answer.source or (
            f"{name} = ..." in answer.source)  # the stub defines it
        test = cells[k].metadata["nbgrader"]
        assert test["grade"] and test["locked"] and test["points"] == 1
        assert answer.metadata["nbgrader"]["solution"]
        assert not answer.metadata["nbgrader"]["locked"]
        assert cells[k].source.startswith("exercises.check_")
    ids = [c.metadata["nbgrader"]["grade_id"] for c in cells
           if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))


def stub(x, w1, w2, b):
    return ...


def swapped(x, w1, w2, b):
    return w2 * x**2 + w1 * x + b


def test_a_check_raises_only_while_nbgrader_runs(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not exercises.check_y_hat(swapped).passed
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="w1 and w2 swapped"):
        exercises.check_y_hat(swapped)
    with pytest.raises(AssertionError, match="Not answered yet"):
        exercises.check_y_hat(stub)
    assert exercises.check_y_hat(lambda x, w1, w2, b:
                                 w1 * x**2 + w2 * x + b).passed
    assert checks.graded(checks.Verdict(True, "fine")).passed


RIGHT = {"y_hat": "w1 * x**2 + w2 * x + b",
         "loss": "(w1 * x**2 + w2 * x + b - y)**2",
         "b_for_zero_loss": "-1.0"}
WRONG_Y_HAT = {**RIGHT, "y_hat": "w2 * x**2 + w1 * x + b"}


def answered(notebook, answers):
    """A copy of the released notebook with the stubs filled in."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        name = grade_id.removeprefix("nb1-")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            if name == "b_for_zero_loss":
                cell.source = cell.source.replace(
                    "= ...", f"= {answers[name]}")
            else:
                cell.source = cell.source.replace(
                    "return ...", f"return {answers[name]}")
    return notebook


def nbgrader(course, *args):
    """An nbgrader command in the course folder, this environment's bin/
    first on PATH (nbgrader runs alembic from there)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           "--force"], cwd=course, capture_output=True,
                          text=True, timeout=600,
                          env={**os.environ, "PATH": path})
    assert done.returncode == 0, done.stdout + done.stderr


def test_nbgrader_grades_right_wrong_and_unanswered_submissions(tmp_path):
    course = tmp_path / "course"
    (course / "source" / "nb1").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "nbgrader_config.py", course)
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f"c.CourseDirectory.root = {str(course)!r}\n")
    shutil.copy(NOTEBOOKS[0], course / "source" / "nb1")
    nbgrader(course, "generate_assignment", "nb1")
    released = nbformat.read(course / "release" / "nb1" / NOTEBOOKS[0].name,
                             as_version=4)
    archive = course / "downloaded" / "nb1" / "archive"
    archive.mkdir(parents=True)
    for student, notebook in [("ada", answered(released, RIGHT)),
                              ("ben", answered(released, WRONG_Y_HAT)),
                              ("cy", released)]:
        nbformat.write(notebook, archive / f"{student}_{NOTEBOOKS[0].name}")
    nbgrader(course, "zip_collect", "nb1")
    nbgrader(course, "autograde", "nb1")
    nbgrader(course, "generate_feedback", "nb1")

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission("nb1", s).score
                  for s in ("ada", "ben", "cy")}
        maximum = gradebook.find_assignment("nb1").max_score
    assert maximum == 3
    assert scores == {"ada": 3, "ben": 2, "cy": 0}
    feedback = {s: (course / "feedback" / s / "nb1" / "01_forward.html")
                .read_text() for s in scores}
    assert "Likely mistake: w1 and w2 swapped" in feedback["ben"]
    assert feedback["cy"].count("Not answered yet") >= 3
    assert "✓ Correct on all" in feedback["ada"]
