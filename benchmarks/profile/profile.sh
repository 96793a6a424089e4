#!/usr/bin/env bash
# Where a vae4j command spends its time: runs ./vae under async-profiler (fetched from Maven
# Central through the Maven wrapper the first time) and prints, from its per-thread stacks, each
# thread's share of the samples and a table of the training thread's time by the innermost vae4j
# method, with the native or JDK function under it (sgemm kernels, memory copies, futex calls).
#
#   benchmarks/profile/profile.sh bench --model canonical --backend nd4j --epochs 4
#   EVENT=wall benchmarks/profile/profile.sh bench --model burda --backend djl --epochs 3
#   FORMAT=html benchmarks/profile/profile.sh train --epochs 1     # an interactive flame graph
#
# EVENT=cpu (the default) samples threads while they run on a core: where the cores go, the JIT
# compiler's threads included. EVENT=wall samples every thread at every tick, running or not: where
# the training thread waits (parked for a helper, in a system call). Samples are taken every
# INTERVAL (1ms), so a row's samples are about its milliseconds. Code the JIT inlined may be named
# for a method it was inlined into (a spin loop waiting for a helper can appear as
# ThreadLocal.get): read a row with its caller. Linux only (x64 or arm64). Once in about ten runs
# here the JVM (Debian's 17.0.15) crashed as it started with the agent, in
# JvmtiExport::post_dynamic_code_generated_internal, leaving an hs_err_pid*.log: run it again.
#
# Settings (environment): EVENT (cpu; wall), INTERVAL (1ms), FORMAT (collapsed; html), THREAD
# (main: the thread to break down), UNDER (Trainer.runEpoch: only its stacks; empty for all),
# ROWS (30), VERSION (4.0: async-profiler's), PYTHON (python3), OUT (benchmarks/profile/out,
# untracked). The profile is written to OUT/profile.EVENT.FORMAT; summarize.py reads it again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
event=${EVENT:-cpu}
interval=${INTERVAL:-1ms}
format=${FORMAT:-collapsed}
version=${VERSION:-4.0}
out=${OUT:-$here/out}
python=${PYTHON:-python3}
fail() { echo "profile.sh: $*" >&2; exit 2; }
case $event in cpu | wall) ;; *) fail "EVENT must be cpu or wall, not '$event'" ;; esac
case $format in collapsed | html) ;; *) fail "FORMAT must be collapsed or html, not '$format'" ;;
esac
[ $# -gt 0 ] || fail "name the vae command to profile, e.g. bench --model canonical"
[ "$(uname -s)" = Linux ] || fail "async-profiler's agent here is for Linux only"
case $(uname -m) in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) fail "no async-profiler build for $(uname -m)" ;;
esac

lib="$out/async-profiler-$version/$arch/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  echo "profile.sh: fetching async-profiler $version ($arch) from Maven Central..." >&2
  mkdir -p "$out/async-profiler-$version"
  (cd "$root" && ./mvnw -B -q dependency:copy \
    -Dartifact="tools.profiler:async-profiler:$version:jar:$arch" \
    -DoutputDirectory="$out/async-profiler-$version") >&2
  (cd "$out/async-profiler-$version" && jar xf "async-profiler-$version-$arch.jar" "$arch/")
fi

file="$out/profile.$event.$format"
agent="-agentpath:$lib=start,event=$event,interval=$interval,threads,$format,file=$file"
JAVA_OPTS="${JAVA_OPTS:-} $agent" "$root/vae" "$@"
echo "profile: $file" >&2
if [ "$format" = collapsed ]; then
  "$python" "$here/summarize.py" "$file" --thread "${THREAD:-main}" \
    --under "${UNDER-Trainer.runEpoch}" --rows "${ROWS:-30}"
fi
