"""What lecture mode leaves out: Voila shows the prose and the views,
code hidden, so text written for code cells has no place there.

`run.py lecture` gives Voila this nbconvert preprocessor. From each
notebook it drops the Colab install cell and the sentence about it, and
the exercises (from the "Exercises" heading on: cells to fill in and
checks that would say "Not answered yet"). Those cells are not run
either. This module imports no ipywidgets.
"""
import re

from nbconvert.preprocessors import Preprocessor

# In both editions: notebooks/ and the Chinese notebooks/zh/.
EXERCISES = re.compile(r"^#{1,6}\s*(Exercises\b|练习)", re.M)
COLAB_CODE = "google.colab"
# Sentences about a code cell that lecture mode hides.
ABOUT_CODE = re.compile(r"^(The first code cell|(下面)?第一个代码单元格)"
                        r"[^\n]*Colab[^\n]*(\n[^\n]+)*", re.M)


class LectureCells(Preprocessor):
    """Leave out the cells and sentences written for code."""

    def preprocess(self, nb, resources):
        """nb without the Colab cell and the exercises."""
        kept = []
        for cell in nb.cells:
            if cell.cell_type == "code" and COLAB_CODE in cell.source:
                continue
            if cell.cell_type == "markdown":
                found = EXERCISES.search(cell.source)
                if found:
                    cell.source = cell.source[:found.start()].rstrip()
                    if cell.source:
                        kept.append(without_code_talk(cell))
                    break
                cell = without_code_talk(cell)
                if not cell.source.strip():
                    continue
            kept.append(cell)
        nb.cells = kept
        return nb, resources


def without_code_talk(cell):
    """A markdown cell without its sentence about the Colab cell."""
    cell.source = ABOUT_CODE.sub("", cell.source).rstrip()
    return cell
