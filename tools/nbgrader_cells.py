"""Give the exercise cells nbgrader's metadata; split answer and check.

    python3 -m tools.nbgrader_cells notebooks/01_forward.ipynb ...

Each exercise is an answer cell (the learner's stub, e.g. `def
y_hat(...): return ...`) and a check cell (`exercises.check_y_hat(
y_hat)`). The check cell becomes an autograder test cell (locked, one
point); the code cell before it that defines the answer an autograded
answer. Where both share one
cell, it is split in two, the check last, so that nbgrader can restore
the check while keeping the learner's answer. Cells already marked are
left as they are, so running it twice changes nothing. Re-execute the
notebooks it changed (python3 run.py execute ...).
"""
import re
import sys
from pathlib import Path

import nbformat

CHECK = re.compile(r"^exercises\.(check_\w+)\((\w+)\)$")
POINTS = 1


def check_call(cell):
    """(check name, answer name) if the cell ends in a check call."""
    if cell.cell_type != "code":
        return None
    lines = cell.source.rstrip().splitlines()
    found = CHECK.match(lines[-1].strip()) if lines else None
    return found.groups() if found else None


def nbgrader(grade_id, answer):
    """nbgrader's metadata of an autograded answer or of a test cell."""
    meta = {"grade": not answer, "grade_id": grade_id, "locked": not answer,
            "schema_version": 3, "solution": answer, "task": False}
    if not answer:
        meta["points"] = POINTS
    return meta


def split(cell):
    """(answer cell, check cell) from one cell that holds both."""
    lines = cell.source.rstrip().splitlines()
    answer = nbformat.v4.new_code_cell("\n".join(lines[:-1]).rstrip())
    test = nbformat.v4.new_code_cell(lines[-1])
    test.outputs = cell.outputs
    return answer, test


def mark(notebook, key):
    """Mark (and split) the exercises of a notebook; True if changed."""
    cells, changed = [], False
    for cell in notebook.cells:
        found = check_call(cell)
        if found is None or "nbgrader" in cell.metadata:
            cells.append(cell)
            continue
        check, name = found
        if cell.source.rstrip().count("\n"):
            answer, cell = split(cell)
            cells.append(answer)
        answer = next(c for c in reversed(cells) if c.cell_type == "code"
                      and re.search(rf"^(def {name}\(|{name} =)",
                                    c.source, re.M))
        answer.metadata["nbgrader"] = nbgrader(f"{key}-{name}", True)
        cell.metadata["nbgrader"] = nbgrader(f"{key}-{check}", False)
        changed = True
        cells.append(cell)
    notebook.cells = cells
    return changed


def key(path):
    """nb1 for notebooks/01_forward.ipynb."""
    return f"nb{int(Path(path).name[:2])}"


def main(paths):
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        if mark(notebook, key(path)):
            nbformat.write(notebook, path)
            print(f"marked {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
