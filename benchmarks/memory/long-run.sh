#!/bin/sh
# Trains the canonical model for many epochs on one backend and reads the process's resident
# memory (VmRSS) after every epoch; prints the growth after the second epoch.
#   JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch" benchmarks/memory/long-run.sh [BACKEND] [EPOCHS]
# (defaults: nd4j 50). Fix the heap as shown: with a growing heap, VmRSS follows the garbage
# collector's sizing (1.11 GB, then 0.63 GB, then 1.18 GB in one run), not leaks.
set -e
backend=${1:-nd4j}
epochs=${2:-50}
root=$(cd "$(dirname "$0")/../.." && pwd)
run=$(mktemp -d)/run
"$root/vae" --help > /dev/null   # builds the command line first, if needed
"$root/vae" train --backend "$backend" --epochs "$epochs" --out "$run" --quiet > /dev/null &
pid=$!
seen=0
echo "epoch rss_mb"
while kill -0 "$pid" 2> /dev/null; do
  lines=$(cat "$run/metrics.jsonl" 2> /dev/null | wc -l)
  if [ "$lines" -gt "$seen" ]; then
    seen=$lines
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2> /dev/null || true)
    [ -n "$rss" ] && echo "$seen $rss"
  fi
  sleep 0.5
done | tee "$run.rss"
wait "$pid"
awk 'NR > 1 { rss[$1] = $2; last = $1 }
     END { if (2 in rss) printf "growth after epoch 2: %.1f%% (%d MB at epoch 2, %d MB at epoch %d)\n",
           100 * (rss[last] - rss[2]) / rss[2], rss[2], rss[last], last }' "$run.rss"
