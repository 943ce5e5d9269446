#!/usr/bin/env python3
"""Fleet benchmarks over real WebSockets: one host and the `simulate` command on this machine.

Usage (from the repository root, after `mvn -q -B -DskipTests package`):

  python3 orchestrator-host/bench/fleet_bench.py connections --steps 1000,5000,10000 [--out F]
  python3 orchestrator-host/bench/fleet_bench.py run --store memory -- --servers 1000 ...

`connections` starts one host (-Xmx1g, memory store, 5 s heartbeats) and, for each step, a
simulator with that many idle servers; once all are connected it waits 10 s, then reads the
host's /metrics twice 20 s apart (heartbeat handling percentiles from the histogram's
difference, the lowest open-session count seen), forces a GC and reads the heap with jcmd, and
prints one JSON line per step. `run` starts a host with the given store and runs one simulator
with the arguments after `--`, printing the simulator's summary and the host's scheduling-lag
and heartbeat percentiles for the run. Everything binds to 127.0.0.1 and stops by itself.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

JAR = os.environ.get("FLEET_BENCH_JAR", "orchestrator-host/target/orchestrator-host.jar")


def log(*args):
    print("[bench]", *args, file=sys.stderr, flush=True)


class Host:
    def __init__(self, store_args, java_args=(), heartbeat="5s", extra=()):
        self.log_file = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        cmd = ["java", "-Xmx1g", *java_args, "-jar", JAR, "serve", *store_args,
               "--bind", "127.0.0.1", "--ws-port", "0", "--http-port", "0",
               "--heartbeat-interval", heartbeat, *extra]
        log("host:", " ".join(cmd))
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT)
        self.ws = self.http = None
        for _ in range(120):
            text = open(self.log_file.name).read()
            ws = re.search(r"ws://127\.0\.0\.1:\d+", text)
            http = re.search(r"http://127\.0\.0\.1:\d+", text)
            if ws and http:
                self.ws, self.http = ws.group(0), http.group(0)
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.5)
        raise SystemExit("host did not start:\n" + open(self.log_file.name).read())

    def metrics(self):
        with urllib.request.urlopen(self.http + "/metrics", timeout=30) as response:
            return response.read().decode()

    def sessions(self):
        match = re.search(r"^orchestrator_ws_sessions (\S+)$", self.metrics(), re.M)
        return int(float(match.group(1))) if match else 0

    def heap_used_kib(self):
        subprocess.run(["jcmd", str(self.proc.pid), "GC.run"], capture_output=True, check=True)
        out = subprocess.run(["jcmd", str(self.proc.pid), "GC.heap_info"], capture_output=True,
                             text=True, check=True).stdout
        return int(re.search(r"used (\d+)K", out).group(1))

    def proc_status(self):
        status = open(f"/proc/{self.proc.pid}/status").read()
        rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
        return rss, threads

    def cpu_seconds(self):
        """User + system CPU time the host has used so far."""
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def histogram(text, name):
    """Cumulative bucket counts {le: count} of one Prometheus histogram."""
    buckets = {}
    for le, value in re.findall(rf'^{name}_bucket{{le="([^"]+)"}} (\S+)$', text, re.M):
        buckets[float("inf") if le == "+Inf" else float(le)] = float(value)
    return buckets


def percentiles(before, after, fractions=(0.5, 0.99)):
    """Upper bucket bounds (ms) holding each fraction of the observations between two scrapes."""
    delta = {le: after.get(le, 0) - before.get(le, 0) for le in after}
    total = delta.get(float("inf"), 0)
    out = {"count": int(total)}
    for fraction in fractions:
        bound = None
        for le in sorted(delta):
            if total and delta[le] >= fraction * total:
                bound = le
                break
        key = f"p{int(fraction * 100)}_le_ms"
        out[key] = None if bound is None else (bound * 1000 if bound != float("inf") else "inf")
    return out


def simulate(ws, args, http=None, java_args=()):
    cmd = ["java", "-Xmx2g", *java_args, "-jar", JAR, "simulate", "--url", ws, *args]
    if http:
        cmd[cmd.index("--url"):cmd.index("--url")] = ["--http", http]
    log("simulator:", " ".join(cmd))
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(sim):
    out, err = sim.communicate(timeout=1800)
    lines = err.splitlines()
    notes = [line for line in lines if "progress" not in line and " connected " not in line]
    for line in notes[:60] + lines[-3:]:
        log(line)
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": "no summary", "exit": sim.returncode}


def connections(options):
    host = Host(["--store", "memory"])
    try:
        time.sleep(2)
        baseline = host.heap_used_kib()
        log("baseline heap KiB", baseline)
        print(json.dumps({"step": 0, "heap_used_kib": baseline}), flush=True)
        for n in [int(s) for s in options.steps.split(",")]:
            for _ in range(90):  # the previous step's fleet is still disconnecting
                if host.sessions() == 0:
                    break
                time.sleep(2)
            ramp_limit = 60 + n / 50
            sim = simulate(host.ws, ["--servers", str(n), "--duration",
                                     f"{int(ramp_limit + 60)}s", "--progress", "10s"])
            start = time.time()
            peak, grew_at = 0, start
            # Until all are connected, or the count has not grown for 60 s (some gave up).
            while time.time() - start < ramp_limit and sim.poll() is None:
                now = host.sessions()
                if now > peak:
                    peak, grew_at = now, time.time()
                if peak >= n or time.time() - grew_at > 60:
                    break
                time.sleep(2)
            ramp_s = grew_at - start
            time.sleep(10)
            first = host.metrics()
            low = n
            for _ in range(10):
                time.sleep(2)
                low = min(low, host.sessions())
            second = host.metrics()
            held = host.sessions()
            heap = host.heap_used_kib()
            rss, threads = host.proc_status()
            sim.terminate()  # ends the run early; the simulator still drains and summarises
            summary = finish(sim)
            name = "orchestrator_heartbeat_handling_seconds"
            row = {
                "step": n, "connected_in_s": round(ramp_s, 1), "sessions_at_end": held,
                "lowest_sessions_in_window": low, "heap_used_kib": heap,
                "heap_per_connection_kib": round((heap - baseline) / max(held, 1), 2),
                "rss_kib": rss, "host_threads": threads,
                "heartbeat_handling": percentiles(histogram(first, name),
                                                  histogram(second, name)),
                "load_avg": os.getloadavg()[0],
                "simulator": {k: summary.get(k) for k in (
                    "connections", "max_connected", "never_connected", "connect_failures",
                    "unexpected_disconnects", "peak_threads", "errors", "ok")},
                "heartbeat_round_trip_ms": summary.get("latency_ms", {})
                .get("heartbeat_round_trip"),
            }
            print(json.dumps(row), flush=True)
            time.sleep(5)
    finally:
        host.stop()


STORES = {
    "memory": ["--store", "memory"],
    "h2": ["--store", "h2"],
    "postgres": ["--store", "postgres", "--jdbc-url",
                 "jdbc:postgresql://127.0.0.1:5432/test", "--jdbc-user", "postgres"],
    "redis": ["--store", "redis", "--redis-uri", "redis://127.0.0.1:6379"],
}


def run(options, sim_args):
    store = list(STORES[options.store])
    data = tempfile.mkdtemp(prefix="fleet-bench-")
    if options.store == "h2":
        store += ["--data-dir", data]
    if options.store == "redis":
        store += ["--redis-prefix", f"bench-{os.getpid()}:"]
    schema = f"bench_{os.getpid()}"
    if options.store == "postgres":
        store[store.index("--jdbc-url") + 1] += f"?currentSchema={schema}"
        psql(f"create schema {schema}")
    java = [f"-XX:StartFlightRecording=filename={options.jfr},settings=profile"] \
        if options.jfr else []
    host = Host(store, java, extra=["--reconnect-grace", options.grace])
    try:
        before = host.metrics()
        cpu_before, wall_before = host.cpu_seconds(), time.time()
        sim_java = [f"-XX:StartFlightRecording=filename={options.sim_jfr},settings=profile"] \
            if options.sim_jfr else []
        # The simulator is the only child that ends meanwhile: its CPU is the children's delta.
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        summary = finish(simulate(host.ws, sim_args, host.http, sim_java))
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sim_cpu = (children_after.ru_utime + children_after.ru_stime
                   - children_before.ru_utime - children_before.ru_stime)
        host_cpu = host.cpu_seconds() - cpu_before
        wall = time.time() - wall_before
        after = host.metrics()
        done = (summary.get("jobs_done") or 0) + (summary.get("jobs_failed") or 0)
        print(json.dumps({
            "store": options.store, "load_avg": os.getloadavg()[0],
            # The share of the 2 cores the host got, and jobs per second of host CPU: on a
            # shared machine the second says more about the host than jobs per wall second.
            "host_cpu_s": round(host_cpu, 1), "wall_s": round(wall, 1),
            "host_cores_used": round(host_cpu / wall, 2),
            "jobs_per_host_cpu_s": round(done / host_cpu, 1) if host_cpu else None,
            "sim_cpu_s": round(sim_cpu, 1),
            "jobs_per_sim_cpu_s": round(done / sim_cpu, 1) if sim_cpu else None,
            "simulator": summary,
            "host_assignment_lag": percentiles(
                histogram(before, "orchestrator_assignment_lag_seconds"),
                histogram(after, "orchestrator_assignment_lag_seconds")),
            "host_heartbeat_handling": percentiles(
                histogram(before, "orchestrator_heartbeat_handling_seconds"),
                histogram(after, "orchestrator_heartbeat_handling_seconds")),
        }), flush=True)
    finally:
        host.stop()
        if options.store == "postgres":
            psql(f"drop schema {schema} cascade")


def psql(sql):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", sql],
                   check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("connections")
    c.add_argument("--steps", default="1000,5000,10000,15000,19000")
    r = sub.add_parser("run")
    r.add_argument("--store", choices=sorted(STORES), default="memory")
    r.add_argument("--grace", default="10s")
    r.add_argument("--jfr", help="record a JFR profile of the host into this file")
    r.add_argument("--sim-jfr", help="record a JFR profile of the simulator into this file")
    argv = sys.argv[1:]
    sim_args = []
    if "--" in argv:
        sim_args = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    options = parser.parse_args(argv)
    if options.command == "connections":
        connections(options)
    else:
        run(options, sim_args)


if __name__ == "__main__":
    main()
