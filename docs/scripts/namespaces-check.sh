#!/usr/bin/env bash
# The reduced-scale check behind docs/SCALING.md: NAMESPACES independent orchestrators, each a
# host on its own PostgreSQL schema, each driven by its own simulated fleet. Prints, per
# namespace, the store writes the sizing arithmetic predicts and the ones PostgreSQL counted
# (pg_stat_user_tables of that schema), plus the simulator's summary line.
#
#   mvn -B -q -pl orchestrator-host -am package -DskipTests
#   NAMESPACES=3 SERVERS=300 DURATION=90 WARMUP=30 bash docs/scripts/namespaces-check.sh
#
# The store's counters are read WARMUP seconds after the fleets start (once every server has
# connected and its first reconnect grace, when every heartbeat is written, is over) and again
# 5 s before the fleets stop, so the rates are those of the steady state.
#
# Loopback only; every run is bounded by DURATION. Needs psql and PostgreSQL on 127.0.0.1:5432
# (trust auth, database test). Drops and recreates the schemas scaling_ns1..N.
set -euo pipefail
cd "$(dirname "$0")/../.."

NAMESPACES=${NAMESPACES:-3}
SERVERS=${SERVERS:-300}
DURATION=${DURATION:-90}
WARMUP=${WARMUP:-30}
HEARTBEAT_S=${HEARTBEAT_S:-5}
REFRESH_S=${REFRESH_S:-15}
JOB_MS=${JOB_MS:-1000-2000}
JAR=orchestrator-host/target/orchestrator-host.jar
PSQL=(psql -h 127.0.0.1 -U postgres -d test -qAt)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

counts() { # schema -> "server_writes map_updates history_rows"
  "${PSQL[@]}" -F' ' -c "select
      coalesce(sum(n_tup_ins + n_tup_upd) filter (where relname = 'servers'), 0),
      coalesce(sum(n_tup_upd) filter (where relname = 'maps'), 0),
      coalesce(sum(n_tup_ins) filter (where relname = 'task_history'), 0)
    from pg_stat_user_tables where schemaname = '$1'"
}

for n in $(seq 1 "$NAMESPACES"); do
  schema=scaling_ns$n
  "${PSQL[@]}" -c "drop schema if exists $schema cascade; create schema $schema"
  java -Xmx512m -jar "$JAR" serve --store postgres \
    --jdbc-url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
    --jdbc-user postgres --bind 127.0.0.1 --ws-port 0 --http-port 0 --host-id "ns$n" \
    --heartbeat-interval "${HEARTBEAT_S}s" --registry-refresh "${REFRESH_S}s" \
    >"$work/host$n.log" 2>&1 &
  pids+=($!)
done

for n in $(seq 1 "$NAMESPACES"); do
  for _ in $(seq 1 120); do
    grep -q 'http://127' "$work/host$n.log" && grep -q 'ws://127' "$work/host$n.log" && break
    sleep 0.5
  done
  grep -o 'ws://127\.0\.0\.1:[0-9]*' "$work/host$n.log" | head -n 1 >"$work/ws$n"
  grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/host$n.log" | head -n 1 >"$work/http$n"
  [ -s "$work/ws$n" ] || { cat "$work/host$n.log"; echo "host $n did not start"; exit 1; }
done

sims=()
for n in $(seq 1 "$NAMESPACES"); do
  timeout $((DURATION + 120)) java -Xmx1g -jar "$JAR" simulate --url "$(cat "$work/ws$n")" \
    --http "$(cat "$work/http$n")" --servers "$SERVERS" --maps "$SERVERS" \
    --duration "${DURATION}s" --job-duration-ms "$JOB_MS" --id-prefix "ns$n-" --progress 30s \
    >"$work/sim$n.out" 2>"$work/sim$n.err" &
  sims+=($!)
done
sleep "$WARMUP"
for n in $(seq 1 "$NAMESPACES"); do
  counts "scaling_ns$n" >"$work/before$n"
done
measured=$((DURATION - WARMUP - 5))
sleep "$measured"
for n in $(seq 1 "$NAMESPACES"); do
  counts "scaling_ns$n" >"$work/after$n"
done
status=0
for pid in "${sims[@]}"; do wait "$pid" || status=1; done

lo=${JOB_MS%-*}; hi=${JOB_MS#*-}
mean_ms=$(( (lo + hi) / 2 ))
echo "namespaces=$NAMESPACES servers/namespace=$SERVERS duration=${DURATION}s" \
  "counted over ${measured}s after a ${WARMUP}s warm-up" \
  "heartbeat=${HEARTBEAT_S}s registry-refresh=${REFRESH_S}s job=${JOB_MS}ms (mean $mean_ms)"
printf '%-5s %-28s %-28s %-28s\n' ns "registry writes/s (pred/meas)" \
  "job cycles/s (pred/meas)" "map row updates/s (meas)"
for n in $(seq 1 "$NAMESPACES"); do
  read -r s0 m0 h0 <"$work/before$n"
  read -r s1 m1 h1 <"$work/after$n"
  awk -v s="$SERVERS" -v r="$REFRESH_S" -v ms="$mean_ms" -v d="$measured" -v n="$n" \
    -v ds=$((s1 - s0)) -v dm=$((m1 - m0)) -v dh=$((h1 - h0)) 'BEGIN {
      printf "%-5s %-28s %-28s %-28s\n", "ns" n,
        sprintf("%.0f / %.0f", s / r, ds / d),
        sprintf("%.0f / %.0f", s * 1000 / ms, dh / d),
        sprintf("%.0f", dm / d) }'
done
for n in $(seq 1 "$NAMESPACES"); do
  echo "ns$n simulate: $(tail -n 1 "$work/sim$n.out")"
done
exit $status
