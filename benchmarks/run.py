"""Run the responsiveness benchmark; write JSON and a Markdown table.

    python3 run.py bench            the full run (a few minutes):
                                    benchmarks/results/latest.json, .md
    python3 run.py bench --short    a quick check that the harness works:
                                    few samples, no browser, no nbval
                                    suite; written to benchmarks/results/
                                    tmp/ unless --out says otherwise

Absolute times on a shared machine are noisy; the ratios to the naive
baseline, measured in the same run and the same way, are what count.
"""
import argparse
import datetime
import importlib.metadata
import json
import logging
import os
import platform
import sys
from pathlib import Path

from . import browser, notebooks, startup
from .report import markdown, targets

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FULL = dict(samples=200, naive_samples=100, browser_samples=40, repeats=7)
SHORT = dict(samples=10, naive_samples=5, browser_samples=0, repeats=1)


def machine():
    """Cores, CPU model, memory, GPU, Python and torch of this machine."""
    info = {"cpus": os.cpu_count(), "cpu": platform.processor() or "?",
            "python": platform.python_version(),
            "torch": _version("torch"), "gpu": "none"}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = int(meminfo.read_text().split()[1])  # MemTotal, kB
        info["memory_gib"] = round(total / 2**20, 1)
    if any(Path("/dev").glob("nvidia[0-9]*")):
        info["gpu"] = "NVIDIA (not used: torch runs on the CPU here)"
    return info


def _version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python3 run.py bench", description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true",
                        help="few samples, no browser, no nbval suite")
    parser.add_argument("--samples", type=int,
                        help="slider changes per view in the kernel")
    parser.add_argument("--naive-samples", type=int)
    parser.add_argument("--browser-samples", type=int,
                        help="key presses per view in the browser (0: none)")
    parser.add_argument("--no-suite", action="store_true",
                        help="skip timing the strict nbval suite")
    parser.add_argument("--notebooks", nargs="*",
                        help="notebook numbers to run, e.g. 01 03 "
                        "(default: all)")
    parser.add_argument("--folder", type=Path, default=ROOT / "notebooks",
                        help="where the notebooks are (default: notebooks/)")
    parser.add_argument("--out", type=Path,
                        help="folder for latest.json and latest.md")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for name, value in (SHORT if args.short else FULL).items():
        if getattr(args, name, None) is None:
            setattr(args, name, value)
    if args.out is None:
        args.out = RESULTS / "tmp" if args.short else RESULTS
    return args


def chosen(folder, numbers):
    paths = sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if not numbers or p.name[:2] in numbers]


def log(message):
    print(message, file=sys.stderr, flush=True)


def bench(args):
    """Every measurement, as one dict (see report.py for the fields)."""
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"),
        "machine": machine(), "mode": "short" if args.short else "full",
        "settings": {k: getattr(args, k) for k in (
            "samples", "naive_samples", "browser_samples", "seed")}}
    log("import bplab ...")
    result["import_bplab"] = startup.import_time(args.repeats)
    result["notebooks"] = []
    for path in chosen(args.folder, args.notebooks):
        log(f"kernel: {path.name} ...")
        result["notebooks"].append(notebooks.run(
            path, args.samples, args.naive_samples, args.seed))
    if args.browser_samples > 0:
        result["browser"] = browser.run(args.browser_samples, args.folder,
                                        args.notebooks, log)
    else:
        result["browser"] = {"skipped": "no browser samples asked for"}
    if args.short or args.no_suite:
        result["nbval_suite"] = {"skipped": "not asked for"}
    else:
        log("strict nbval suite (pytest notebooks/) ...")
        result["nbval_suite"] = startup.nbval_suite()
    result["targets"] = targets(result)
    return result


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    # nbclient's kernel shutdown can leave tornado logging a closed
    # socket's traceback: noise, not a benchmark failure.
    logging.getLogger("tornado").setLevel(logging.CRITICAL)
    result = bench(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(result, indent=1)
                                          + "\n")
    table = markdown(result)
    (args.out / "latest.md").write_text(table)
    print(table)
    log(f"written: {args.out / 'latest.json'}, {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
