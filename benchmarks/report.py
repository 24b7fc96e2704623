"""Targets met or not, and the Markdown tables of one benchmark run.

The targets (issue 6, medians on the 2-core machine): in the kernel
<= 15 ms per slider change for every view of notebooks 1-3 and >= 3x
faster than naive; in the browser (issue 15, with TCP_NODELAY on the
kernel websocket) <= 25 ms key press to picture, p90 <= 50 ms, >= 4x
faster than naive, no press held; `import bplab` <= 0.3 s; the strict
nbval suite <= 60 s.
"""
MAIN = ("01", "02", "03")
KERNEL_MS, KERNEL_RATIO = 15, 3
BROWSER_MS, BROWSER_P90_MS, BROWSER_RATIO = 25, 50, 4
IMPORT_S, SUITE_S = 0.3, 60


def ratio(naive, ours):
    """How many times faster ours is than naive (medians), or None."""
    if not naive or not ours or not naive.get("median_ms") or not ours.get(
            "median_ms"):
        return None
    return round(naive["median_ms"] / ours["median_ms"], 1)


def target(name, value, limit, at_most=True, unit=""):
    """One target: {target, value, limit, unit, met} (met None: not
    measured in this run)."""
    met = None if value is None else (
        value <= limit if at_most else value >= limit)
    sign = "<=" if at_most else ">="
    return {"target": name, "value": value, "limit": f"{sign} {limit}",
            "unit": unit, "met": met}


def main_views(result):
    """{"01": (notebook, main view, naive)} from the kernel runs."""
    found = {}
    for run in result["notebooks"]:
        number = run["notebook"][:2]
        main = next((v for v in run.get("views", []) if v["main"]), None)
        if number in MAIN:
            found[number] = (run, main, run.get("naive"))
    return found


def targets(result):
    """Every target of issue 6, measured value beside limit."""
    rows = []
    for run in result["notebooks"]:
        if run["notebook"][:2] not in MAIN:
            continue
        if run.get("error"):  # its views could not be timed: missed
            rows.append({**target(f"kernel, {run['notebook']} ran", None,
                                  0), "met": False})
        for view in run.get("views", []):
            rows.append(target(
                f"kernel median, {run['notebook'][:2]} {short(view)}",
                view["median_ms"], KERNEL_MS, unit="ms"))
    for number, (run, main, naive) in main_views(result).items():
        ours = main.get("model") if main else None
        rows.append(target(f"kernel vs naive, {number} main view",
                           ratio(naive, ours), KERNEL_RATIO, False, "x"))
    for number, found in sorted(browser_runs(result).items()):
        view, naive = found.get("view", {}), found.get("naive", {})
        rows += [
            target(f"browser median, {number} main view",
                   view.get("median_ms"), BROWSER_MS, unit="ms"),
            target(f"browser p90, {number} main view",
                   view.get("p90_ms"), BROWSER_P90_MS, unit="ms"),
            target(f"browser vs naive, {number} main view",
                   ratio(naive, view), BROWSER_RATIO, False, "x"),
            target(f"browser presses held, {number} main view",
                   view.get("held"), 0, unit="presses")]
    rows.append(target("import bplab", result["import_bplab"]["median_s"],
                       IMPORT_S, unit="s"))
    rows.append(target("strict nbval suite",
                       result["nbval_suite"].get("wall_s"), SUITE_S,
                       unit="s"))
    return rows


def browser_runs(result):
    """{"01": {view, naive}, ...}: the browser's main views."""
    found = result.get("browser", {})
    return {} if "skipped" in found else {
        k: v for k, v in found.items() if k in MAIN}


def short(view):
    """bplab.nb1.views.view -> nb1.view"""
    return view["view"].removeprefix("bplab.").replace(".views.", ".")


def ms(summary, key="median_ms"):
    value = (summary or {}).get(key)
    return "–" if value is None else f"{value:.1f}"


def times(summary):
    """'median / p90' in ms, or the error, or a dash."""
    if summary and summary.get("error"):
        return "error"
    return f"{ms(summary)} / {ms(summary, 'p90_ms')}"


def holds(summary):
    """' (2 of 40 held)': presses whose answer came in two bursts."""
    if not summary or summary.get("held") is None:
        return ""
    return f" ({summary['held']} of {summary['n']} held)"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row)
                              + " |" for row in rows])


def verdict(met):
    return {True: "✓ met", False: "✗ missed", None: "not measured"}[met]


def measured(row):
    """A target's value with as many decimals as its unit deserves."""
    if row["value"] is None:
        return "–"
    decimals = {"s": 3 if row["value"] < 1 else 1}.get(row["unit"], 1)
    return f"{row['value']:.{decimals}f} {row['unit']}".strip()


def markdown(result):
    """The run as Markdown: machine and date, targets, then details."""
    m = result["machine"]
    head = (f"Measured {result['date']} ({result['mode']} run) on "
            f"{m['cpus']} cores ({m['cpu']}), {m.get('memory_gib')} GiB, "
            f"GPU: {m['gpu']}; Python {m['python']}, torch {m['torch']}. "
            "Times in ms are median / p90.")
    parts = [head, summary_table(result), "### Targets", table(
        ["target", "measured", "limit", ""],
        [[t["target"], measured(t), f"{t['limit']} {t['unit']}".strip(),
          verdict(t["met"])] for t in result["targets"]])]
    parts += ["### Main views of notebooks 1-3 beside the naive way",
              table(["notebook", "kernel: bplab", "kernel: naive",
                     "kernel ratio", "browser: bplab", "browser: naive",
                     "browser ratio"], main_rows(result))]
    parts += ["### Every live view, in the kernel (slider change to "
              "outputs set)", table(
                  ["notebook", "view", "controls moved", "median / p90 ms",
                   "changes"], view_rows(result))]
    parts += ["### Start-up and cost", table(
        ["what", "time", "peak kernel memory"], cost_rows(result))]
    return "\n\n".join(parts) + "\n"


def summary_table(result):
    """One table for the README: each target's measurement beside the
    naive way's, the ratio, the target and whether it is met."""
    met = {t["target"]: t["met"] for t in result["targets"]}
    rows = []
    for run in result["notebooks"]:
        number = run["notebook"][:2]
        if number not in MAIN:
            continue
        for view in run.get("views", []):
            rows.append(kernel_row(number, view, run.get("naive"), met))
    for number, found in sorted(browser_runs(result).items()):
        view, naive = found.get("view", {}), found.get("naive", {})
        keys = [f"browser {k}, {number} main view"
                for k in ("median", "p90", "vs naive", "presses held")]
        rows.append([f"browser, {number} main view: key press to picture",
                     times(view) + " ms" + holds(view),
                     times(naive) + " ms",
                     _x(ratio(naive, view)),
                     f"<= {BROWSER_MS} ms, p90 <= {BROWSER_P90_MS} ms, "
                     f">= {BROWSER_RATIO}x, none held", all_met(met, keys)])
    floor = result.get("browser", {}).get("floor")
    if floor:
        rows.append(["browser, round trip alone: a LiveView showing one "
                     "number", times(floor) + " ms" + holds(floor), "", "",
                     "", ""])
    slow = result.get("browser", {}).get("without_nodelay") or {}
    for key, found in sorted(slow.items()):
        what = ("a LiveView showing one number" if key == "floor" else
                f"{key} main view")
        rows.append([f"browser, without TCP_NODELAY: {what}",
                     times(found) + " ms" + holds(found), "", "", "", ""])
    imp, suite = result["import_bplab"], result["nbval_suite"]
    rows.append(["`import bplab` (torch not imported)",
                 f"{imp['median_s']:.3f} s", "", "", f"<= {IMPORT_S} s",
                 all_met(met, ["import bplab"])])
    rows.append(["strict nbval suite, `pytest notebooks/`",
                 "–" if "skipped" in suite else f"{suite['wall_s']:.1f} s",
                 "", "", f"<= {SUITE_S} s",
                 all_met(met, ["strict nbval suite"])])
    return table(["median / p90", "bplab", "naive", "faster", "target",
                  ""], rows) + (
        "\n\nA main view's ratio compares the same changes of x, y, w1, "
        "w2 and b in both; its bplab time moves every control it has.")


def kernel_row(number, view, naive, met):
    """A view of notebooks 1-3 in the kernel; the main one with naive."""
    keys = [f"kernel median, {number} {short(view)}"]
    row = [f"kernel, {number} {short(view)}: slider change to outputs",
           times(view) + " ms", "", "", f"<= {KERNEL_MS} ms"]
    if view["main"]:
        keys.append(f"kernel vs naive, {number} main view")
        row[0] = row[0].replace(":", " (main view):", 1)
        row[2:5] = [times(naive) + " ms",
                    _x(ratio(naive, view.get("model"))),
                    f"<= {KERNEL_MS} ms, >= {KERNEL_RATIO}x"]
    return row + [all_met(met, keys)]


def _x(value):
    return "–" if value is None else f"{value}x"


def all_met(met, keys):
    """✓ when every target in `keys` is met, else which is not."""
    values = [met.get(key) for key in keys]
    if all(v is True for v in values):
        return "✓"
    if any(v is False for v in values):
        return "✗ " + ", ".join(k.split(",")[0] for k, v in
                                zip(keys, values) if v is False)
    return "not measured"


def main_rows(result):
    rows = []
    browsers = browser_runs(result)
    for number, (run, main, naive) in main_views(result).items():
        ours = main.get("model") if main else None
        found = browsers.get(number, {})
        b_ratio = ratio(found.get("naive"), found.get("view"))
        k_ratio = ratio(naive, ours)
        rows.append([
            f"{run['notebook']} ({short(main) if main else 'no view'})",
            times(ours), times(naive),
            "–" if k_ratio is None else f"{k_ratio}x",
            times(found.get("view")) if found else "not run",
            times(found.get("naive")) if found else "not run",
            "–" if b_ratio is None else f"{b_ratio}x"])
    return rows


def view_rows(result):
    rows = []
    for run in result["notebooks"]:
        for view in run.get("views", []):
            rows.append([run["notebook"][:2], short(view),
                         ", ".join(view["controls"]), times(view),
                         view["n"]])
    return rows


def cost_rows(result):
    imp = result["import_bplab"]
    rows = [[f"import bplab (torch imported: "
             f"{'yes' if imp['torch_imported'] else 'no'})",
             f"{imp['median_s']:.3f} s", ""]]
    for run in result["notebooks"]:
        if run.get("error"):
            rows.append([run["notebook"], f"error: {run['error'][:80]}",
                         ""])
            continue
        rows.append([f"{run['notebook']} top to bottom",
                     f"{run['run_s']:.2f} s (+ {run['kernel_start_s']:.1f}"
                     " s kernel start)", f"{run['peak_rss_mb']} MiB"])
    suite = result["nbval_suite"]
    rows.append(["strict nbval suite (pytest notebooks/)",
                 suite.get("skipped") or
                 f"{suite['wall_s']:.1f} s ({suite['result']})", ""])
    return rows
