#!/usr/bin/python3
"""Plots backfill_bench's results and writes the report.

    plot.py results.json [--load "<uptime before>"] [--out bench/backfill/REPORT.md]

Draws, for each run, the concurrent writer's wait for every single-row update against time
(python3-matplotlib), and writes a Markdown table: total time, table size afterwards, the
writer's worst and 99th-percentile wait, and the ratios of the backfill to the single UPDATE.
"""

import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--load", default="")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "REPORT.md"))
    args = parser.parse_args()
    with open(args.results) as f:
        data = json.load(f)
    runs = data["runs"]

    figure, axes = plt.subplots(len(runs), 1, figsize=(9, 3.2 * len(runs)), sharey=True)
    for axis, run in zip(axes, runs):
        at = [w[0] for w in run["writes"]]
        waited = [w[1] for w in run["writes"]]
        axis.scatter(at, waited, s=2)
        axis.set_yscale("log")
        axis.set_title(f'{run["name"]}: {run["seconds"]:.1f} s, worst wait {run["worst_ms"]:.0f} ms')
        axis.set_ylabel("writer wait (ms)")
    axes[-1].set_xlabel("seconds since the writer started")
    figure.tight_layout()
    image = os.path.splitext(args.out)[0] + ".png"
    figure.savefig(image, dpi=90)

    single, batched = runs[0], runs[1]
    lines = [
        "# Batched backfill against a single UPDATE",
        "",
        f'A table of {data["rows"]:,} rows; a new column `total` filled from two others '
        "(`total = a + b`), once by one `UPDATE` and once by `op::backfill` (batches of 10,000 "
        "rows in key order, each its own transaction with its progress). Throughout each run a "
        "second connection updates random single rows, one at a time, and records how long "
        "each update waited. Produced by `bench/backfill/backfill_bench` and `plot.py`.",
        "",
        f"Machine load before the run (uptime): {args.load or 'not recorded'}",
        "",
        "| run | total time | table size after | writer updates | worst wait | p99 wait |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f'| {run["name"]} | {run["seconds"]:.1f} s | {run["table_bytes"] / 1e6:.0f} MB | '
            f'{len(run["writes"]):,} | {run["worst_ms"]:.0f} ms | {run["p99_ms"]:.1f} ms |'
        )
    lines += [
        "",
        f'Backfill / single UPDATE: time {batched["seconds"] / single["seconds"]:.2f}x '
        "(goal: at most 1.5x), table size "
        f'{batched["table_bytes"] / single["table_bytes"]:.2f}x; the writer\'s worst wait '
        f'{batched["worst_ms"]:.0f} ms during the backfill (goal: at most 200 ms) against '
        f'{single["worst_ms"]:.0f} ms during the single UPDATE.',
        "",
        f"![writer waits]({os.path.basename(image)})",
        "",
        "To run it again (minutes; not part of CI): build the default preset, then",
        "",
        "    build/default/bench/backfill_bench --rows 10000000 --out /tmp/backfill.json",
        "    /usr/bin/python3 bench/backfill/plot.py /tmp/backfill.json --load \"$(uptime)\"",
        "",
        "Each batch first reads its bounds (the next `batch_size` keys after the last one done, an "
        "index-only scan), then updates the key range between them: one index range scan. A first "
        "version joined the update with the batch's keys instead (an index lookup per row) and "
        "took 126.7 s against the single UPDATE's 33.3 s (3.8x; measured with a writer that did not pause "
        "between updates, so not quite the same load).",
        "",
    ]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
