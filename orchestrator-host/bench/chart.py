#!/usr/bin/env python3
"""Draws docs/img/connections.png from the JSON lines `fleet_bench.py connections` printed.

Usage: python3 orchestrator-host/bench/chart.py RESULTS.jsonl docs/img/connections.png
Needs matplotlib (Debian: apt-get install python3-matplotlib).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(results, out):
    rows = [json.loads(line) for line in open(results) if line.strip()]
    steps = [r for r in rows if r["step"] > 0]
    held = [r["sessions_at_end"] for r in steps]
    heap_mib = [r["heap_used_kib"] / 1024 for r in steps]
    p99 = [r["heartbeat_handling"]["p99_le_ms"] for r in steps]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(held, heap_mib, marker="o", color="tab:blue")
    left.set_xlabel("game-server connections held by one host")
    left.set_ylabel("host heap after full GC (MiB)", color="tab:blue")
    left.set_ylim(0, max(heap_mib) * 1.3)
    left.grid(alpha=0.3)
    for x, r in zip(held, steps):
        left.annotate(f'{r["heap_per_connection_kib"]} KiB/conn', (x, r["heap_used_kib"] / 1024),
                      textcoords="offset points", xytext=(-10, 8), fontsize=8)
    left.set_title("Heap (limit -Xmx1g = 1024 MiB)")
    right.plot(held, p99, marker="s", color="tab:red", label="heartbeat handling p99 (bucket bound)")
    right.axhline(10, color="gray", linestyle="--", label="target 10 ms")
    for x, y, r in zip(held, p99, steps):
        right.annotate(f'load {r["load_avg"]:.0f}', (x, y), textcoords="offset points",
                       xytext=(-12, 8), fontsize=8)
    right.set_xlabel("game-server connections held by one host")
    right.set_ylabel("ms")
    right.set_ylim(0, max(max(p99), 10) * 1.4)
    right.grid(alpha=0.3)
    right.legend(fontsize=8, loc="upper left")
    right.set_title("Heartbeat handling, 5 s heartbeats")
    fig.suptitle("One host, memory store, 2 cores shared with other builds (load average per"
                 " point on the right), 2026-11-23", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
