"""The load test's short mode (python3 run.py classroom --short): two
learners on a real hub; every field the README's table shows is there.
No timing is asserted: the numbers are a benchmark's."""
import json

from benchmarks import classroom


def test_short_mode_writes_the_table_the_plot_and_every_field(tmp_path):
    assert classroom.main(["--short", "--seconds", "2",
                           "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "classroom.json").read_text())
    [size] = report["sizes"]
    assert size["n"] == 2 and size["failed"] == 0, size["failures"]
    assert size["sent"] == 2 * 2 * 5  # 2 learners, 2 s, 5 a second
    assert size["shown"] + size["dropped"] == size["sent"]
    for key in ("p50_ms", "p90_ms", "p99_ms"):
        assert size[key] is not None and size[key] > 0
    memory = size["memory"]
    assert memory["measured"] == 2
    for part in ("per_learner", "server", "kernel_01", "kernel_04"):
        assert 0 < memory[part]["uss"] <= memory[part]["rss"]
    assert memory["kernel_04"]["uss"] > memory["kernel_01"]["uss"]  # torch
    assert report["machine"]["cpus"] and report["started"]
    assert report["node"] is None or report["node"]["learners"] >= 1
    rows = (tmp_path / "classroom.md").read_text().splitlines()
    assert rows[0].startswith("| learners |") and rows[2].startswith("| 2 |")
    assert (tmp_path / "classroom.png").stat().st_size > 1000
