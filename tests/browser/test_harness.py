"""The harness's own parts that need no browser: stopping process trees,
reading shown numbers, and the tolerance a shown number allows."""
import subprocess
import sys

import psutil
import pytest

from expected import mismatches, tolerance
from harness import MINUS, number, stop_tree


def test_stop_tree_stops_a_process_and_its_children_by_pid():
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time; "
         "[subprocess.Popen([sys.executable, '-c', 'import time; "
         "time.sleep(60)']) for _ in range(2)]; time.sleep(60)"],
        start_new_session=True)
    try:
        tree = [parent.pid]
        while len(tree) < 3:
            tree = [parent.pid] + [p.pid for p in psutil.Process(
                parent.pid).children(recursive=True)]
        stop_tree(parent, timeout=5)
        alive = [pid for pid in tree if psutil.pid_exists(pid) and
                 psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
        assert alive == []
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.parametrize("text, value", [
    ("1.50", 1.5), (f"{MINUS}2.30", -2.3), ("-0.7500", -0.75),
    ("1e-5", 1e-5), (f"2.5e{MINUS}11", 2.5e-11)])
def test_numbers_read_as_the_page_prints_them(text, value):
    assert number(text) == value


def test_tolerance_is_half_the_last_shown_digit():
    assert tolerance("9.0000") == pytest.approx(5e-5, rel=1e-3)
    assert tolerance("12") == pytest.approx(0.5)
    assert tolerance("2.5e-11") == pytest.approx(5e-13)


def test_a_wrong_shown_number_is_named():
    expected = {"loss": 9.0, "r": 3.0}
    assert mismatches({"loss": "9.0000", "r": "3.0000"}, expected) == []
    wrong = mismatches({"loss": "9.0001", "r": "3.0000"}, expected)
    assert len(wrong) == 1 and wrong[0].startswith("loss:")
    assert "no bplab formula" in mismatches({"w9": "1.0"}, expected)[0]
