#!/usr/bin/env bash
# Times every model of `vae bench`'s zoo on vae4j's backends and on its PyTorch twin
# (benchmarks/pytorch/zoo.py), alternating the two sides (order swapped each round) because
# timings drift 20-30% between runs on a shared machine while a ratio measured side by side holds.
# Prints a Markdown table per model: per backend the median over rounds of s/epoch, the median of
# the per-round speed ratios to PyTorch (PyTorch's s/epoch over the backend's, same round: above 1
# is faster), the ratio to the sgemm bound, peak RSS and final train loss; then the machine and
# the load before each run.
#
#   benchmarks/zoo.sh                                    # 7 models, 2 rounds, 2 epochs each
#   MODELS=canonical,burda ROUNDS=1 EPOCHS=1 benchmarks/zoo.sh
#   STEPS_CONV=100 benchmarks/zoo.sh                     # conv models: 100 steps instead of epochs
#   WRITE=1 benchmarks/zoo.sh                            # also replaces the zoo section of
#                                                        # docs/BENCHMARKS.md
#
# Settings (environment): MODELS (canonical,burda,burda-iwae5,conv,cvae,cb-elu,conv-bn), ROUNDS
# (2), EPOCHS (2; the first is warm-up), EPOCHS_CONV (EPOCHS, for conv, cvae and conv-bn), STEPS /
# STEPS_CONV (unset: a short protocol, `vae bench --steps N` against `zoo.py --limit N*batch
# --epochs 1`, the same batches on both sides, warm-up included, scaled to 60,000 images),
# BACKENDS (nd4j,djl), BACKENDS_CONV (BACKENDS), LOSS (logits; or sigmoid), DENORMALS (flush:
# zoo.py's torch.set_flush_denormal(True), its faster setting; or keep), DATA (data/mnist), PYTHON
# (/usr/bin/python3, Debian's python3-torch), OUT (benchmarks/pytorch/out/zoo, untracked).
# PyTorch runs in its best settings measured on the 2-core machine: one intra-op thread and
# OPENBLAS_NUM_THREADS=2 for the MLPs (TORCH_THREADS, OPENBLAS_THREADS), two intra-op threads and
# one OpenBLAS thread for the convolutional models, whose convolutions run on the intra-op threads
# (TORCH_THREADS_CONV, OPENBLAS_THREADS_CONV). MALLOC (retain; or glibc) sets glibc's malloc
# the same way on both sides: vae4j's djl backend keeps freed memory in the process (mallopt, see
# docs/PERFORMANCE.md), which the PyTorch side gets through glibc's MALLOC_* variables; glibc
# leaves both at glibc's defaults. Each PyTorch run reports the BLAS library torch loaded and
# warns when it is the unoptimised reference BLAS. Both sides get the same OpenBLAS kernels: the
# ones ./vae names when OPENBLAS_CORETYPE is unset (OpenBLAS falls back to generic kernels, 4-6x
# slower, on a CPU model newer than its build; PyTorch's OpenBLAS did on the reference machine).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
models=${MODELS:-canonical,burda,burda-iwae5,conv,cvae,cb-elu,conv-bn}
rounds=${ROUNDS:-2}
epochs=${EPOCHS:-2}
epochs_conv=${EPOCHS_CONV:-$epochs}
steps=${STEPS:-}
steps_conv=${STEPS_CONV:-$steps}
backends=${BACKENDS:-nd4j,djl}
backends_conv=${BACKENDS_CONV:-$backends}
loss=${LOSS:-logits}
denormals=${DENORMALS:-flush}
data=${DATA:-}
python=${PYTHON:-/usr/bin/python3}
torch_threads=${TORCH_THREADS:-1}
openblas_threads=${OPENBLAS_THREADS:-2}
torch_threads_conv=${TORCH_THREADS_CONV:-2}
openblas_threads_conv=${OPENBLAS_THREADS_CONV:-1}
out=${OUT:-$root/benchmarks/pytorch/out/zoo}
write=${WRITE:-0}
malloc=${MALLOC:-retain}
case $malloc in
  retain) torch_malloc=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647
          MALLOC_TOP_PAD_=268435456) vae_malloc="" ;;
  glibc) torch_malloc=() vae_malloc="-Dvae4j.malloc.retain=false" ;;
  *) echo "zoo.sh: MALLOC must be retain or glibc, not '$malloc'" >&2; exit 2 ;;
esac

"$python" -c 'import torch' 2>/dev/null || {
  echo "zoo.sh: $python has no torch; install Debian's python3-torch or set PYTHON" >&2
  exit 1
}
. "$root/config/openblas-coretype.sh"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/loads.txt
# Build the command line once, outside the timed runs.
"$root/vae" --version >/dev/null

load() { cut -d' ' -f1 /proc/loadavg; }

# Sets vae4j's backends, each side's arguments and PyTorch's threads for model $1.
protocol() {
  local batch=128 e=$epochs s=$steps b=$backends
  threads=$torch_threads blas=$openblas_threads
  case $1 in
    burda | burda-iwae5) batch=100 ;;
    conv | cvae | conv-bn)
      e=$epochs_conv s=$steps_conv b=$backends_conv
      threads=$torch_threads_conv blas=$openblas_threads_conv
      ;;
  esac
  IFS=',' read -r -a vae_backends <<<"$b"
  if [[ -n $s ]]; then
    vae_args=(--steps "$s")
    torch_args=(--limit $((s * batch)) --epochs 1)
  else
    vae_args=(--epochs "$e")
    torch_args=(--epochs "$e")
  fi
  if [[ -n $data ]]; then
    vae_args+=(--data "$data")
    torch_args+=(--data "$data")
  fi
}

# Each backend trains in a JVM of its own, as a user runs it: its peak RSS is its own, and its
# time does not follow another backend's run in the same process. Backends in the given order in
# odd rounds, reversed in even ones.
run_vae() {
  protocol "$1"
  local b order=()
  for b in "${vae_backends[@]}"; do
    if (($2 % 2)); then order+=("$b"); else order=("$b" "${order[@]}"); fi
  done
  for b in "${order[@]}"; do
    echo "round $2 $1 vae4j $b load $(load)" >>"$out/loads.txt"
    JAVA_OPTS="${JAVA_OPTS:-} $vae_malloc" "$root/vae" bench --model "$1" --backend "$b" \
      "${vae_args[@]}" --json >"$out/$1-$2-vae-$b.json"
  done
}

run_torch() {
  protocol "$1"
  echo "round $2 $1 pytorch load $(load)" >>"$out/loads.txt"
  env "${torch_malloc[@]}" OPENBLAS_NUM_THREADS=$blas "$python" "$root/benchmarks/pytorch/zoo.py" --model "$1" \
    --loss "$loss" --denormals "$denormals" --threads "$threads" "${torch_args[@]}" \
    >"$out/$1-$2-torch.json"
}

IFS=',' read -r -a zoo <<<"$models"
for ((r = 1; r <= rounds; r++)); do
  for m in "${zoo[@]}"; do
    echo "zoo.sh: round $r of $rounds, $m (load $(load))" >&2
    if ((r % 2)); then
      run_vae "$m" "$r"
      run_torch "$m" "$r"
    else
      run_torch "$m" "$r"
      run_vae "$m" "$r"
    fi
  done
done
echo "end load $(load)" >>"$out/loads.txt"

settings="MODELS=$models ROUNDS=$rounds EPOCHS=$epochs EPOCHS_CONV=$epochs_conv"
[[ -n $steps ]] && settings+=" STEPS=$steps"
[[ -n $steps_conv ]] && settings+=" STEPS_CONV=$steps_conv"
settings+=" BACKENDS=$backends BACKENDS_CONV=$backends_conv LOSS=$loss DENORMALS=$denormals"
settings+=" TORCH_THREADS=$torch_threads OPENBLAS_THREADS=$openblas_threads"
settings+=" OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
settings+=" TORCH_THREADS_CONV=$torch_threads_conv OPENBLAS_THREADS_CONV=$openblas_threads_conv"
settings+=" MALLOC=$malloc"
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, flags:"
for f in avx2 avx512f fma; do
  if grep -qw "$f" /proc/cpuinfo; then machine+=" $f"; else machine+=" no-$f"; fi
done
build="$(git -C "$root" rev-parse --short HEAD)"
git -C "$root" diff --quiet HEAD -- || build+=" with local changes"
java_version=$(java -version 2>&1 | head -n 1)

"$python" - "$out" "$rounds" "$models" "$settings" "$machine" "$build" "$java_version" \
  "$backends" "$backends_conv" \
  >"$out/zoo.md" <<'EOF'
import datetime, json, statistics, sys
out, rounds, models, settings, machine, build, java, mlp, conv = sys.argv[1:10]
rounds, med = int(rounds), statistics.median
conv_models = ("conv", "cvae", "conv-bn")
backends = {m: (conv if m in conv_models else mlp).split(",") for m in models.split(",")}
lines = [f"`{settings} benchmarks/zoo.sh`, {datetime.date.today()}, build {build}.",
         "", f"Machine: {machine}. {java}; PyTorch {{torch}} (BLAS: {{blas}}).", ""]
torch_version = blas = "?"
for m in models.split(","):
    rows, ratios = {}, {}
    for r in range(1, rounds + 1):
        torch = json.load(open(f"{out}/{m}-{r}-torch.json"))
        torch_version, blas = torch["version"], torch.get("blas", "?")
        results = [res for b in backends[m] for res in
                   json.load(open(f"{out}/{m}-{r}-vae-{b}.json"))["results"]] + [torch]
        for res in results:
            name = res["backend"]
            rows.setdefault(name, []).append(res)
            ratios.setdefault(name, []).append(
                torch["seconds_per_epoch"] / res["seconds_per_epoch"])
    t = rows["pytorch"][0]
    epochs = f"{t['epochs']} epoch" + ("s" if t["epochs"] > 1 else "")
    form = f" ({t['cb']} continuous Bernoulli)" if t.get("cb") else ""
    lines += [f"**{m}** ({t['examples']:,} images a run, {epochs}, PyTorch loss "
              f"{t['loss']}{form}, denormals {t.get('denormals', 'keep')}, "
              f"{t['torch_threads']} torch / {t['openblas_num_threads']} OpenBLAS "
              "threads; per-round s/epoch: "
              + "; ".join(f"{n} " + " / ".join(f"{x['seconds_per_epoch']:.2f}" for x in v)
                          for n, v in rows.items()) + ")", "",
              "| backend | s/epoch | speed vs PyTorch (same round) | ratio to sgemm bound "
              "| gemm GFLOP/s | peak RSS MB | final train loss |",
              "|---|---|---|---|---|---|---|"]
    for name, v in rows.items():
        lines.append(f"| {name} | {med(x['seconds_per_epoch'] for x in v):.2f} "
                     f"| {med(ratios[name]):.2f} "
                     f"| {med(x['bound_ratio'] for x in v):.2f} "
                     f"| {med(x['gemm_gflops'] for x in v):.0f} "
                     f"| {max(x['peak_rss_mb'] for x in v):,.0f} "
                     f"| {med(x['final_train_loss'] for x in v):.2f} |")
    lines.append("")
lines[2] = lines[2].replace("{torch}", torch_version).replace("{blas}", blas)
lines += ["Loads (1-minute average) before each run:", "", "```",
          open(f"{out}/loads.txt").read().rstrip(), "```"]
print("\n".join(lines))
EOF
cat "$out/zoo.md"

if [[ $write == 1 ]]; then
  "$python" - "$root/docs/BENCHMARKS.md" "$out/zoo.md" <<'EOF'
import sys
doc, table = sys.argv[1:3]
text, begin, end = open(doc).read(), "<!-- zoo:begin -->", "<!-- zoo:end -->"
if begin not in text or end not in text:
    sys.exit(f"zoo.sh: {doc} has no {begin} ... {end} section")
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + open(table).read().rstrip() + "\n" + end + tail)
EOF
  echo "zoo.sh: wrote the zoo section of docs/BENCHMARKS.md" >&2
fi
