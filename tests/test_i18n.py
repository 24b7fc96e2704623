"""The words bplab shows: one gettext catalogue, English and Chinese.

A message in the code without its Chinese entry fails here, and so does a
Chinese entry whose numbers or {placeholders} are not its English one's.
"""
import re
import shutil
import string
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages import mofile, pofile
from babel.messages.extract import extract_from_dir

import bplab
from bplab import i18n
from bplab.nb1 import exercises as nb1

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "bplab" / "locale" / "zh" / "LC_MESSAGES" / "bplab.po"
MO = PO.with_suffix(".mo")
NUMBER = re.compile(r"(?<![A-Za-z_.\d])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    bplab.set_language("en")


def catalogue():
    with PO.open("rb") as po:
        return pofile.read_po(po)


def messages_in_the_code():
    """{message: "file:line"} of every _("...") in bplab/."""
    found = {}
    for name, line, message, _, _ in extract_from_dir(
            ROOT / "bplab", method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None}):
        for text in (message if isinstance(message, tuple) else [message]):
            if text:
                found.setdefault(text, f"{name}:{line}")
    return found


def placeholders(text):
    return sorted(name for _, name, spec, _ in string.Formatter().parse(
        text) if name is not None)


def test_english_is_the_default_and_zh_can_be_chosen():
    assert i18n.language() == "en"
    assert i18n._("loss") == "loss"
    bplab.set_language("zh")
    assert i18n.language() == "zh"
    bplab.set_language("en")
    assert i18n.language() == "en"


@pytest.mark.parametrize("language", ["fr", "ZH", "zh-TW", "", None, 1])
def test_an_unknown_language_is_refused_by_name(language):
    with pytest.raises(ValueError, match=r"en, zh.*" + re.escape(
            repr(language))):
        bplab.set_language(language)
    assert i18n.language() == "en"


def test_every_message_in_the_code_has_its_chinese_entry():
    entries = {m.id: m for m in catalogue() if m.id}
    missing = [f"{where}: {text!r}" for text, where in
               messages_in_the_code().items()
               if text not in entries or not entries[text].string
               or entries[text].fuzzy]
    assert missing == []


def test_chinese_entries_keep_the_numbers_and_placeholders():
    for message in catalogue():
        if not message.id or not message.string:
            continue
        assert placeholders(message.string) == placeholders(message.id), (
            message.id)
        assert sorted(NUMBER.findall(message.string)) == sorted(
            NUMBER.findall(message.id)), message.id
        assert CJK.search(message.string) or not re.search(
            "[A-Za-z]{3,}", message.id), message.id


def test_the_compiled_catalogue_is_the_po_file():
    compiled = BytesIO()
    mofile.write_mo(compiled, catalogue())
    compiled.seek(0)
    fresh = {m.id: m.string for m in mofile.read_mo(compiled) if m.id}
    with MO.open("rb") as mo:
        committed = {m.id: m.string for m in mofile.read_mo(mo) if m.id}
    assert committed == fresh, "run: python3 run.py messages"


def test_an_installed_bplab_has_its_catalogue(tmp_path):
    """A wheel built from a copy (no build/ left in the repository)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "bplab", source / "bplab",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    if (ROOT / "jupyter-config").is_dir():  # pyproject's data-files
        shutil.copytree(ROOT / "jupyter-config", source / "jupyter-config")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps",
         "--no-build-isolation", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("bplab-*.whl")
    assert "bplab/locale/zh/LC_MESSAGES/bplab.mo" in zipfile.ZipFile(
        wheel).namelist()


def verdicts(check, answer):
    """The verdict on `answer` in English and in Chinese."""
    english = check(answer)
    bplab.set_language("zh")
    return english, check(answer)


@pytest.mark.parametrize("check, answer, mistake", [
    (nb1.check_y_hat, lambda x, w1, w2, b: w2 * x**2 + w1 * x + b,
     "w1 和 w2 弄反了"),
    (nb1.check_loss, lambda x, y, w1, w2, b: w1 * x**2 + w2 * x + b - y,
     "r 没有平方"),
    (nb1.check_y_hat, lambda x, w1, w2, b: ..., None),
    (nb1.check_y_hat, lambda x, w1, w2, b: 1 / 0, None),
    (nb1.check_y_hat, lambda x, w1, w2, b: w1 * x**2 + w2 * x + b, None),
])
def test_a_check_says_the_same_in_chinese(check, answer, mistake):
    english, chinese = verdicts(check, answer)
    assert chinese.passed == english.passed
    assert chinese.mistake == english.mistake  # the English key
    assert CJK.search(chinese.message), chinese.message
    assert NUMBER.findall(chinese.message) == NUMBER.findall(
        english.message)
    if mistake:
        assert "可能的错误:" + mistake in chinese.message


def views():
    """(name, function, values) of every view, at a state with a story."""
    from bplab.nb1 import views as nb1
    from bplab.nb2 import views as nb2
    from bplab.nb3 import views as nb3
    from bplab.nb4 import views as nb4
    from bplab.nb5 import views as nb5
    from bplab.nb6 import views as nb6
    point = dict(x=1.5, y=-0.5, w1=0.5, w2=-1.0, b=2.0)
    slip = next(iter(list(nb2.FORMULAS)[3:]))
    return [("nb1.view", nb1.view, point), ("nb1.graph", nb1.graph, point),
            ("nb2.graph", nb2.graph, {**point, "step": 5}),
            ("nb2.graph@0", nb2.graph, {**point, "step": 0}),
            ("nb2.chain", nb2.chain, point),
            ("nb2.tangents", nb2.tangents, point),
            ("nb2.check", nb2.gradient_check, {**point, "formula": slip}),
            ("nb3.check", nb3.check_view, point),
            ("nb3.zero", nb3.check_view, {**point, "y": 1.25}),
            ("nb4.descent", nb4.descent_view,
             dict(w1=1.0, w2=2.0, b=2.0, lr=0.1, step=7)),
            ("nb4.diverged", nb4.descent_view,
             dict(w1=1.0, w2=2.0, b=2.0, lr=0.8, step=40)),
            ("nb4.growing", nb4.descent_view,
             dict(w1=1.0, w2=2.0, b=2.0, lr=0.52, step=3)),
            ("nb5.engine", nb5.engine_view, point),
            ("nb6.network", nb6.network_view, dict(hidden=4, lr=0.2)),
            ("nb6.diverged", nb6.network_view, dict(hidden=4, lr=0.6)),
            ("nb6.check", nb6.check_view, dict(hidden=3, seed=1))]


def words(html):
    """The text of a view, without its markup and styles."""
    html = re.sub(r"<(style|title)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


@pytest.mark.parametrize("name, view, values", views(),
                         ids=[v[0] for v in views()])
def test_a_view_in_chinese_shows_the_same_numbers(name, view, values):
    from bplab.draw.markup import quantities
    english = view(**values)
    bplab.set_language("zh")
    chinese = view(**values)
    assert quantities(chinese) == quantities(english)
    assert NUMBER.findall(words(chinese)) == NUMBER.findall(words(english))
    untranslated = set(re.findall(r"[A-Za-z_]{3,}", words(chinese)))
    assert untranslated <= SYMBOLS, name


# The English a Chinese view may keep: the symbols and code names of the
# maths, which the Chinese notebooks use too.
SYMBOLS = {"loss", "y_hat", "dloss", "dy_hat", "step", "backward", "grad",
           "manual", "torch", "numeric", "engine", "max", "_max", "rel_error",
           "log", "mean", "r_i", "x_i", "y_i", "reg", "Hessian"}
