"""A class on one JupyterHub: how responsive a live notebook stays.

    python3 run.py classroom            N = 1, 5, 10, 20, 40 learners, then
                                        upward until the machine saturates;
                                        benchmarks/results/classroom.*
    python3 run.py classroom --short    N = 2 for a few seconds, a check
                                        that it works (results/tmp/)
    --sizes 1,5  --seconds 25  --out FOLDER  --before

For each N, on one real hub (benchmarks/hub.py: the shipped config with
a test-only login and spawner), N learners (benchmarks/learner.py) log
in at once, start their servers, take the course by its nbgitpuller
link, open notebook 1 or 4 (alternating) and run it. When all of them
run, each moves the first slider of the notebook's first view 5 times
a second for `--seconds`, over the kernel's websocket as JupyterLab
does. Measured: slider change to the view's new HTML back (p50, p90,
p99), changes dropped, learners failed, login to running notebook, and
memory per learner (USS and PSS, server and kernel; RSS for
comparison). `--before` runs the servers without the memory settings
of deploy/jupyterhub_config.py (Spawner.environment), to compare.
"""
import argparse
import asyncio
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

from .hub import Hub, course_repo
from .learner import Learner
from .run import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
NOTEBOOKS = ("01_forward.ipynb", "04_gradient_descent.ipynb")
SIZES, MORE = (1, 5, 10, 20, 40), 20  # then 60, 80, ... while they pass
P90_MS = 80.0  # the target a live view must keep
RESERVE_GIB = 2.0  # memory left free for the hub, the system and others
MIB = 2**20


async def take_part(learner, repo, notebook):
    """Log in, start, pull the course, open and run a notebook; seconds."""
    start = time.perf_counter()
    await learner.login()
    await learner.start_server()
    await learner.pull_course(repo)
    await learner.open_notebook(f"bplab-course/notebooks/{notebook}")
    await learner.run_all()
    return time.perf_counter() - start


async def lesson(hub, repo, n, seconds):
    """N learners at once: ready times, slider runs, errors; memory."""
    learners = [Learner(hub.url, f"n{n:03d}-learner{k:03d}", hub.token)
                for k in range(n)]
    notebooks = [NOTEBOOKS[k % 2] for k in range(n)]
    ready = await asyncio.gather(*[
        take_part(learner, repo.as_uri(), notebook)
        for learner, notebook in zip(learners, notebooks)],
        return_exceptions=True)
    going = [k for k, r in enumerate(ready) if not isinstance(r, Exception)]
    load_before = os.getloadavg()[0]
    psutil.cpu_percent()
    used, start = cpu_seconds(hub), time.perf_counter()
    moves = await asyncio.gather(*[learners[k].move_slider(seconds)
                                   for k in going], return_exceptions=True)
    cores = (cpu_seconds(hub, used) / (time.perf_counter() - start))
    cpu = psutil.cpu_percent()
    memory = await asyncio.to_thread(measure_memory, hub, learners,
                                     notebooks)
    await asyncio.gather(*[learner.close() for learner in learners])
    failures = [f"{learners[k].name}: {r}" for k, r in enumerate(ready)
                if isinstance(r, Exception)]
    failures += [f"{learners[k].name}: {m}" for k, m in zip(going, moves)
                 if isinstance(m, Exception)]
    failures += [f"{learner.name}: {e}" for learner in learners
                 for e in learner.errors]
    moved = [m for m in moves if not isinstance(m, Exception)]
    times = [t for learner in learners for t in learner.times_ms]
    return {
        "n": n, "seconds": seconds, "failed": len(failures),
        "failures": failures[:5],
        "sent": sum(m["sent"] for m in moved),
        "shown": sum(m["shown"] for m in moved),
        "dropped": sum(m["dropped"] for m in moved),
        **percentiles(times),
        "ready_s": summary_s([r for r in ready
                              if not isinstance(r, Exception)]),
        "load_1min": [round(load_before, 2),
                      round(os.getloadavg()[0], 2)],
        "cpu_percent": cpu, "memory": memory,
        "cores_used": round(cores, 3),
        "cores_per_learner": round(cores / max(len(going), 1), 4)}


def cpu_seconds(hub, since=None):
    """CPU seconds the hub's process tree (hub, proxy, servers, kernels)
    used; with `since` (an earlier reading), those used since then."""
    now = {}
    for process in [psutil.Process(hub.process.pid),
                    *psutil.Process(hub.process.pid).children(True)]:
        try:
            times = process.cpu_times()
            now[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    if since is None:
        return now
    return sum(t - since.get(pid, 0.0) for pid, t in now.items())


def percentiles(times):
    if not times:
        return {"p50_ms": None, "p90_ms": None, "p99_ms": None}
    p50, p90, p99 = np.percentile(times, [50, 90, 99])
    return {"p50_ms": round(p50, 1), "p90_ms": round(p90, 1),
            "p99_ms": round(p99, 1)}


def summary_s(seconds):
    if not seconds:
        return {"p50": None, "max": None}
    return {"p50": round(float(np.median(seconds)), 1),
            "max": round(max(seconds), 1)}


def footprint(process):
    """USS, PSS and RSS of one process, in MiB."""
    info = process.memory_full_info()
    return {key: getattr(info, key) / MIB for key in ("uss", "pss", "rss")}


def measure_memory(hub, learners, notebooks):
    """Mean MiB per learner: their server, their kernel, both; by the
    notebook the kernel runs. The hub and proxy once, beside them."""
    pids = hub.pids()
    rows = []
    for learner, notebook in zip(learners, notebooks):
        try:
            server = psutil.Process(pids[learner.name])
            kernels = server.children(recursive=True)
            row = {"notebook": notebook[:2], "server": footprint(server),
                   "kernel": {k: sum(footprint(p)[k] for p in kernels)
                              for k in ("uss", "pss", "rss")}}
        except (KeyError, psutil.Error):
            continue
        row["learner"] = {k: row["server"][k] + row["kernel"][k]
                          for k in ("uss", "pss", "rss")}
        rows.append(row)
    hub_tree = [psutil.Process(hub.process.pid)]
    hub_tree += [p for p in hub_tree[0].children()
                 if p.pid not in pids.values()]
    shared = {k: round(sum(footprint(p)[k] for p in hub_tree), 1)
              for k in ("uss", "pss", "rss")}
    return {"per_learner": mean_of(rows, "learner"),
            "server": mean_of(rows, "server"),
            "kernel_01": mean_of([r for r in rows if r["notebook"] == "01"],
                                 "kernel"),
            "kernel_04": mean_of([r for r in rows if r["notebook"] == "04"],
                                 "kernel"),
            "hub_and_proxy": shared, "measured": len(rows)}


def mean_of(rows, part):
    if not rows:
        return None
    return {k: round(float(np.mean([r[part][k] for r in rows])), 1)
            for k in ("uss", "pss", "rss")}


def dismiss(hub, n):
    """Stop every server of the size-n class; wait until they are gone."""
    pids = hub.pids()
    for name in pids:
        hub.api("DELETE", f"/users/{name}/server")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and any(
            psutil.pid_exists(pid) for pid in pids.values()):
        time.sleep(0.5)


def passes(result):
    """p90 within the target, nothing failed, nothing dropped."""
    return (result["failed"] == 0 and result["dropped"] == 0
            and result["p90_ms"] is not None
            and result["p90_ms"] <= P90_MS)


def room_for(result):
    """How many more learners this machine's free memory would hold."""
    per = (result["memory"]["per_learner"] or {}).get("uss") or 1
    free = psutil.virtual_memory().available / MIB - RESERVE_GIB * 1024
    return int(free // per)


def run(sizes, seconds, folder, before=False, upward=True, log=print):
    """Every class size in turn on one hub, then upward while they pass;
    stops where learners fail or memory runs out."""
    environment = {} if before else None
    results = []
    with Hub(folder, environment=environment) as hub:
        repo = course_repo(folder)
        queue = list(sizes)
        while queue:
            n = queue.pop(0)
            log(f"classroom: {n} learners ...")
            result = asyncio.run(lesson(hub, repo, n, seconds))
            log(f"  p50/p90/p99 {result['p50_ms']}/{result['p90_ms']}/"
                f"{result['p99_ms']} ms, failed {result['failed']}, "
                f"dropped {result['dropped']}, ready p50 "
                f"{result['ready_s']['p50']} s, per learner "
                f"{result['memory']['per_learner']} MiB")
            results.append(result)
            dismiss(hub, n)
            if result["failed"]:
                break  # saturated: learners could not even take part
            if queue and room_for(result) < queue[0]:
                log(f"classroom: no memory left for {queue[0]}; stop")
                break
            if upward and not queue and passes(result) and (
                    room_for(result) >= n + MORE):
                queue.append(n + MORE)
    return results


def node_estimate(results, cores=16, memory_gib=64):
    """What this run extrapolates to on a node of `cores` and
    `memory_gib`: by CPU, linear in cores from the largest class that
    passed here (None if none did), and from the CPU time a learner used
    with the cores half busy; by memory, from the largest USS per
    learner; `learners`, the smaller of the CPU-time and memory bounds."""
    measured = [r for r in results if r["memory"]["per_learner"]
                and r.get("cores_per_learner")]
    if not measured:
        return None
    good = [r["n"] for r in results if passes(r)]
    per_core = max(r["cores_per_learner"] for r in measured)
    per_mib = max(r["memory"]["per_learner"]["uss"] for r in measured)
    by_cpu_time = int(cores * 0.5 // per_core)
    by_memory = int((memory_gib - RESERVE_GIB) * 1024 // per_mib)
    return {"cores": cores, "memory_gib": memory_gib,
            "largest_here": max(good, default=None),
            "by_cpu": (max(good) * cores // (os.cpu_count() or 1)
                       if good else None),
            "cores_per_learner": per_core,
            "by_cpu_time_at_half_load": by_cpu_time,
            "uss_per_learner_mib": per_mib, "by_memory": by_memory,
            "learners": min(by_cpu_time, by_memory)}


def table(results):
    """The README's table: one row per class size."""
    lines = ["| learners | change to view p50 / p90 / p99 | dropped "
             "| failed | login to running notebook, p50 / max "
             "| per learner USS / PSS (RSS) | kernel 01 / 04 USS "
             "| CPU per learner | load (1 min) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        m = r["memory"]
        per = m["per_learner"] or {}
        k1, k4 = m["kernel_01"] or {}, m["kernel_04"] or {}
        lines.append(
            f"| {r['n']} | {r['p50_ms']} / {r['p90_ms']} / "
            f"{r['p99_ms']} ms | {r['dropped']} of {r['sent']} "
            f"| {r['failed']} | {r['ready_s']['p50']} / "
            f"{r['ready_s']['max']} s | {per.get('uss')} / "
            f"{per.get('pss')} ({per.get('rss')}) MiB "
            f"| {k1.get('uss', '–')} / {k4.get('uss', '–')} MiB "
            f"| {r.get('cores_per_learner', '–')} cores "
            f"| {r['load_1min'][0]} → {r['load_1min'][1]} |")
    return "\n".join(lines) + "\n"


def plot(results, path, before=None):
    """p50/p90/p99 against N, and memory per learner against N."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    timed = [r for r in results if r["p50_ms"] is not None]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for key, style in (("p50_ms", "o-"), ("p90_ms", "s-"),
                       ("p99_ms", "^:")):
        left.plot([r["n"] for r in timed], [r[key] for r in timed], style,
                  label=key[:3])
    left.axhline(P90_MS, color="grey", ls="--", label="p90 target")
    left.set(xlabel="learners moving sliders at once",
             ylabel="slider change to new view (ms)",
             title="responsiveness")
    left.set_yscale("log")
    left.legend()
    for data, key, style, label in (
            (results, "uss", "o-", "USS"), (results, "pss", "s--", "PSS"),
            (before, "uss", "o:", "USS, before")):
        measured = [r for r in data or [] if r["memory"]["per_learner"]]
        if measured:
            right.plot([r["n"] for r in measured],
                       [r["memory"]["per_learner"][key] for r in measured],
                       style, label=label)
    right.set(xlabel="learners", ylabel="MiB per learner (server + "
              "kernel)", title="memory", ylim=(0, None))
    right.legend()
    failed = [f"{r['n']} learners: {r['failed']} failed" for r in results
              if r["failed"]]
    if failed:
        left.set_title("responsiveness (" + "; ".join(failed) + ")")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def parse(argv):
    parser = argparse.ArgumentParser(prog="run.py classroom")
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--sizes", default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--report", action="store_true",
                        help="only redo the table and plot from the JSON")
    return parser.parse_args(argv)


def main(argv):
    args = parse(argv)
    sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
             else [2] if args.short else list(SIZES))
    seconds = args.seconds or (3.0 if args.short else 25.0)
    out = Path(args.out) if args.out else (
        RESULTS / "tmp" if args.short else RESULTS)
    out.mkdir(parents=True, exist_ok=True)
    name = "classroom-before" if args.before else "classroom"
    if args.report:
        return write(json.loads((out / f"{name}.json").read_text()),
                     out, name)
    started = datetime.datetime.now(datetime.timezone.utc)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bplab-classroom-") as folder:
        results = run(sizes, seconds, Path(folder), before=args.before,
                      upward=not (args.short or args.sizes))
    report = {"started": started.isoformat(timespec="seconds"),
              "machine": machine(), "load_before_run": load,
              "before": args.before, "sizes": results,
              "largest_passing": max([r["n"] for r in results
                                      if passes(r)], default=None),
              "node": node_estimate(results)}
    return write(report, out, name)


def write(report, out, name):
    """The report's JSON, Markdown table and plot; a summary printed."""
    results = report["sizes"]
    report["node"] = node_estimate(results)
    (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / f"{name}.md").write_text(table(results))
    previous = out / "classroom-before.json"
    before = (json.loads(previous.read_text())["sizes"]
              if previous.exists() and not report["before"] else None)
    plot(results, out / f"{name}.png", before)
    print(table(results))
    print(f"largest N with p90 <= {P90_MS:.0f} ms and no failures: "
          f"{report['largest_passing']}; on a 16-core/64 GiB node: "
          f"{report['node']}")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
