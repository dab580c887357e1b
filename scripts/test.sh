#!/usr/bin/env bash
# Run the test suite (installs what it needs first; see setup.sh).
# Tests run with --release: the embedding tests use the real model, and an
# unoptimised candle is ~30x slower. The demo uses the same profile, so the
# two share one build.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cargo test --release --locked "$@"

# Python package: build the extension into the test venv (same target
# directory and profile as above, so only the bindings crate recompiles)
# and run its pytest suite.
venv="${DREAMDB_VENV:-$HOME/.cache/dreamdb/venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" - <<'PY' 2>/dev/null || "$venv/bin/python" -m pip install -q maturin==1.16.0 pytest==9.2.0
from importlib.metadata import version
assert (version("maturin"), version("pytest")) == ("1.16.0", "9.2.0")
PY
VIRTUAL_ENV="$venv" "$venv/bin/maturin" develop --release --quiet
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests

# Interfaces end to end: the official Python MCP client drives `dreamdb mcp`
# over stdio (tests/mcp_client.py), and the agent-loop example runs on the
# real model. `cargo test` built both already unless given a filter.
cargo build --release --locked --quiet --bin dreamdb --example agent_loop
"$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("mcp") != "2.3.0")' 2>/dev/null \
    || "$venv/bin/python" -m pip install -q "mcp==2.3.0"
"$venv/bin/python" tests/mcp_client.py "$CARGO_TARGET_DIR/release/dreamdb"
"$CARGO_TARGET_DIR/release/examples/agent_loop"
