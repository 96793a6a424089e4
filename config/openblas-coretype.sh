# Sourced by ./vae and benchmarks/zoo.sh. OpenBLAS (ND4J's products, Debian's PyTorch) picks its
# kernels by the CPU model it knows; on a model newer than its build it falls back to generic
# kernels, 4-6x slower (one-core sgemm on the reference machine: ND4J's 30.7 against 125 GFLOP/s,
# PyTorch's 19.6 against 105-120, unset against set). Unless the user chose, name the kernels the
# CPU's flags allow. (nd4j and djl do the same in their own process before OpenBLAS loads, for
# programs not started from here: vae-host's OpenBlasKernels.)
if [ -z "${OPENBLAS_CORETYPE+set}" ] && [ -r /proc/cpuinfo ]; then
  cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
  cpu_has() { case "$cpu_flags" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
  if cpu_has avx512f && cpu_has avx512bw && cpu_has avx512dq && cpu_has avx512vl; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif cpu_has avx2 && cpu_has fma; then
    export OPENBLAS_CORETYPE=Haswell
  fi
fi
