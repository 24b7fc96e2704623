"""How fast bplab's views answer a slider, beside the naive way (issue 6).

    python3 run.py bench [--short]

writes benchmarks/results/latest.json and latest.md; see run.py here.
"""
