"""The Memory API through Python: entries, filters, errors as exceptions,
close and reopen."""

import pathlib
from datetime import datetime, timedelta, timezone

import pytest

import dreamdb
from conftest import day


def test_remember_get_update_forget(mem):
    i = mem.remember(
        "Deploy with `make deploy ENV=prod`",
        kind="procedure",
        tags=["ops", "deploy"],
        importance=0.9,
        external_id="deploy-howto",
        created_at="2024-03-01T10:00:00Z",
        metadata={"source": "runbook", "lines": [3, 4]},
    )
    e = mem.get(i)
    assert isinstance(e, dreamdb.Entry)
    assert (e.id, e.text, e.kind, e.namespace, e.status) == (i, "Deploy with `make deploy ENV=prod`", "procedure", "default", "active")
    assert e.tags == ["ops", "deploy"] and e.importance == pytest.approx(0.9)
    assert e.external_id == "deploy-howto" and e.metadata == {"source": "runbook", "lines": [3, 4]}
    assert e.created_at == day(1) and e.created_at.tzinfo is not None
    assert mem.get_by_external_id("deploy-howto") == e
    assert mem.get_by_external_id("deploy-howto", namespace="other") is None
    assert e.to_dict()["tags"] == ["ops", "deploy"]

    u = mem.update(i, text="Deploy with `make release ENV=prod`", tags=["ops"], importance=0.3)
    assert u.text == "Deploy with `make release ENV=prod`" and u.tags == ["ops"] and u.kind == "procedure"
    assert mem.recall("make release", 1)[0].id == i
    assert [ev["action"] for ev in mem.history(i)] == ["created", "updated"]

    mem.forget(i)
    assert mem.get(i) is None
    assert mem.recall("make release", 5) == []
    assert mem.history(i)[-1]["action"] == "forgotten"


def test_remember_batch_is_atomic(mem):
    ids = mem.remember_batch(["one fact", {"text": "two fact", "kind": "note", "tags": "x"}])
    assert len(ids) == 2 and mem.get(ids[1]).kind == "note" and mem.get(ids[1]).tags == ["x"]
    with pytest.raises(dreamdb.InvalidInput, match="importance"):
        mem.remember_batch(["three fact", {"text": "four", "importance": 2.0}])
    with pytest.raises(dreamdb.InvalidInput, match="unknown field"):
        mem.remember_batch([{"text": "five", "colour": "red"}])
    assert mem.stats()["entries"] == 2  # nothing of the failed batches was stored
    assert mem.remember_batch([]) == []


def test_recall_filters(mem):
    mem.remember("The staging database listens on port 5433.", namespace="a", tags=["db", "staging"], created_at=day(1))
    mem.remember("The production database listens on port 5432.", namespace="a", tags=["db", "prod"], created_at=day(10))
    mem.remember("Alice prefers dark mode in every editor.", namespace="a", kind="preference", created_at=day(5))
    mem.remember("The billing database runs on port 6000.", namespace="b", tags=["db"], created_at=day(3))
    q = "which port does the database listen on?"

    def texts(**kw):
        return [h.text for h in mem.recall(q, 10, **kw)]

    assert texts() == []  # namespace `default` is empty
    in_a = mem.recall(q, 10, namespace="a")
    assert len(in_a) == 3 and all(h.namespace == "a" for h in in_a)
    assert "port" in in_a[0].text and isinstance(in_a[0], dreamdb.Hit) and in_a[0].score > 0
    assert len(texts(namespace=["a", "b"])) == 4
    assert texts(namespace="a", kinds="preference") == ["Alice prefers dark mode in every editor."]
    assert texts(namespace="a", kinds=["fact"], tags=["db", "staging"]) == ["The staging database listens on port 5433."]
    assert sorted(texts(namespace=["a", "b"], tags="db", since=day(2))) == [
        "The billing database runs on port 6000.",
        "The production database listens on port 5432.",
    ]
    assert texts(namespace="a", until=day(2)) == ["The staging database listens on port 5433."]
    # A naive datetime is local time, as datetime.timestamp() reads it.
    naive = datetime(2024, 3, 2, 10)
    assert texts(namespace="a", until=naive.astimezone(timezone.utc)) == texts(namespace="a", until=naive)

    lexical = mem.recall("port 5433", 1, namespace="a", mode="lexical")[0]
    assert lexical.text.endswith("5433.") and lexical.dense is None and lexical.lexical > 0
    dense = mem.recall("Which theme does Alice like?", 1, namespace="a", mode="dense")[0]
    assert dense.kind == "preference" and dense.lexical is None and dense.score == pytest.approx(dense.dense)

    # Archived entries leave recall unless asked for; as_of sees the past.
    staging = mem.recall("staging port", 1, namespace="a")[0].id
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    assert mem.archive(staging, "moved to the new cluster").status == "archived"
    assert staging not in [h.id for h in mem.recall(q, 10, namespace="a")]
    archived = mem.recall(q, 10, namespace="a", statuses="archived")
    assert [h.id for h in archived] == [staging] and archived[0].status == "archived"
    assert staging in [h.id for h in mem.recall(q, 10, namespace="a", as_of=before)]
    assert mem.restore(staging).status == "active"


def test_errors_are_exceptions(mem, store, model_dir):
    assert issubclass(dreamdb.InvalidInput, dreamdb.DreamdbError)
    assert issubclass(dreamdb.DreamdbError, Exception)
    with pytest.raises(dreamdb.InvalidInput, match='unknown kind "banana"'):
        mem.remember("x", kind="banana")
    with pytest.raises(dreamdb.InvalidInput, match="text"):
        mem.remember("   ")
    with pytest.raises(dreamdb.InvalidInput, match="k must be"):
        mem.recall("x", 0)
    with pytest.raises(dreamdb.InvalidInput, match="recall mode"):
        mem.recall("x", mode="fuzzy")
    with pytest.raises(dreamdb.InvalidInput, match="RFC 3339"):
        mem.recall("x", since="yesterday")
    with pytest.raises(dreamdb.InvalidInput, match="role"):
        mem.log_turn(mem.begin_session(), "hi", role="narrator")
    with pytest.raises(TypeError):
        mem.remember(42)
    with pytest.raises(TypeError, match="datetime"):
        mem.recall("x", since=1700000000)

    with pytest.raises(dreamdb.NotFound, match="entry 12345"):
        mem.forget(12345)
    with pytest.raises(dreamdb.NotFound):
        mem.update(12345, text="y")
    assert mem.get(12345) is None
    with pytest.raises(dreamdb.NotFound, match="session 999"):
        mem.log_turn(999, "hello")
    with pytest.raises(dreamdb.NotFound, match="dream 7"):
        mem.undo(7)

    s = mem.begin_session("default", "t")
    mem.end_session(s, True)
    with pytest.raises(dreamdb.InvalidInput, match="already ended"):
        mem.end_session(s, True)
    with pytest.raises(dreamdb.InvalidInput, match="score"):
        mem.end_session(mem.begin_session(), False, score=1.5)

    mem.remember("a", external_id="x1")
    with pytest.raises(dreamdb.DuplicateExternalId, match="x1"):
        mem.remember("b", external_id="x1")

    # A second handle on an open store is refused, whatever the process.
    with pytest.raises(dreamdb.Locked, match="locked"):
        dreamdb.Memory(store, model_dir)
    with pytest.raises(dreamdb.ModelError):
        dreamdb.Memory(store.parent / "other", model_dir=store.parent / "no-such-model")

    mem.close()
    assert mem.closed
    with pytest.raises(dreamdb.Closed):
        mem.recall("x")
    mem.close()  # closing twice is a no-op
    with dreamdb.Memory(store, model_dir) as again:  # the lock went with close()
        assert again.get_by_external_id("x1").text == "a"


def test_close_and_reopen_keep_everything(store, model_dir):
    with dreamdb.Memory(store, model_dir) as m:
        fact = m.remember("The office wifi password is on the fridge.", tags=["office"])
        s = m.begin_session("default", "find the wifi")
        m.log_turn(s, "Where is the wifi password?")
        m.log_turn(s, "It is on the fridge.", role="assistant")
        m.end_session(s, True, score=1.0)
        d = m.dream()
    assert m.closed

    with dreamdb.Memory(str(store), model_dir) as m:  # a str path works too
        assert isinstance(m.path, pathlib.Path)
        assert m.get(fact).text == "The office wifi password is on the fridge."
        assert m.recall("wifi password", 1, tags="office")[0].id == fact
        sess = m.session(s)
        assert sess["status"] == "reviewed" and sess["outcome"] == {"success": True, "score": 1.0, "note": None}
        assert [t["text"] for t in m.turns(s)] == ["Where is the wifi password?", "It is on the fridge."]
        assert [x["dream_id"] for x in m.dreams()] == [d["dream_id"]]
        stats = m.stats()
        assert stats["entries"] == 3 and stats["sessions"] == 1  # the fact and two episodes
        assert stats["checkpoint_seq"] == stats["seq"]  # close checkpointed the indexes


def test_dream_thresholds_are_options(mem):
    mem.remember("Alice's favourite drink is green tea.")
    mem.remember("Alice's favorite drink is green tea.")

    def merges(**bars):
        report = mem.dream(dry_run=True, **bars)
        return [c for c in report["changes"] if c["kind"] == "merge" and c["entry"] != c["target"]]

    assert len(merges()) == 1
    assert merges(merge_threshold=1.0) == []
    with pytest.raises(dreamdb.InvalidInput, match="not a probability"):
        mem.dream(dry_run=True, update_threshold=1.5)


def test_judge_explains_a_pair_and_stores_nothing(mem):
    v = mem.judge("Tom works at Google.", "Tom is employed by Google.")
    assert v["decision"] == "duplicate"
    assert v["scores"]["p_duplicate"] >= 0.8
    assert "cosine" in v["signals"]["duplicate"]
    assert mem.judge("Tom works at Google.", "Tom is employed by Google.", merge_threshold=1.0)["decision"] == "distinct"
    assert mem.judge("Tom works at Google.", "Tom left Google and joined Meta.")["decision"] == "update"
    with pytest.raises(dreamdb.InvalidInput, match="not a probability"):
        mem.judge("a", "b", update_threshold=2.0)
    with pytest.raises(dreamdb.InvalidInput, match="empty"):
        mem.judge("a", "  ")
    assert mem.stats()["entries"] == 0
