"""The teacher's guide: its links, commands, handout and mistakes list.

Apart from test_classroom.py because the learners' copy that the guide
tells teachers to make leaves the guide, and so this file, out.
"""
import re
import shlex
import subprocess
import zipfile

import pytest

from test_classroom import NOTEBOOKS, ROOT, cells, readme, run, source

GUIDE = ROOT / "docs" / "teachers_guide.md"


def guide():
    return GUIDE.read_text()


def test_the_guides_relative_links_lead_to_files_that_exist():
    links = re.findall(r"\]\(([^)\s]+)\)", guide())
    local = [link for link in links
             if not re.match(r"[a-z]+:|#", link)]
    assert len(local) >= 7  # six notebooks and solutions/ at least
    for link in local:
        target = (GUIDE.parent / link.split("#")[0]).resolve()
        assert target.exists(), link
        assert ROOT in target.parents, link


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_guide_links_each_notebook_by_its_title(path):
    title = source(cells(path)[0]).splitlines()[0]
    assert title.startswith("# ")
    assert f"[{title[2:]}](../notebooks/{path.name})" in guide()


def test_the_guide_names_only_real_run_py_jobs():
    jobs = re.findall(r"python3 run\.py (\w+)", guide())
    assert {"lab", "test", "lecture", "execute"} <= set(jobs)
    assert set(jobs) <= set(run.JOBS)
    assert "python3 run.py lecture" in readme()


def test_the_guides_handout_command_leaves_the_solutions_out(tmp_path):
    (line,) = [line.strip() for line in guide().splitlines()
               if line.strip().startswith("git archive")]
    command = shlex.split(line)
    out = command.index("-o") + 1
    command[out] = str(tmp_path / command[out])
    done = subprocess.run(command, cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(command[out]) as handout:
        names = handout.namelist()
        texts = {name: handout.read(name).decode("utf-8", "replace")
                 for name in names if name.endswith((".py", ".ipynb"))}
    assert "bplab/README.md" in names and "bplab/run.py" in names
    assert "bplab/tests/test_classroom.py" in names
    assert any(n.startswith("bplab/notebooks/") for n in names)
    assert not any(n.startswith("bplab/solutions/") for n in names)
    assert "bplab/docs/teachers_guide.md" not in names
    assert "bplab/docs/zh/teachers_guide.md" not in names
    reads_what_is_left_out = re.compile(
        r"^\s*(from|import)\s+solutions\b|[\"']solutions[\"']|"
        r"teachers_guide\.md", re.M)
    assert [n for n, text in texts.items()
            if reads_what_is_left_out.search(text)] == []


def exercise_mistakes():
    """{module name: {check name: [mistake description, ...]}}, read by
    calling every check_* with a `check` that records what it is given."""
    import importlib
    import inspect
    from bplab.checks import Verdict
    found = {}
    for path in sorted((ROOT / "bplab").glob("nb*/exercises.py")):
        module = importlib.import_module(
            f"bplab.{path.parent.name}.exercises")
        for name, function in vars(module).items():
            if not (name.startswith("check_") and callable(function)):
                continue
            seen = []

            def record(answer, expected, cases, mistakes=(), **kwargs):
                seen.extend(description for description, _ in mistakes)
                return Verdict(False, "recorded")

            required = [p for p in inspect.signature(
                function).parameters.values() if p.default is p.empty]
            original, module.check = module.check, record
            try:
                function(*[None] * len(required))
            finally:
                module.check = original
            found.setdefault(path.parent.name, {})[name] = list(
                dict.fromkeys(seen))
    return found


def test_the_guide_quotes_every_mistake_every_check_recognises():
    found = exercise_mistakes()
    assert found, "no exercise checks found in bplab/nb*/exercises.py"
    text = " ".join(guide().split())
    for module, checks in found.items():
        for name, mistakes in checks.items():
            assert f"`{name}`" in text, f"{module}.{name} is not in the guide"
            for mistake in mistakes:
                assert " ".join(mistake.split()) in text, (
                    f"{module}.{name}: {mistake!r} is not in the guide")
