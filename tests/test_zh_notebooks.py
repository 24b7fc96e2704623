"""The Chinese edition, notebooks/zh/, keeps in step with the English.

Cell by cell: the same kinds of cells; the same code apart from comments,
the words inside strings and the language line; the same maths in the
prose; and outputs that show the same numbers.
"""
import html
import io
import json
import re
import string
import tokenize
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAIRS = [(path, ROOT / "notebooks" / "zh" / path.name) for path in ENGLISH]
IDS = [path.name for path in ENGLISH]
LANGUAGE = re.compile(r'^bplab\.set_language\("(\w+)"\)', re.M)
# A number as a learner reads it: 6, -0.8855, 3.8e-11; not the 1 of w1.
NUMBER = re.compile(r"(?<![A-Za-z_.\d])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
TEXT = re.compile(r"\\text\{[^{}]*\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def fields(literal):
    """The replacement fields of an f-string literal, without its words."""
    body = re.sub(r"^[A-Za-z]*('''|\"\"\"|'|\")", "", literal)[:-1]
    return [(name, spec, conversion) for _, name, spec, conversion
            in string.Formatter().parse(body.strip("'\"")) if name]


def skeleton(code):
    """The code's tokens, with comments dropped and strings' words blanked
    (an f-string keeps its {fields}); IPython's %magic lines as they are."""
    lines = [line if not line.lstrip().startswith("%") else "pass  # " +
             line for line in code.splitlines()]
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO(
            "\n".join(lines) + "\n").readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        if token.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", token.string).group().lower()
            tokens.append(("f", fields(token.string)) if "f" in prefix
                          else "STRING")
        elif getattr(tokenize, "FSTRING_MIDDLE", None) == token.type:
            continue
        else:
            tokens.append(token.string)
    return tokens


def output_texts(output):
    """What an output shows a reader, as text."""
    if output["output_type"] == "stream":
        return ["".join(output["text"])]
    if output["output_type"] == "error":
        return [output["ename"]]
    data = output.get("data", {})
    texts = []
    for kind in ("text/plain", "text/html", "text/markdown"):
        if kind in data:
            text = "".join(data[kind])
            if kind == "text/html":
                text = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(
                    r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)))
            texts.append(text)
    return texts


def shown(outputs):
    """The outputs, with the pieces of one stream joined: a kernel may
    send a print's text in one message or in two."""
    joined = []
    for output in outputs:
        if (output["output_type"] == "stream" and joined
                and joined[-1]["output_type"] == "stream"
                and joined[-1]["name"] == output["name"]):
            joined[-1] = {**joined[-1], "text": "".join(
                joined[-1]["text"]) + "".join(output["text"])}
        else:
            joined.append(output)
    return joined


def numbers(text):
    return [float(n) for n in NUMBER.findall(text)]


def maths(markdown):
    """The formulas of a markdown cell, with the words of \\text{} blanked."""
    return [" ".join(TEXT.sub(r"\\text{}", a or b).split())
            for a, b in MATH.findall(markdown)]


def test_every_notebook_has_a_chinese_twin_and_no_other():
    chinese = sorted(p.name for p in (ROOT / "notebooks" / "zh").glob(
        "*.ipynb"))
    assert chinese == IDS


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_the_twins_have_the_same_cells(english, chinese):
    kinds = [cell["cell_type"] for cell in cells(english)]
    assert [cell["cell_type"] for cell in cells(chinese)] == kinds


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_code_cells_differ_only_in_comments_words_and_language(
        english, chinese):
    en = [source(c) for c in cells(english) if c["cell_type"] == "code"]
    zh = [source(c) for c in cells(chinese) if c["cell_type"] == "code"]
    for number, (a, b) in enumerate(zip(en, zh)):
        assert skeleton(a) == skeleton(b), f"code cell {number}:\n{b}"
    chosen = [(i, LANGUAGE.findall(a), LANGUAGE.findall(b))
              for i, (a, b) in enumerate(zip(en, zh))
              if LANGUAGE.search(a) or LANGUAGE.search(b)]
    assert len(chosen) == 1, "one cell chooses the language"
    assert chosen[0][1:] == (["en"], ["zh"])


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_outputs_show_the_same_numbers(english, chinese):
    pairs = [(a, b) for a, b in zip(cells(english), cells(chinese))
             if a["cell_type"] == "code"]
    for number, (a, b) in enumerate(pairs):
        outputs_a, outputs_b = shown(a["outputs"]), shown(b["outputs"])
        assert len(outputs_a) == len(outputs_b), f"code cell {number}"
        for out_a, out_b in zip(outputs_a, outputs_b):
            assert out_a["output_type"] == out_b["output_type"]
            text_a, text_b = output_texts(out_a), output_texts(out_b)
            assert len(text_a) == len(text_b)
            for shown_a, shown_b in zip(text_a, text_b):
                assert numbers(shown_a) == numbers(shown_b), (
                    f"code cell {number}:\n{shown_a}\n---\n{shown_b}")


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_the_prose_has_the_same_maths(english, chinese):
    def formulas(path):
        return Counter(f for cell in cells(path) if cell["cell_type"] ==
                       "markdown" for f in maths(source(cell)))
    en, zh = formulas(english), formulas(chinese)
    assert en - zh == Counter() and zh - en == Counter(), (
        f"only English: {dict(en - zh)}; only Chinese: {dict(zh - en)}")


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_the_chinese_prose_is_chinese(english, chinese):
    for cell in cells(chinese):
        if cell["cell_type"] == "markdown":
            assert CJK.search(source(cell)), source(cell)


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_each_first_cell_links_to_its_twin(english, chinese):
    en, zh = source(cells(english)[0]), source(cells(chinese)[0])
    assert f"(zh/{english.name})" in en
    assert f"(../{english.name})" in zh
    badge = "https://colab.research.google.com/github/bplab-course/bplab/"
    assert f"{badge}blob/main/notebooks/zh/{english.name})" in zh
    assert f"?labpath=notebooks/zh/{english.name})" in zh


def test_the_parity_rules_catch_what_they_should():
    assert skeleton('print(f"loss: {loss:.4f}")  # the loss') == skeleton(
        'print(f"损失:{loss:.4f}")')
    assert skeleton('print(f"{a:.4f}")') != skeleton('print(f"{b:.4f}")')
    assert skeleton("x = 1") != skeleton("x = 2")
    assert numbers("第 0 步的损失:4.2602, w1=-0.8855") == [
        0, 4.2602, -0.8855]
    assert numbers("relative error: 3.8e-11, dW1") == [3.8e-11]
    assert maths(r"$$\text{relative error} = |a - n|$$ and $r^2$") == [
        r"\text{} = |a - n|", "r^2"]


def test_sync_brings_changed_english_code_into_the_chinese_twin(
        tmp_path, monkeypatch):
    """tools/sync_zh.py: an English code cell changes; the Chinese one
    takes the new code and keeps its Chinese comments and words."""
    import shutil

    import nbformat

    from tools import sync_zh
    (tmp_path / "notebooks" / "zh").mkdir(parents=True)
    name = "01_forward.ipynb"
    for folder in ("notebooks", "notebooks/zh"):
        shutil.copy(ROOT / folder / name, tmp_path / folder / name)
    monkeypatch.setattr(sync_zh, "ROOT", tmp_path)
    english = nbformat.read(tmp_path / "notebooks" / name, 4)
    cell = [c for c in english.cells if c.cell_type == "code"][1]
    cell.source = cell.source.replace(
        "loss = r**2                      # (3) the loss",
        "loss = r**2                      # (3) the loss\n"
        "half = loss / 2                  # (4) a new line")
    nbformat.write(english, tmp_path / "notebooks" / name)
    zh = tmp_path / "notebooks" / "zh" / name
    sync_zh.main([str(zh)])
    code = [c for c in nbformat.read(zh, 4).cells
            if c.cell_type == "code"][1]
    assert "half = loss / 2                  # (4) a new line" in (
        code.source)
    assert "# (3) 损失" in code.source and "# 数据点" in code.source
    assert skeleton(code.source) == skeleton(cell.source)
    assert code.outputs == []
    synced = zh.read_bytes()
    sync_zh.main([str(zh)])  # in step now: nothing more to do
    assert zh.read_bytes() == synced


@pytest.mark.parametrize("english, chinese", PAIRS, ids=IDS)
def test_lecture_mode_leaves_out_the_same_cells_of_both(english, chinese):
    """bplab/ui/lecture.py: the exercises and the Colab cell with its
    sentence go in the Chinese edition too; the same cells stay."""
    import nbformat

    from bplab.ui.lecture import LectureCells
    shown = [LectureCells().preprocess(nbformat.read(path, 4), {})[0]
             for path in (english, chinese)]
    assert [c.cell_type for c in shown[0].cells] == [
        c.cell_type for c in shown[1].cells]
    text = "\n".join(c.source for c in shown[1].cells)
    for written_for_code in ("## 练习", "google.colab", "第一个代码单元格",
                             "exercises.check_"):
        assert written_for_code not in text
