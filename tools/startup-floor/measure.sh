#!/usr/bin/env bash
# The cold-start floor (README "Cold start"): times this directory's application, which has no
# accelconn code, as ColdStartBenchmark times accelconn: exec to the first answered
# POST /eligibility, the process's CPU time (all threads) and RSS then; every run and the median.
#
#   tools/startup-floor/measure.sh jvm [runs] [-Pextensions]      # the jar, started with functions/host.json's JVM flags and an AppCDS archive trained as accelconn's
#   tools/startup-floor/measure.sh native [runs] [-Pextensions]   # built with ../shared/tools/native-build (minutes)
#
# -Pextensions adds the rest of accelconn's extensions (Funqy, Micrometer's Prometheus registry,
# health, JSON logging). Loopback only; each run is bounded by 60 s.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
variant=${1:-jvm}
runs=${2:-5}
profile=${3:-}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
body='{"region":"eastus2","vmSize":"Standard_D16s_v4","acceleratedNetworking":true}'

answered() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/eligibility" \
        -H 'Content-Type: application/json' -d "$body" 2>/dev/null)" = 200 ]
}

# Starts "$@", waits for the first answer, prints "wall_ms cpu_ms rss_kib", stops the process.
one_run() {
  local start pid deadline
  start=$(date +%s%N)
  FUNCTIONS_CUSTOMHANDLER_PORT=$port "$@" > /dev/null 2>&1 &
  pid=$!
  deadline=$(( $(date +%s) + 60 ))
  until answered; do
    [ "$(date +%s)" -lt "$deadline" ] || { kill "$pid"; echo "no answer in 60 s" >&2; exit 1; }
    sleep 0.002
  done
  local end ticks rss
  end=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $(( ticks * 1000 / $(getconf CLK_TCK) )) $rss"
}

case "$variant" in
  jvm)
    "$ROOT/mvnw" -q -B -f "$HERE/pom.xml" package -DskipTests $profile
    cd "$HERE/target/quarkus-app"
    # host.json's JVM arguments, the archive's name among them
    mapfile -t jvm < <(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["customHandler"]["description"]["arguments"]; print("\n".join(x for x in a[:a.index("-jar")]))' "$ROOT/functions/host.json")
    train=()
    for a in "${jvm[@]}"; do [[ $a == -XX:SharedArchiveFile=* ]] && train+=("-XX:ArchiveClassesAtExit=${a#*=}") || train+=("$a"); done
    rm -f app-cds.jsa
    FUNCTIONS_CUSTOMHANDLER_PORT=$port java "${train[@]}" -jar quarkus-run.jar > /dev/null 2>&1 &
    pid=$!
    until answered; do sleep 0.05; done
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    cmd=(java "${jvm[@]}" -jar quarkus-run.jar)
    ;;
  native)
    MVN="$ROOT/mvnw" MVN_ARGS="$profile" bash "$ROOT/../shared/tools/native-build/native-build.sh" "$HERE" >&2
    cmd=("$HERE/target/startup-floor-1-runner")
    ;;
  *) echo "usage: $0 jvm|native [runs] [-Pextensions]" >&2; exit 2 ;;
esac

results=()
for i in $(seq 1 "$runs"); do
  r=$(one_run "${cmd[@]}")
  read -r wall cpu rss <<< "$r"
  printf '%s run %d: first answer %d ms, CPU %d ms, RSS %.1f MiB\n' "$variant$profile" "$i" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
  results+=("$r")
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
m = [statistics.median(c) for c in zip(*rows)]
print("median: first answer %d ms, CPU %d ms, RSS %.1f MiB" % (m[0], m[1], m[2] / 1024))'
