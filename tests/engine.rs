//! Store behaviour that does not depend on meaning: persistence, index
//! checkpoints and replay, forget, errors, sessions. Uses the deterministic
//! hash embedder except where the real model is the point.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::index::IndexParams;
use dreamdb::{
    EntryUpdate, Error, Filter, Kind, Memory, NewEntry, Outcome, RecallMode, RecallQuery, Role, SessionStatus, Status,
};

const DIM: usize = 256;

fn hash() -> Arc<dyn Embedder> {
    Arc::new(HashEmbedder::new(DIM))
}

/// Small flat limit so a few hundred entries use HNSW.
fn open(path: &Path) -> Memory {
    Memory::builder(path)
        .embedder(hash())
        .index_params(IndexParams { flat_limit: 50, ..Default::default() })
        .open()
        .unwrap()
}

fn text(i: usize) -> String {
    format!("memory number {i} about topic{} and item{}", i % 17, i)
}

/// The entry is among the best-scoring hits for `q` (hash collisions can tie).
fn finds(mem: &Memory, q: &str, id: u64) -> bool {
    let hits = mem.recall(&RecallQuery::new(q, 3)).unwrap();
    hits.iter().any(|h| h.entry.id == id && h.score >= hits[0].score - 1e-6)
}

fn top_id(mem: &Memory, q: &str) -> Option<u64> {
    mem.recall(&RecallQuery::new(q, 1)).unwrap().first().map(|h| h.entry.id)
}

#[test]
fn reopen_loads_the_index_checkpoint_instead_of_rebuilding() {
    let dir = tempfile::tempdir().unwrap();
    let ids = {
        let mem = open(dir.path());
        let ids = mem.remember_batch((0..300).map(|i| NewEntry::new(text(i))).collect()).unwrap();
        mem.close().unwrap();
        ids
    };
    let mem = open(dir.path());
    let r = mem.open_report().clone();
    assert_eq!(r.entries, 300);
    assert_eq!(r.namespaces_loaded, 1, "{r:?}");
    assert_eq!(r.graphs_built, 0, "graph was rebuilt: {r:?}");
    assert_eq!(r.entries_replayed, 0, "{r:?}");
    for (i, id) in ids.iter().enumerate() {
        let e = mem.get(*id).unwrap().unwrap();
        assert_eq!(e.text, text(i));
    }
    for i in [0, 123, 299] {
        assert!(finds(&mem, &text(i), ids[i]));
    }
    let stats = mem.stats().unwrap();
    assert_eq!(stats.namespaces[0].index, "hnsw");
}

#[test]
fn a_corrupt_index_checkpoint_is_rebuilt_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mem = open(dir.path());
        mem.remember_batch((0..200).map(|i| NewEntry::new(text(i))).collect()).unwrap();
        mem.close().unwrap();
    }
    // Truncate the graph file of the checkpoint.
    let idx = dir.path().join("index");
    let ck = std::fs::read_dir(&idx).unwrap().next().unwrap().unwrap().path();
    let graph = ck.join("graph.hnsw.graph");
    let len = std::fs::metadata(&graph).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&graph).unwrap().set_len(len / 2).unwrap();
    // And lose the lexical index altogether.
    std::fs::remove_dir_all(dir.path().join("lexical")).unwrap();
    let mem = open(dir.path());
    let r = mem.open_report();
    assert_eq!(r.checkpoints_rejected, 1, "{r:?}");
    assert_eq!(r.graphs_built, 1, "{r:?}");
    assert_eq!(r.lexical_replayed, 200, "{r:?}");
    assert!(finds(&mem, &text(42), 42));
    let lex = mem.recall(&RecallQuery::new(text(42), 1).mode(RecallMode::Lexical)).unwrap();
    assert_eq!(lex[0].entry.id, 42);
}

#[test]
fn forgotten_entries_never_come_back_before_or_after_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let victim;
    {
        let mem = open(dir.path());
        let ids = mem.remember_batch((0..120).map(|i| NewEntry::new(text(i)).external_id(format!("x{i}"))).collect()).unwrap();
        mem.close().unwrap();
        let mem = open(dir.path());
        victim = ids[7];
        assert!(finds(&mem, &text(7), victim));
        mem.forget(victim).unwrap();
        assert!(mem.get(victim).unwrap().is_none());
        assert!(mem.get_by_external_id("default", "x7").unwrap().is_none());
        let hits = mem.recall(&RecallQuery::new(text(7), 120)).unwrap();
        assert!(hits.iter().all(|h| h.entry.id != victim));
        assert!(matches!(mem.forget(victim), Err(Error::NotFound(_))));
        // The history keeps the story, including the text as it was.
        let h = mem.history(victim).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].action, dreamdb::Action::Forgotten);
        assert_eq!(h[1].before.as_ref().unwrap().text, text(7));
        // No close: the forget must survive through replay, not the checkpoint.
    }
    let mem = open(dir.path());
    let hits = mem.recall(&RecallQuery::new(text(7), 120)).unwrap();
    assert_eq!(hits.len(), 119);
    assert!(hits.iter().all(|h| h.entry.id != victim));
    // The external id is free again.
    mem.remember(NewEntry::new("a new seventh").external_id("x7")).unwrap();
}

#[test]
fn update_reembeds_and_the_old_text_no_longer_matches() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let ids = mem.remember_batch((0..80).map(|i| NewEntry::new(text(i))).collect()).unwrap();
    let e = mem
        .update(ids[3], EntryUpdate { text: Some("memory number about zebra quartz".into()), ..Default::default() })
        .unwrap();
    assert_eq!(e.text, "memory number about zebra quartz");
    assert_eq!(top_id(&mem, "zebra quartz replaced"), Some(ids[3]));
    let hits = mem.recall(&RecallQuery::new(text(3), 5)).unwrap();
    assert!(hits.iter().all(|h| h.entry.id != ids[3] || h.dense.unwrap_or(0.0) < 0.5), "{hits:?}");
    drop(mem);
    let mem = open(dir.path());
    assert_eq!(top_id(&mem, "zebra quartz replaced"), Some(ids[3]));
    assert_eq!(mem.history(ids[3]).unwrap().len(), 2);
}

#[test]
fn filters_restrict_by_namespace_kind_tag_time_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let t0 = dreamdb::parse_rfc3339("2024-01-01T00:00:00Z").unwrap();
    let day = 86_400_000;
    mem.remember(NewEntry::new("alpha beta").namespace("a").created_at(t0)).unwrap();
    mem.remember(NewEntry::new("alpha beta gamma").namespace("b").kind(Kind::Preference).tag("x").created_at(t0 + day))
        .unwrap();
    mem.remember(NewEntry::new("alpha delta").namespace("b").tag("x").tag("y").created_at(t0 + 2 * day)).unwrap();

    let q = |f: Filter| -> Vec<String> {
        let mut r = RecallQuery::new("alpha", 10);
        r.filter = f;
        mem.recall(&r).unwrap().into_iter().map(|h| h.entry.text).collect()
    };
    assert!(q(Filter::default()).is_empty(), "default namespace is empty");
    assert_eq!(q(Filter { namespaces: vec!["a".into()], ..Default::default() }), vec!["alpha beta"]);
    assert_eq!(q(Filter { namespaces: vec!["a".into(), "b".into()], ..Default::default() }).len(), 3);
    let b = || Filter { namespaces: vec!["b".into()], ..Default::default() };
    assert_eq!(q(Filter { kinds: vec![Kind::Preference], ..b() }), vec!["alpha beta gamma"]);
    assert_eq!(q(Filter { tags: vec!["x".into(), "y".into()], ..b() }), vec!["alpha delta"]);
    assert_eq!(q(Filter { since: Some(t0 + 2 * day), ..b() }), vec!["alpha delta"]);
    assert_eq!(q(Filter { until: Some(t0 + 2 * day), ..b() }), vec!["alpha beta gamma"]);
    assert!(q(Filter { statuses: vec![Status::Archived], ..b() }).is_empty());
}

#[test]
fn concurrent_lexical_recalls_all_see_a_write_acknowledged_before_they_began() {
    // BM25 commits lazily, on the first search after a write. A search that
    // began while another thread's commit was in flight used to skip it
    // (the pending flag was already cleared) and read the stale index.
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    for round in 0..5 {
        let ids = mem.remember_batch((0..16).map(|i| NewEntry::new(text(round * 100 + i))).collect()).unwrap();
        std::thread::scope(|s| {
            for (i, id) in ids.iter().enumerate() {
                let mem = &mem;
                s.spawn(move || {
                    let q = RecallQuery::new(format!("item{}", round * 100 + i), 1).mode(RecallMode::Lexical);
                    let hits = mem.recall(&q).unwrap();
                    assert_eq!(hits.first().map(|h| h.entry.id), Some(*id), "round {round}, thread {i}");
                });
            }
        });
    }
}

#[test]
fn bad_input_gets_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let invalid = |r: dreamdb::Result<u64>| assert!(matches!(r, Err(Error::InvalidInput(_))), "{r:?}");
    invalid(mem.remember(NewEntry::new("   ")));
    invalid(mem.remember(NewEntry::new("ok").importance(1.5)));
    invalid(mem.remember(NewEntry::new("ok").namespace("a\0b")));
    invalid(mem.remember(NewEntry::new("x".repeat(dreamdb::MAX_TEXT_BYTES + 1))));
    mem.remember(NewEntry::new("ok").external_id("e1")).unwrap();
    assert!(matches!(
        mem.remember(NewEntry::new("again").external_id("e1")),
        Err(Error::DuplicateExternalId { existing: 0, .. })
    ));
    // A batch with one bad entry writes nothing.
    let r = mem.remember_batch(vec![NewEntry::new("fine"), NewEntry::new("")]);
    assert!(matches!(r, Err(Error::InvalidInput(ref m)) if m.contains("entry 1")), "{r:?}");
    assert_eq!(mem.stats().unwrap().entries, 1);
    assert!(matches!(mem.recall(&RecallQuery::new("ok", 0)), Err(Error::InvalidInput(_))));
    assert!(matches!(mem.recall(&RecallQuery::new("", 3)), Err(Error::InvalidInput(_))));
    assert!(matches!(mem.recall_vector(&[f32::NAN; DIM], 3, &Filter::default()), Err(Error::InvalidInput(_))));
    assert!(matches!(mem.recall_vector(&[0.1; 3], 3, &Filter::default()), Err(Error::InvalidInput(_))));
    assert!(matches!(mem.update(999, EntryUpdate::default()), Err(Error::NotFound(_))));
}

#[test]
fn a_store_made_with_another_model_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).close().unwrap();
    let err = Memory::builder(dir.path()).embedder(Arc::new(HashEmbedder::new(32))).open().err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, Error::ModelMismatch { stored_dim: 256, requested_dim: 32, .. }), "{err:?}");
    assert!(msg.contains("256") && msg.contains("32") && msg.contains("hash-embedder"), "{msg}");
    // And with the real model.
    let err = Memory::builder(dir.path()).embedder(common::model()).open().err().unwrap();
    assert!(err.to_string().contains("all-MiniLM-L6-v2"), "{err}");
    assert!(err.to_string().contains("hash-embedder"), "{err}");
}

#[test]
fn a_store_from_another_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).close().unwrap();
    {
        let mut opts = rocksdb::Options::default();
        opts.create_missing_column_families(true);
        let cfs = rocksdb::DB::list_cf(&opts, dir.path()).unwrap();
        let db = rocksdb::DB::open_cf(&opts, dir.path(), &cfs).unwrap();
        let meta = db.cf_handle("meta").unwrap();
        db.put_cf(meta, b"format_version", [9u8, 9]).unwrap();
    }
    let err = Memory::builder(dir.path()).embedder(hash()).open().err().unwrap();
    assert!(matches!(err, Error::FormatVersion { stored: 9, supported: 1, .. }), "{err:?}");
}

#[test]
fn a_second_handle_or_process_gets_store_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let err = Memory::builder(dir.path()).embedder(hash()).open().err().unwrap();
    assert!(matches!(err, Error::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("store is locked"));

    let out = Command::new(env!("CARGO_BIN_EXE_dreamdb"))
        .args(["--db", dir.path().to_str().unwrap(), "stats"])
        .env("DREAMDB_MODEL", common::model_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("store is locked"), "{stderr}");
    drop(mem);
}

#[test]
fn sessions_log_turns_in_order_and_close_with_an_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let s = mem.begin_session("agent-1", Some("fix the build")).unwrap();
    assert_eq!(mem.log_turn(s, Role::User, "the build fails", false).unwrap(), 0);
    assert_eq!(mem.log_turn(s, Role::Tool, "error: linker not found", true).unwrap(), 1);
    let ended = mem.end_session(s, Outcome { success: false, score: Some(0.2), note: None }).unwrap();
    assert_eq!(ended.status, SessionStatus::Closed);
    assert_eq!(ended.turns, 2);
    assert!(mem.log_turn(s, Role::User, "late", false).is_err());
    assert!(mem.end_session(s, Outcome { success: true, score: None, note: None }).is_err());
    assert!(matches!(mem.log_turn(77, Role::User, "x", false), Err(Error::NotFound(_))));
    // Each turn became a searchable episode, with its neighbours as context.
    let mut q = RecallQuery::new("linker not found", 5).namespaces(["agent-1"]);
    q.filter.kinds = vec![Kind::Episode];
    let hits = mem.recall(&q).unwrap();
    assert_eq!(hits.len(), 2);
    let ep = &hits[0].entry;
    assert_eq!(ep.text, "tool: error: linker not found");
    assert_eq!(ep.source.as_ref().map(|s| (s.session, s.first_turn)), Some((s, 1)));
    assert!(ep.tags.contains(&"error".to_string()));
    assert!(ep.context.as_deref().unwrap().contains("user: the build fails"), "{:?}", ep.context);
    assert!(ep.context.as_deref().unwrap().contains("fix the build"), "{:?}", ep.context);
    drop(mem);
    let mem = open(dir.path());
    let turns = mem.turns(s).unwrap();
    assert_eq!(turns.len(), 2);
    assert!(turns[1].error);
    assert_eq!(mem.session(s).unwrap().unwrap().title.as_deref(), Some("fix the build"));
}

/// Child half of the crash test: runs only when the parent sets the variable.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("DREAMDB_CRASH_DIR") else { return };
    let mem = open(Path::new(&dir));
    let ids = mem.remember_batch((0..200).map(|i| NewEntry::new(text(i))).collect()).unwrap();
    mem.checkpoint().unwrap();
    for i in 200..230 {
        let id = mem.remember(NewEntry::new(text(i))).unwrap();
        println!("ACK {id}");
    }
    for id in &ids[..5] {
        mem.forget(*id).unwrap();
        println!("FORGOT {id}");
    }
    // Die without closing: no checkpoint, no flush, no destructors.
    std::process::abort();
}

#[test]
fn acknowledged_writes_survive_a_process_crash_and_are_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env("DREAMDB_CRASH_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the child should have aborted");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The harness may print "test crash_child ... " before the first line.
    let after = |tag: &str| -> Vec<u64> {
        stdout.lines().filter_map(|l| l.rsplit_once(tag)?.1.trim().parse().ok()).collect()
    };
    let (acked, forgot) = (after("ACK "), after("FORGOT "));
    assert_eq!((acked.len(), forgot.len()), (30, 5), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));

    let mem = open(dir.path());
    let r = mem.open_report().clone();
    assert_eq!(r.namespaces_loaded, 1, "{r:?}");
    assert_eq!(r.graphs_built, 0, "{r:?}");
    assert_eq!(r.entries_replayed, 35, "30 new entries and 5 forgets replayed: {r:?}");
    for id in &acked {
        let e = mem.get(*id).unwrap().expect("acknowledged entry lost");
        assert!(finds(&mem, &e.text, *id), "entry {id} not found by its own text");
        let lex = mem.recall(&RecallQuery::new(e.text.clone(), 1).mode(RecallMode::Lexical)).unwrap();
        assert_eq!(lex[0].entry.id, *id, "lexical index lost entry {id}");
    }
    for id in &forgot {
        assert!(mem.get(*id).unwrap().is_none());
        for mode in [RecallMode::Hybrid, RecallMode::Lexical] {
            let hits = mem.recall(&RecallQuery::new(text(*id as usize), 50).mode(mode)).unwrap();
            assert!(hits.iter().all(|h| h.entry.id != *id), "{mode:?}: forgotten entry {id} came back");
        }
    }
}

/// A date stamp is when a note was written, which the entry's time says:
/// the embedding reads the statement without it, so a stamped note lies
/// where the plain statement does (the hash embedder gives any other text
/// another vector).
#[test]
fn a_date_stamp_is_not_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let plain = "Wenonah keeps three hives of bees at the Quarrybank allotment.";
    let id = mem.remember(NewEntry::new(format!("[2026-03-01] {plain}"))).unwrap();
    let hits = mem.recall(&RecallQuery::new(plain, 1).mode(RecallMode::Dense)).unwrap();
    assert_eq!(hits[0].entry.id, id);
    assert!(hits[0].dense.unwrap() > 0.9999, "{:?}", hits[0].dense);
    // The stored text keeps its stamp; the lexical index reads it too.
    assert_eq!(mem.get(id).unwrap().unwrap().text, format!("[2026-03-01] {plain}"));
    let lex = mem.recall(&RecallQuery::new("2026-03-01", 1).mode(RecallMode::Lexical)).unwrap();
    assert_eq!(lex.first().map(|h| h.entry.id), Some(id));
    // Judged against the plain statement: one text, at cosine 1.
    let report = mem.judge_pair(&format!("2026-03-01 14:05 UTC: {plain}"), plain, &dreamdb::dream::TrainedJudge::default()).unwrap();
    assert!(report.cosine > 0.9999, "{}", report.cosine);
    assert_eq!(report.decision, dreamdb::dream::Decision::Duplicate, "{}", report.reason);
}
