"""Bring the Chinese notebooks' code back in step with the English.

    python -m tools.sync_zh [notebooks/zh/NN_name.ipynb ...]

A code cell of notebooks/zh/ whose code differs from its English twin's
(comments and the words in strings aside) is replaced by the English
code, with every comment and string the Chinese edition has translated
somewhere put back in Chinese. Then re-execute the notebooks it names:
`python3 run.py execute notebooks/zh/NN_name.ipynb`. New prose, and new
cells, still need a translator: it only says where they are.
"""
import io
import sys
import tokenize
from difflib import SequenceMatcher
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
WORDS = (tokenize.COMMENT, tokenize.STRING)


def tokens(code):
    """The tokens of a cell; IPython's %magic lines as comments."""
    lines = ["#" + line if line.lstrip().startswith("%") else line
             for line in code.split("\n")]
    return list(tokenize.generate_tokens(io.StringIO(
        "\n".join(lines)).readline))


def skeleton(code):
    return [t.string for t in tokens(code) if t.type not in WORDS
            and t.type not in (tokenize.NL, tokenize.NEWLINE)]


def translations(pairs):
    """{English comment or string: Chinese}, read off each pair of cells
    where their code matches (all of it, for cells in step)."""
    found = {}
    for english, chinese in pairs:
        en, zh = tokens(english), tokens(chinese)
        shape = [[WORD if t.type in WORDS else t.string for t in code]
                 for code in (en, zh)]
        blocks = SequenceMatcher(None, *shape, autojunk=False)
        for i, j, size in blocks.get_matching_blocks():
            found.update((a.string, b.string) for a, b in zip(
                en[i:i + size], zh[j:j + size])
                if a.type in WORDS and a.string != b.string)
    return found


WORD = object()  # any comment or string, in the shape of a cell


def translated(code, found):
    """`code` with each comment and string `found` has replaced."""
    lines = code.split("\n")
    for t in reversed([t for t in tokens(code)
                       if t.type in WORDS and t.string in found]):
        (row, start), (end_row, end) = t.start, t.end
        text = "\n".join(lines[row - 1:end_row])
        cut = len(text) - (len(lines[end_row - 1]) - end)
        new = text[:start] + found[t.string] + text[cut:]
        lines[row - 1:end_row] = new.split("\n")
    return "\n".join(lines)


def code_pairs(english, chinese):
    return [(a, b) for a, b in zip(english.cells, chinese.cells)
            if a.cell_type == "code"]


def sync(path, found):
    """Sync one Chinese notebook; the numbers of the code cells changed."""
    chinese = nbformat.read(path, as_version=4)
    english = nbformat.read(ROOT / "notebooks" / Path(path).name,
                            as_version=4)
    kinds = [[c.cell_type for c in nb.cells] for nb in (english, chinese)]
    if kinds[0] != kinds[1]:
        sys.exit(f"{path}: the cells are not those of the English "
                 "notebook; add or remove the Chinese cells first")
    changed = []
    for number, (a, b) in enumerate(code_pairs(english, chinese)):
        if skeleton(a.source) != skeleton(b.source):
            b.source = translated(a.source, found)
            b.outputs, b.execution_count = [], None
            changed.append(number)
    if changed:
        nbformat.write(chinese, path)
    return changed


def main(paths):
    paths = paths or sorted(str(p) for p in
                            (ROOT / "notebooks" / "zh").glob("*.ipynb"))
    found = {}
    for path in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")):
        english = nbformat.read(ROOT / "notebooks" / path.name, 4)
        found.update(translations(
            (a.source, b.source) for a, b in
            code_pairs(english, nbformat.read(path, 4))))
    for path in paths:
        changed = sync(path, found)
        if changed:
            print(f"{path}: code cells {changed} now follow the English; "
                  "re-execute it")


if __name__ == "__main__":
    main(sys.argv[1:])
