"""Without Chromium the browser tests skip, and the run says why once,
at its top, not only as a row of s's."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_run_without_chromium_says_why_at_the_top(tmp_path):
    env = {**os.environ, "BPLAB_CHROMIUM": str(tmp_path / "no-chromium")}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         "tests/browser/test_lecture.py"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300)
    head = done.stdout.splitlines()[:6]
    said = [line for line in head if "will be skipped" in line]
    assert len(said) == 1, done.stdout[-2000:]
    assert "Chromium not found at" in said[0]
    assert done.stdout.count("will be skipped") == 1
    assert " skipped" in done.stdout.splitlines()[-1]
