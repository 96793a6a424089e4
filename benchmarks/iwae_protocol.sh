#!/usr/bin/env bash
# The IWAE paper's MNIST protocol (Burda, Grosse & Salakhutdinov 2016) on vae4j and on its PyTorch
# twin (benchmarks/pytorch/iwae_protocol.py), one configuration after the other, vae4j first:
# 784-200-200-50 tanh, dynamic binarisation, batch 100, Glorot initialisation, the decoder's output
# bias at the logit of the training mean, Adam with epsilon 1e-4 on the paper's schedule truncated
# to STAGES stages (3^i epochs at 1e-3 * 10^(-i/7)), then on the test set binarised once: the
# one-sample ELBO and the K-sample bound of log p(x) (EVAL_K, default 5000). Prints one Markdown
# row per run; each side's JSON stays under OUT. Both sides save their state after every epoch
# (vae4j its run folder, PyTorch OUT/pytorch-NAME.state): with RESUME=1 a second call continues
# each where it stopped (`vae train --resume`, `iwae_protocol.py --state`) instead of starting over.
#
#   benchmarks/iwae_protocol.sh                         # elbo:1:5 (121 epochs per side)
#   CONFIGS="elbo:1:5 iwae5:5:5 iwae50:50:3" benchmarks/iwae_protocol.sh
#   CONFIGS="two-layer:5:5" LATENT=100,50 benchmarks/iwae_protocol.sh
#
# Settings (environment): CONFIGS (NAME:K:STAGES ..., K = 1 trains the ELBO, more the IWAE bound
# with K samples), EVAL_K (5000), LATENT (50; 100,50 for the paper's two stochastic layers),
# SIDES (vae4j,pytorch), RESUME (0; 1 continues stopped runs), BACKEND (unset: vae train picks
# the faster), LIMIT (all images; N for a quick trial), PYTHON (/usr/bin/python3, Debian's
# python3-torch), OUT (benchmarks/pytorch/out/iwae, untracked).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
configs=${CONFIGS:-elbo:1:5}
eval_k=${EVAL_K:-5000}
latent=${LATENT:-50}
sides=${SIDES:-vae4j,pytorch}
python=${PYTHON:-/usr/bin/python3}
out=${OUT:-$root/benchmarks/pytorch/out/iwae}
mkdir -p "$out"
. "$root/config/openblas-coretype.sh"
limit=()
[[ -n "${LIMIT:-}" ]] && limit=(--limit "$LIMIT")
backend=()
[[ -n "${BACKEND:-}" ]] && backend=(--backend "$BACKEND")

fail() { # what log-file
    echo "iwae_protocol.sh: $1 failed for $name: $(tail -n 1 "$2") (all of it in $2)" >&2
    exit 1
}

row() { # name side json-file
    "$python" - "$@" <<'EOF'
import json, sys
name, side, path = sys.argv[1:4]
r = json.load(open(path))
if side == "vae4j":
    elbo, ll, se, k = -r["test_loss"], r["log_likelihood"], r["log_likelihood_standard_error"], r["iw_samples"]
    epochs = r["epoch"]
else:
    elbo, ll, se, k, epochs = r["test_elbo"], r["test_log_px"], r["test_log_px_se"], r["eval_k"], r["epochs"]
print(f"| {name} | {side} | {epochs} | {-elbo:.2f} | {-ll:.2f} +- {se:.2f} (K = {k}) |")
EOF
}

echo "| configuration | system | epochs | test -ELBO | test NLL |"
echo "|---|---|---|---|---|"
for config in $configs; do
    IFS=: read -r name k stages <<<"$config"
    objective=(--objective iwae --samples "$k")
    [[ "$k" == 1 ]] && objective=(--objective elbo)
    if [[ ",$sides," == *,vae4j,* ]]; then
        run="$out/vae4j-$name"
        if [[ "${RESUME:-0}" == 1 && -f "$run/checkpoint.safetensors" ]]; then
            "$root/vae" train --resume "$run" >>"$run.log" 2>&1 || fail "vae train" "$run.log"
        else
            rm -rf "$run"
            "$root/vae" train --hidden 200,200 --latent "$latent" --activation tanh \
                --binarize dynamic --batch-size 100 "${objective[@]}" --init glorot \
                --output-bias data-mean --schedule "burda:$stages" "${limit[@]}" \
                "${backend[@]}" --out "$run" >"$run.log" 2>&1 || fail "vae train" "$run.log"
        fi
        "$root/vae" eval --model "$run" --iw-samples "$eval_k" "${limit[@]}" --json \
            >"$run-eval.json" 2>"$run-eval.log" || fail "vae eval" "$run-eval.log"
        row "$name" vae4j "$run-eval.json"
    fi
    if [[ ",$sides," == *,pytorch,* ]]; then
        json="$out/pytorch-$name.json"
        [[ "${RESUME:-0}" == 1 ]] || rm -f "$out/pytorch-$name.state"
        OPENBLAS_NUM_THREADS=2 "$python" "$here/pytorch/iwae_protocol.py" --k "$k" \
            --latent "$latent" --stages "$stages" --eval-k "$eval_k" "${limit[@]}" \
            --state "$out/pytorch-$name.state" >"$json" \
            2>"$out/pytorch-$name.log" || fail "iwae_protocol.py" "$out/pytorch-$name.log"
        row "$name" pytorch "$json"
    fi
done
