"""The Chinese teacher's guide, checked like the English one: links,
commands, handout, and the mistakes quoted as the Chinese edition shows
them. (Left out of the learners' copy, like test_teachers_guide.py.)"""
import re
import shlex
import subprocess
import zipfile

import pytest

import bplab
from bplab import i18n
from test_classroom import ROOT, run
from test_teachers_guide import exercise_mistakes
from test_zh_docs import CHINESE, README_ZH, text, title

GUIDE = ROOT / "docs" / "zh" / "teachers_guide.md"
ENGLISH_GUIDE = ROOT / "docs" / "teachers_guide.md"


def guide():
    return text(GUIDE)


def local_links(path):
    links = re.findall(r"\]\(([^)\s]+)\)", text(path))
    return [link for link in links if not re.match(r"[a-z]+:|#", link)]


@pytest.mark.parametrize("path", [GUIDE, README_ZH, ENGLISH_GUIDE],
                         ids=lambda p: p.name)
def test_relative_links_lead_to_files_that_exist(path):
    links = local_links(path)
    assert len(links) >= 3
    for link in links:
        target = (path.parent / link.split("#")[0]).resolve()
        assert target.exists(), link
        assert ROOT in target.parents, link


def test_the_guides_link_each_other_and_the_readme_links_the_guide():
    assert "(../teachers_guide.md)" in guide()
    assert "(zh/teachers_guide.md)" in text(ENGLISH_GUIDE)
    assert "(docs/zh/teachers_guide.md)" in text(README_ZH)


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.name)
def test_the_guide_links_each_chinese_notebook_by_its_title(path):
    assert f"[{title(path)}](../../notebooks/zh/{path.name})" in guide()


def test_the_guide_names_only_real_run_py_jobs():
    jobs = re.findall(r"python3 run\.py (\w+)", guide())
    assert {"lab", "test", "lecture", "execute"} <= set(jobs)
    assert set(jobs) <= set(run.JOBS)
    (notebook,) = re.findall(r"python3 run\.py lecture (\S+)", guide())
    assert (ROOT / notebook).is_file()


def handout_line(path):
    (line,) = [line.strip() for line in text(path).splitlines()
               if line.strip().startswith("git archive")]
    return line


def test_both_guides_hand_out_the_same_way():
    assert handout_line(GUIDE) == handout_line(ENGLISH_GUIDE)


def test_the_handout_leaves_both_guides_and_the_solutions_out(tmp_path):
    command = shlex.split(handout_line(GUIDE))
    out = command.index("-o") + 1
    command[out] = str(tmp_path / command[out])
    done = subprocess.run(command, cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    names = zipfile.ZipFile(command[out]).namelist()
    assert "bplab/README.zh-CN.md" in names
    assert any(n.startswith("bplab/notebooks/zh/") for n in names)
    for secret in ("docs/teachers_guide.md", "docs/zh/teachers_guide.md",
                   "tests/test_zh_teachers_guide.py"):
        assert f"bplab/{secret}" not in names
    assert not any(n.startswith("bplab/solutions/") for n in names)
def test_the_guide_quotes_every_mistake_as_the_chinese_edition_shows_it():
    bplab.set_language("zh")
    try:
        shown = {check: [i18n._(m) for m in mistakes]
                 for checks in exercise_mistakes().values()
                 for check, mistakes in checks.items()}
    finally:
        bplab.set_language("en")
    body = " ".join(guide().split())
    for check, mistakes in shown.items():
        assert f"`{check}`" in body, check
        for mistake in mistakes:
            assert " ".join(mistake.split()) in body, (check, mistake)
