"""The agent loop through Python, with the real model: remember, log
sessions, dream, recall. The same scenario as tests/dream.rs: a tool error
recurring in three failed sessions becomes one `mistake` insight; a
paraphrased duplicate merges; a newer fact supersedes an older one."""

import pytest

from conftest import day

FAILING = [
    ("add a shipped_at column to orders", "error: could not obtain migration lock on table orders (held since 09:12)"),
    ("rename users.fullname", "error: could not obtain migration lock on table users (held since 14:40)"),
    ("drop the legacy invoices index", "error: could not obtain migration lock on table invoices (held since 08:03)"),
]
PASSING = [
    ("ship the invoice rounding hotfix", "deploy finished, 12 pods restarted"),
    ("bump the logging library", "cargo update finished; all 214 tests passed"),
]


def log_sessions(mem) -> list[int]:
    ids = []
    for i, (task, tool) in enumerate(FAILING + PASSING):
        at = day(i + 1)
        s = mem.begin_session("agent-a", task, at=at)
        assert mem.log_turn(s, f"Please {task}.", "user", at=at) == 0
        assert mem.log_turn(s, tool, "tool", error=i < 3, at=at) == 1
        closed = mem.end_session(s, success=i >= 3, note="done" if i >= 3 else "lock")
        assert closed["status"] == "closed" and closed["outcome"]["success"] == (i >= 3)
        ids.append(s)
    return ids


def remember_facts(mem) -> dict[str, int]:
    facts = {
        "tea1": ("Alice's favourite drink is green tea.", 1),
        "tea2": ("Alice's favorite drink is green tea.", 2),
        "tom_google": ("Tom works at Google as a software engineer.", 3),
        "brother": ("Tom's brother works at Google.", 4),
        "tom_meta": ("Tom left Google and now works at Meta.", 5),
        "port": ("The staging database listens on port 5433.", 6),
    }
    ids = mem.remember_batch(
        [{"text": t, "namespace": "agent-a", "created_at": day(d)} for t, d in facts.values()]
    )
    return dict(zip(facts, ids))


def test_remember_session_dream_recall(mem):
    sessions = log_sessions(mem)
    f = remember_facts(mem)
    # Ended sessions are recallable turn by turn before any dream.
    hits = mem.recall("migration lock on table users", 3, namespace="agent-a", kinds="episode")
    assert hits and "users" in hits[0].text and hits[0].kind == "episode"

    report = mem.dream()
    assert isinstance(report, dict) and not report["dry_run"]
    assert report["sessions_reviewed"] == sessions
    by_kind: dict[str, list[dict]] = {}
    for c in report["changes"]:
        by_kind.setdefault(c["kind"], []).append(c)
        assert c["reason"], c

    # The recurring error became one mistake insight with its support.
    assert len(by_kind["insight"]) == 1, report
    insight = mem.get(by_kind["insight"][0]["entry"])
    assert insight.kind == "mistake" and insight.namespace == "agent-a"
    assert "migration lock" in insight.text and "3 sessions" in insight.text, insight.text
    assert insight.metadata["support_sessions"] == sessions[:3]
    assert insight.metadata["lift"] == pytest.approx(0.4)
    assert len(insight.provenance) == 3
    assert all(mem.session(s)["status"] == "reviewed" for s in sessions)

    # The paraphrase merged into the newer copy; the newer fact superseded the older.
    tea1, tea2 = mem.get(f["tea1"]), mem.get(f["tea2"])
    assert tea1.status == "merged" and tea1.merged_into == tea2.id
    assert tea2.status == "active" and tea1.id in tea2.provenance
    old, new = mem.get(f["tom_google"]), mem.get(f["tom_meta"])
    assert old.status == "superseded" and old.superseded_by == new.id
    assert mem.get(f["brother"]).status == "active" and mem.get(f["port"]).status == "active"
    # The report lists the folded entry and the keeper (whose provenance grew).
    merges = {(c["entry"], c["target"]) for c in by_kind["merge"]}
    assert merges == {(f["tea1"], f["tea2"]), (f["tea2"], f["tea2"])}
    assert [c["entry"] for c in by_kind["supersede"]] == [f["tom_google"]]

    # Recall finds the insight, no longer returns what was superseded, and
    # still can when asked for superseded entries.
    top = mem.recall("migration lock is held", 3, namespace="agent-a", kinds=["mistake"])
    assert top[0].id == insight.id and top[0].kind == "mistake"
    where = mem.recall("where does Tom work?", 5, namespace="agent-a")
    assert f["tom_google"] not in [h.id for h in where]
    assert f["tom_meta"] in [h.id for h in where[:2]], where
    old_hits = mem.recall("where does Tom work?", 5, namespace="agent-a", statuses="superseded")
    assert [h.id for h in old_hits] == [f["tom_google"]]

    # The history names the dream, the memory file lists the mistake, and
    # a second dream changes nothing.
    last = mem.history(f["tom_google"])[-1]
    assert last["action"] == "superseded" and last["dream"] == report["dream_id"]
    assert last["before"]["status"] == "active"
    assert "## Mistakes to avoid" in mem.memory_file("agent-a")
    assert mem.dream()["changes"] == []


def test_dry_run_changes_nothing_and_undo_restores(mem):
    log_sessions(mem)
    f = remember_facts(mem)
    before = {i: mem.get(i).status for i in f.values()}
    dry = mem.dream(dry_run=True)
    assert dry["dry_run"] and {c["kind"] for c in dry["changes"]} == {"insight", "merge", "supersede"}
    assert {i: mem.get(i).status for i in f.values()} == before
    assert mem.dreams() == []

    real = mem.dream()
    assert sorted(c["kind"] for c in real["changes"]) == sorted(c["kind"] for c in dry["changes"])
    undone = mem.undo(real["dream_id"])
    assert undone["dream_id"] == real["dream_id"]
    assert len(undone["removed"]) == 1 and undone["skipped"] == []
    # The folded entry, the keeper (its provenance) and the superseded fact.
    assert sorted(undone["restored"]) == sorted([f["tea1"], f["tea2"], f["tom_google"]])
    assert {i: mem.get(i).status for i in f.values()} == before
    assert mem.get(f["tea2"]).provenance == []
    assert mem.get(undone["removed"][0]) is None
    assert mem.dreams()[0]["undone_at"] is not None
