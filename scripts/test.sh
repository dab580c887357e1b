#!/usr/bin/env bash
# Run the test suite (installs what it needs first; see setup.sh).
# Tests run with --release: the embedding tests use the real model, and an
# unoptimised candle is ~30x slower. The demo uses the same profile, so the
# two share one build.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cargo test --release --locked "$@"
