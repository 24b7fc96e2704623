"""The Chinese README and the glossary: their commands, notebooks and
terms are checked like the English ones (the Chinese teacher's guide:
test_zh_teachers_guide.py)."""
import json
import re

import pytest

from test_classroom import ROOT, readme, run

README_ZH = ROOT / "README.zh-CN.md"
GLOSSARY = ROOT / "docs" / "glossary.md"
CHINESE = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
# The terms the Chinese edition must use (issue 12).
TERMS = ["正向传播", "反向传播", "损失", "残差", "梯度", "链式法则", "计算图",
         "局部导数", "自动微分", "学习率", "梯度下降", "有限差分", "相对误差"]


def text(path):
    return path.read_text(encoding="utf-8")


def prose(path):
    """The markdown of a notebook, as one text."""
    cells = json.loads(text(path))["cells"]
    return "\n".join("".join(c["source"]) for c in cells
                     if c["cell_type"] == "markdown")


def title(path):
    return prose(path).splitlines()[0][2:]


def glossary_rows():
    """[(english, chinese, symbol, [notebook links])] of the table."""
    rows = []
    for line in text(GLOSSARY).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.search(r"\]\(", cells[3]):
            links = re.findall(r"\]\(([^)]+)\)", cells[3])
            rows.append((*cells[:3], links))
    return rows


def test_both_readmes_link_each_other_and_the_glossary():
    assert "(README.zh-CN.md)" in readme()
    assert "(docs/glossary.md)" in readme()
    assert "(README.md)" in text(README_ZH)
    assert "(docs/glossary.md)" in text(README_ZH)


def test_the_chinese_readme_names_only_real_run_py_jobs():
    jobs = re.findall(r"python3 run\.py (\w+)", text(README_ZH))
    assert {"lab", "test", "lecture", "execute", "messages"} <= set(jobs)
    assert set(jobs) <= set(run.JOBS)


def test_the_chinese_readme_gives_the_english_test_command():
    for command in ("python3 run.py lab", "python3 run.py test"):
        assert re.search(rf"^    {re.escape(command)}$", text(README_ZH),
                         re.M)
        assert re.search(rf"^    {re.escape(command)}$", readme(), re.M)


def test_the_chinese_readmes_lecture_command_names_a_chinese_notebook():
    (line,) = re.findall(r"^    python3 run\.py lecture (\S+)$",
                         text(README_ZH), re.M)
    assert (ROOT / line).is_file() and line.startswith("notebooks/zh/")


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.name)
def test_the_chinese_readme_links_each_notebook_by_its_title(path):
    assert f"[{title(path)}](notebooks/zh/{path.name})" in text(README_ZH)


def test_the_chinese_readmes_badges_open_the_chinese_notebook_1():
    top = text(README_ZH)
    assert "blob/main/notebooks/zh/01_forward.ipynb)" in top
    assert "?labpath=notebooks/zh/01_forward.ipynb)" in top


def test_the_glossary_has_every_term_the_course_must_use():
    chinese = [row[1] for row in glossary_rows()]
    assert [term for term in TERMS if term not in chinese] == []
    assert len(chinese) == len(set(chinese))


def test_the_glossarys_links_lead_to_the_twin_notebooks():
    for english, chinese, symbol, links in glossary_rows():
        assert len(links) == 2, english
        en, zh = (GLOSSARY.parent / link for link in links)
        assert en.resolve().is_file() and zh.resolve().is_file(), links
        assert zh.resolve() == (ROOT / "notebooks" / "zh" / en.name), links


@pytest.mark.parametrize("row", glossary_rows(), ids=lambda r: r[0])
def test_each_term_first_appears_where_the_glossary_says(row):
    english, chinese, symbol, links = row
    first = (GLOSSARY.parent / links[1]).resolve()
    appears = [p for p in CHINESE if chinese in prose(p)]
    assert appears and appears[0] == first, (
        f"{chinese} first appears in {appears[:1]}")
    variants = re.split(r" / | \(|\)", english)
    english_prose = prose((GLOSSARY.parent / links[0]).resolve()).lower()
    assert any(v and v.lower() in english_prose for v in variants), english


def test_every_chinese_notebook_uses_the_words_of_the_glossary():
    """No other word for a term: 反向传播, not 逆向传播 or 后向传播."""
    others = ["逆向传播", "后向传播", "前向传播", "误差函数", "损失函数值",
              "偏差值", "步长因子", "数值微分", "自动求导"]
    for path in CHINESE:
        used = [word for word in others if word in prose(path)]
        assert used == [], f"{path.name}: {used}"


def test_ci_installs_a_font_for_the_chinese_text():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"apt-get install -y -qq chromium fonts-noto-cjk", ci)
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text()
    assert "apt-get install -y -qq fonts-noto-cjk" in workflow
