#!/usr/bin/env bash
# The main job: a fresh store, a bundled set of memories and work sessions,
# and a few recall queries, all through the dreamdb CLI on the default model.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cargo build --release --locked --bin dreamdb
bin="$CARGO_TARGET_DIR/release/dreamdb"
db="${DREAMDB_DEMO_DB:-${TMPDIR:-/tmp}/dreamdb-demo}"
rm -rf "$db"
export DREAMDB_DB="$db"

echo "== importing demo/memories.jsonl into $db"
"$bin" import demo/memories.jsonl
echo "== importing demo/sessions.jsonl"
"$bin" import-sessions demo/sessions.jsonl
echo "== remembering one more fact"
"$bin" remember "The team moved the weekly sync to Wednesdays at 10:00." --ns team --tag meetings
echo
"$bin" stats
while IFS= read -r q; do
    echo
    echo "== recall: $q"
    "$bin" recall "$q" -k 3 --ns default --ns team
done <<'QUERIES'
Which food is Emma allergic to?
How do I deploy the web app?
When is the weekly team meeting?
What went wrong with the database migrations?
QUERIES
echo
echo "== the last query as JSON, for scripts"
"$bin" recall "What went wrong with the database migrations?" -k 1 --ns team --json
echo
echo "== dreaming: review the sessions, merge duplicates, resolve the meeting-time update"
"$bin" dream --min-sessions 2
echo
echo "== recall after the dream: the superseded meeting time is gone"
"$bin" recall "When is the weekly team meeting?" -k 2 --ns team
echo
echo "== the team's memory file, for an agent to load at start"
"$bin" memory-file --ns team --budget 1500
