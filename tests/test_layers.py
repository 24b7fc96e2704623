"""The package's layers point one way: maths <- draw <- ui <- nbN.

Read from the source with `ast`, so an import inside a function counts
as much as one at the top of a module.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bplab"
RANK = {"maths": 0, "draw": 1, "ui": 2, "nb": 3}
WIDGETS = {"ipywidgets", "traitlets"}


def layer(module):
    """'bplab.draw.plot' -> 'draw'; the top-level modules are the maths."""
    part = (module.split(".") + [""])[1]
    if part in ("draw", "ui"):
        return part
    return "nb" if part.startswith("nb") and part[2:].isdigit() else "maths"


def imported(module, source):
    """Every module `source` (of `module`) imports, made absolute."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) -
                                          node.level + 1]
                target = ".".join(base + [node.module] * bool(node.module))
            else:
                target = node.module
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def wrong_imports(module, source):
    """What `module` imports against the direction of the layers."""
    here = layer(module)
    found = []
    for target in imported(module, source):
        top = target.split(".")[0]
        if top in WIDGETS and here != "ui":
            found.append(f"{module} ({here}) imports {target}")
        if top != "bplab" or target.count(".") == 0:
            continue
        there = layer(target)
        if RANK[there] > RANK[here]:
            found.append(f"{module} ({here}) imports {target} ({there})")
        elif here == there == "nb" and target.split(".")[1] not in (
                module.split(".")[1], "nb1"):
            found.append(f"{module} imports another notebook's {target}")
    return found


def name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts)  # bplab.ui.__init__ keeps its package


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_layer_folder():
    folders = {p.parent.relative_to(PACKAGE).as_posix() for p in MODULES}
    unknown = {f for f in folders - {".", "draw", "ui"}
               if not (f.startswith("nb") and f[2:].isdigit())}
    assert not unknown, f"folders outside the layers: {unknown}"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_imports_point_down_the_layers(path):
    assert wrong_imports(name(path), path.read_text()) == []


@pytest.mark.parametrize("module, source", [
    ("bplab.model", "from .ui.liveview import LiveView"),
    ("bplab.model", "from .draw import plot"),
    ("bplab.draw.plot", "import ipywidgets as widgets"),
    ("bplab.draw.plot", "def f():\n    from ..ui import controls"),
    ("bplab.nb3.views", "from ..nb4.views import run"),
    ("bplab.nb2.views", "import traitlets"),
])
def test_the_guard_catches_an_import_against_the_layers(module, source):
    assert wrong_imports(module, source)


@pytest.mark.parametrize("module, source", [
    ("bplab.nb2.views", "from ..nb1.views import nodes"),
    ("bplab.nb2.views", "from ..ui.controls import StepPlayer"),
    ("bplab.ui.liveview", "import ipywidgets as widgets"),
    ("bplab.draw.plot", "from ..results import fmt"),
])
def test_the_guard_lets_a_downward_import_pass(module, source):
    assert wrong_imports(module, source) == []
