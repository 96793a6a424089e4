#!/usr/bin/env bash
# Times vae4j's backends against PyTorch on the same model and protocol, alternating them in
# one script because timings drift 20-30% between runs on a shared machine while a ratio
# measured side by side holds. Prints a Markdown table: per backend the median over rounds of
# examples/s and s/epoch, and the median of the per-round speed ratios to PyTorch (PyTorch's
# s/epoch over the backend's, from the same round: above 1 is faster than PyTorch).
#
#   benchmarks/pytorch/compare.sh            # 3 rounds of nd4j,djl and PyTorch, 3 epochs each
#   ROUNDS=5 EPOCHS=5 BACKENDS=nd4j benchmarks/pytorch/compare.sh
#   DL4J=1 benchmarks/pytorch/compare.sh     # adds Deeplearning4j's own VAE layer as a third run
#
# PyTorch runs in its best setting on a 2-core machine: one intra-op thread, OpenBLAS with two
# (more threads than cores makes it 3-4x slower). PYTHON picks the interpreter that has torch
# (default /usr/bin/python3, Debian's python3-torch). Raw JSON goes to OUT (default
# benchmarks/pytorch/out, not tracked).
#
# DL4J=1 adds a run of benchmarks/dl4j (built first with -Pdl4j when its jar is missing) to every
# round, as round-N-dl4j.json and a "dl4j" row, with OMP_NUM_THREADS=1, its best setting on 2
# cores (2 OpenMP threads are 2-3x slower there). Off by default, so the script does what it did
# before. The runs' order rotates each round, so that none of them always runs first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-3}
epochs=${EPOCHS:-3}
backends=${BACKENDS:-nd4j,djl}
python=${PYTHON:-/usr/bin/python3}
out=${OUT:-$here/out}
dl4j=${DL4J:-0}
dl4j_jar=$root/benchmarks/dl4j/target/dl4j-bench.jar
mkdir -p "$out"
rm -f "$out"/round-*.json "$out"/loads.txt

"$python" -c 'import torch' 2>/dev/null || {
  echo "compare.sh: $python has no torch; install Debian's python3-torch or set PYTHON" >&2
  exit 1
}
# Build the command line once, outside the timed runs.
"$root/vae" --version >/dev/null
if [[ $dl4j == 1 && ! -f $dl4j_jar ]]; then
  echo "compare.sh: building benchmarks/dl4j..." >&2
  (cd "$root" && ./mvnw -B -q -Pdl4j -pl benchmarks/dl4j -am package -DskipTests) >&2
fi

load() { cut -d' ' -f1 /proc/loadavg; }

# Each backend in a JVM of its own, as a user runs it (see zoo.sh).
run_vae() {
  local b
  for b in ${backends//,/ }; do
    echo "round $1 vae $b load $(load)" >>"$out/loads.txt"
    "$root/vae" bench --backend "$b" --epochs "$epochs" --json >"$out/round-$1-vae-$b.json"
  done
}

run_torch() {
  echo "round $1 torch load $(load)" >>"$out/loads.txt"
  OPENBLAS_NUM_THREADS=2 "$python" "$here/vae_bench.py" --epochs "$epochs" --threads 1 \
    >"$out/round-$1-torch.json"
}

run_dl4j() {
  echo "round $1 dl4j  load $(load)" >>"$out/loads.txt"
  OMP_NUM_THREADS=1 java -jar "$dl4j_jar" --epochs "$epochs" >"$out/round-$1-dl4j.json"
}

runs=(run_vae run_torch)
if [[ $dl4j == 1 ]]; then runs+=(run_dl4j); fi

for ((r = 1; r <= rounds; r++)); do
  echo "compare.sh: round $r of $rounds (load $(load))" >&2
  # Rotate the order every round so that no side always runs first (with two runs: a swap).
  for ((i = 0; i < ${#runs[@]}; i++)); do
    "${runs[(r - 1 + i) % ${#runs[@]}]}" "$r"
  done
done
echo "round end     load $(load)" >>"$out/loads.txt"

"$python" - "$out" "$rounds" "$dl4j" "$backends" <<'EOF'
import json, statistics, sys
out, rounds, dl4j = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
backends = sys.argv[4].split(",")
rows, ratios = {}, {}
for r in range(1, rounds + 1):
    torch = json.load(open(f"{out}/round-{r}-torch.json"))
    results = [res for b in backends
               for res in json.load(open(f"{out}/round-{r}-vae-{b}.json"))["results"]]
    if dl4j:
        results.append(json.load(open(f"{out}/round-{r}-dl4j.json")))
    results.append(torch)
    for res in results:
        name = res["backend"]
        rows.setdefault(name, []).append(res)
        ratios.setdefault(name, []).append(torch["seconds_per_epoch"] / res["seconds_per_epoch"])
med = statistics.median
print(f"{rounds} rounds; per round: "
      + ", ".join(f"{n} " + "/".join(f"{x['seconds_per_epoch']:.2f}" for x in v)
                  for n, v in rows.items()) + " s/epoch")
print("speed ratios to PyTorch per round: "
      + ", ".join(f"{n} " + "/".join(f"{x:.2f}" for x in ratios[n])
                  for n in rows if n != "pytorch"))
print()
print("| backend | examples/s | s/epoch | speed vs PyTorch | ratio to sgemm bound "
      "| gemm GFLOP/s | final train loss | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|")
for name, v in rows.items():
    print(f"| {name} | {med(x['examples_per_second'] for x in v):,.0f} "
          f"| {med(x['seconds_per_epoch'] for x in v):.2f} "
          f"| {med(ratios[name]):.2f} "
          f"| {med(x['bound_ratio'] for x in v):.2f} "
          f"| {med(x['gemm_gflops'] for x in v):.0f} "
          f"| {med(x['final_train_loss'] for x in v):.2f} "
          f"| {max(x['peak_rss_mb'] for x in v):,.0f} |")
print()
print("loads (1-minute average) before each run:")
print(open(f"{out}/loads.txt").read().rstrip())
EOF
