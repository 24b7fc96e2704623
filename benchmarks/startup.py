"""Start-up and suite costs: `import bplab`, and strict nbval's wall time."""
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

IMPORT = """\
import json, sys, time
start = time.perf_counter()
import bplab
seconds = time.perf_counter() - start
print(json.dumps([seconds, "torch" in sys.modules]))
"""


def import_time(repeats=5):
    """Median seconds of `import bplab` in fresh interpreters, and
    whether that import pulled torch in."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", IMPORT], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    seconds = [s for s, _ in runs]
    return {"median_s": round(statistics.median(seconds), 4),
            "min_s": round(min(seconds), 4), "runs": len(runs),
            "torch_imported": any(torch for _, torch in runs)}


def nbval_suite(env=None):
    """Wall seconds of `pytest notebooks/` (strict nbval, the project's
    pytest settings), with its result line."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "notebooks/", "-q",
         "-p", "no:cacheprovider"], cwd=ROOT, env=env,
        capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines()
             if re.search(r"\d+ (passed|failed|error)", line)]
    return {"wall_s": round(seconds, 2), "exit_code": done.returncode,
            "result": lines[-1].strip("= ") if lines else
            done.stdout[-300:]}
