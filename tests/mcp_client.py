"""End-to-end test of `dreamdb mcp` with the official Python MCP client.

Starts the real binary over stdio on a fresh store, with the arguments of
the client configuration shown in README.md, and drives the loop an
agent runs: remember -> session start/log/end (x3) -> dream -> recall, plus
memory_file, forget, and bad arguments, which must come back as error
results (isError) with a readable message while the server keeps serving.

Run by scripts/test.sh after `cargo test`:
    python tests/mcp_client.py PATH/TO/dreamdb
The model comes from DREAMDB_MODEL (set by scripts/setup.sh).
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

TOOLS = {"remember", "recall", "forget", "session_start", "session_log", "session_end", "dream", "judge", "memory_file"}


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def readme_config():
    """The `dreamdb` entry of the MCP client configuration in README.md."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## MCP server", 1)[1]
    block = section.split("```json\n", 1)[1].split("```", 1)[0]
    cfg = json.loads(block)["mcpServers"]["dreamdb"]
    check(cfg["command"] == "dreamdb", f"README command {cfg['command']}")
    return cfg


async def call(session, name, args):
    """A tool call that must succeed; returns its structured result."""
    r = await session.call_tool(name, args)
    text = r.content[0].text if r.content else ""
    check(not r.is_error, f"{name}({args}) failed: {text}")
    check(r.structured_content is not None, f"{name} returned no structured content")
    # The text block mirrors the structured result for clients that only read text.
    check(json.loads(text) == r.structured_content, f"{name}: text and structured content differ")
    return r.structured_content


async def call_error(session, name, args, needle):
    """A tool call that must fail with an error result naming `needle`."""
    r = await session.call_tool(name, args)
    text = r.content[0].text if r.content else ""
    check(r.is_error, f"{name}({args}) should have failed, got {text}")
    check(needle in text, f"{name}({args}): error {text!r} does not mention {needle!r}")
    return text


async def main(binary):
    with tempfile.TemporaryDirectory() as db:
        # Launch the server as the README's client configuration does, with
        # this build's binary and a fresh store. The client passes the server
        # only a minimal environment: hand the model over.
        cfg = readme_config()
        args = [db if prev == "--db" else arg for prev, arg in zip([None] + cfg["args"], cfg["args"])]
        check(args[0] == "mcp" and db in args, f"README args {cfg['args']}")
        env = {k: os.environ[k] for k in ("DREAMDB_MODEL", "DREAMDB_LOG") if k in os.environ}
        check(set(cfg.get("env", {})) <= {"DREAMDB_MODEL"}, f"README env {cfg.get('env')}")
        params = StdioServerParameters(command=binary, args=args, env=env)
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                check(init.server_info.name == "dreamdb", f"server name {init.server_info.name}")

                listed = await session.list_tools()
                names = {t.name for t in listed.tools}
                check(names == TOOLS, f"tools {sorted(names)}")
                schemas = {t.name: t.input_schema for t in listed.tools}
                hints = {t.name: t.annotations for t in listed.tools}
                check(hints["recall"].read_only_hint is True and hints["judge"].read_only_hint is True
                      and hints["forget"].destructive_hint is True,
                      f"tool annotations {hints}")
                check(schemas["remember"]["required"] == ["text"], f"remember schema {schemas['remember']}")
                check("kinds" in schemas["recall"]["properties"] and "since" in schemas["recall"]["properties"],
                      "recall schema lacks its filters")

                # remember
                deploy = await call(session, "remember", {
                    "text": "Deploy to staging with `make deploy ENV=staging` after the VPN is up",
                    "kind": "procedure", "tags": ["ops"], "ns": "agent-1"})
                await call(session, "remember", {"text": "The user prefers short answers", "kind": "preference", "ns": "agent-1"})
                dup = await call(session, "remember", {"text": "Lunch is at noon on Fridays", "ns": "agent-1"})

                # five sessions: the same migration-lock error in the three that fail
                failing = [
                    ("add a shipped_at column to orders", "error: could not obtain migration lock on table orders (held since 09:12)"),
                    ("rename users.fullname", "error: could not obtain migration lock on table users (held since 14:40)"),
                    ("drop the legacy invoices index", "error: could not obtain migration lock on table invoices (held since 08:03)"),
                ]
                passing = [
                    ("ship the invoice rounding hotfix", "deploy finished, 12 pods restarted"),
                    ("bump the logging library", "cargo update finished; all 214 tests passed"),
                ]
                for i, (task, tool) in enumerate(failing + passing):
                    failed = i < len(failing)
                    s = (await call(session, "session_start", {"ns": "agent-1", "title": task}))["session"]
                    await call(session, "session_log", {"session": s, "role": "user", "text": f"Please {task}."})
                    turn = await call(session, "session_log", {"session": s, "role": "tool", "error": failed, "text": tool})
                    check(turn == {"session": s, "turn": 1}, f"turn position {turn}")
                    ended = await call(session, "session_end", {"session": s, "success": not failed})
                    check(ended["status"] == "closed" and ended["turns"] == 2, f"session_end {ended}")

                # dream: a dry run changes nothing, then the real one writes the insight
                preview = await call(session, "dream", {"dry_run": True, "min_sessions": 3})
                check(preview["dry_run"] is True, "dry run flag")
                report = await call(session, "dream", {"min_sessions": 3})
                kinds = [c["kind"] for c in report["changes"]]
                check("insight" in kinds, f"dream made no insight: {report['summary']}")
                check(len(report["sessions_reviewed"]) == 5, f"reviewed {report['sessions_reviewed']}")
                check(sorted(kinds) == sorted(c["kind"] for c in preview["changes"]), "dry run and dream disagree")

                # judge: the verdict on a pair, with its reason; nothing is stored
                verdict = await call(session, "judge", {"older": "Tom works at Google.", "newer": "Tom left Google and joined Meta."})
                check(verdict["decision"] == "update" and "P(update)" in verdict["reason"], f"judge {verdict}")
                check(verdict["scores"]["p_update"] > verdict["scores"]["p_duplicate"], f"judge scores {verdict}")

                # recall, with filters
                hits = (await call(session, "recall", {"query": "how do I deploy to staging?", "ns": "agent-1", "k": 3}))["hits"]
                check(hits and hits[0]["id"] == deploy["id"], f"deploy procedure not first: {hits}")
                hits = (await call(session, "recall", {
                    "query": "migration lock error", "ns": ["agent-1"], "kinds": ["mistake"], "k": 5}))["hits"]
                check(hits and all(h["kind"] == "mistake" for h in hits), f"no mistake insight recalled: {hits}")
                check("migration lock" in hits[0]["text"], f"insight text: {hits[0]['text']}")
                hits = (await call(session, "recall", {
                    "query": "deploy", "ns": "agent-1", "tags": ["ops"], "mode": "lexical", "since": "2000-01-01T00:00:00Z"}))["hits"]
                check([h["id"] for h in hits] == [deploy["id"]], f"tag filter: {hits}")

                md = await call(session, "memory_file", {"ns": "agent-1"})
                check("make deploy ENV=staging" in md["markdown"], "memory file lacks the procedure")

                check((await call(session, "forget", {"id": dup["id"]}))["forgotten"] == dup["id"], "forget")

                # bad arguments: error results, not crashes
                await call_error(session, "remember", {}, "missing field `text`")
                await call_error(session, "remember", {"text": "x", "colour": "red"}, "unknown field `colour`")
                await call_error(session, "recall", {"query": "x", "k": "ten"}, "invalid arguments for recall")
                await call_error(session, "recall", {"query": "x", "mode": "fuzzy"}, "unknown recall mode")
                await call_error(session, "remember", {"text": "x", "kind": "opinion"}, "opinion")
                await call_error(session, "forget", {"id": dup["id"]}, "not found")
                await call_error(session, "session_log", {"session": 999, "text": "hi"}, "not found")
                await call_error(session, "judge", {"older": "x", "newer": " "}, "text is empty")

                # the server is still up after the errors
                again = await call(session, "recall", {"query": "what does the user prefer?", "ns": "agent-1", "k": 1})
                check(again["hits"][0]["kind"] == "preference", f"recall after errors: {again}")
        # The client closed stdin: the server closed the store cleanly
        # (indexes checkpointed up to the last change) and released it.
        out = subprocess.run([binary, "--db", db, "stats", "--json"], env=os.environ | env,
                             capture_output=True, text=True, check=True).stdout
        stats = json.loads(out)
        check(stats["seq"] == stats["checkpoint_seq"], f"store not closed cleanly: {stats}")
        check(stats["sessions"] == 5, f"stats after reopening: {stats}")
    print(f"mcp_client: ok: 9 tools; remember -> 5 sessions -> {report['summary']} -> judge -> recall; 8 bad calls gave error results")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mcp_client.py PATH/TO/dreamdb")
    asyncio.run(main(sys.argv[1]))
