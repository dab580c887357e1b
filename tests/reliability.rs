//! Reliability and security: secrets never reach the disk, `erase` leaves
//! no trace in the store's files, backups restore to the same export, and
//! damaged records give clear errors. Uses the deterministic hash embedder:
//! none of this depends on meaning.

use std::path::Path;
use std::sync::Arc;

use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::index::IndexParams;
use dreamdb::{Action, Entry, Error, Memory, NewEntry, NewTurn, Outcome, RecallQuery, Redaction, Role, Status};

const DIM: usize = 64;

fn open(path: &Path) -> Memory {
    Memory::builder(path)
        .embedder(Arc::new(HashEmbedder::new(DIM)) as Arc<dyn Embedder>)
        .index_params(IndexParams { flat_limit: 20, ..Default::default() })
        .open()
        .unwrap()
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    found.push(p.strip_prefix(dir).unwrap().display().to_string());
                }
            }
        }
    }
    found
}

fn export(mem: &Memory) -> Vec<Entry> {
    let mut out = Vec::new();
    mem.for_each_entry(|e| {
        out.push(e);
        Ok(())
    })
    .unwrap();
    out
}

const AWS: &str = "AKIAZXQW7PLMN4RTY6UV";
const GH: &str = "ghp_Zq8Lw3Nx5Vb7Mc9Kd2Jf4Hg6Ps1Rt0YuIoEa";
const PASS: &str = "Tr0ub4dor-zebra-91";

#[test]
fn secrets_in_entries_turns_and_titles_never_reach_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let mem = open(dir.path());
        id = mem.remember(NewEntry::new(format!("The CI deploy key is {AWS}; rotate it monthly"))).unwrap();
        let s = mem.begin_session("ops", Some(&format!("debugging with token {GH}"))).unwrap();
        mem.log_turn(s, Role::User, &format!("connect with postgres://admin:{PASS}@db.internal/app"), false).unwrap();
        mem.log_turn_with(s, NewTurn::new(Role::Tool, format!("export GITHUB_TOKEN={GH}\nok"))).unwrap();
        mem.end_session(s, Outcome { success: true, score: None, note: None }).unwrap();
        let turns = mem.turns(s).unwrap();
        assert_eq!(turns[0].text, "connect with postgres://admin:[REDACTED:password]@db.internal/app");
        assert!(turns[1].text.contains("[REDACTED:github_token]"), "{}", turns[1].text);
        assert_eq!(mem.session(s).unwrap().unwrap().title.unwrap(), "debugging with token [REDACTED:github_token]");
        let e = mem.get(id).unwrap().unwrap();
        assert_eq!(e.text, "The CI deploy key is [REDACTED:aws_access_key]; rotate it monthly");
        // The words around the secret still find the memory.
        assert_eq!(mem.recall(&RecallQuery::new("CI deploy key rotate monthly", 1)).unwrap()[0].entry.id, id);
        mem.close().unwrap();
    }
    for secret in [AWS, GH, PASS] {
        assert_eq!(files_containing(dir.path(), secret), Vec::<String>::new(), "{secret} reached the disk");
    }
    // Redaction off stores text as given (and the scan would have seen it).
    let raw = tempfile::tempdir().unwrap();
    {
        let mem = Memory::builder(raw.path())
            .embedder(Arc::new(HashEmbedder::new(DIM)) as Arc<dyn Embedder>)
            .redaction(Redaction::off())
            .open()
            .unwrap();
        mem.remember(NewEntry::new(format!("The CI deploy key is {AWS}"))).unwrap();
        mem.close().unwrap();
    }
    assert!(!files_containing(raw.path(), AWS).is_empty(), "the file scan cannot see stored text");
}

const MARK: &str = "Zorblaxian";

fn seed(mem: &Memory) -> (u64, u64) {
    for i in 0..60 {
        mem.remember(NewEntry::new(format!("ordinary memory {i} about the build cache")).namespace("a")).unwrap();
    }
    let target = mem.remember(NewEntry::new(format!("{MARK} launch phrase is quasar-velvet-8841")).namespace("a")).unwrap();
    let keep = mem.remember(NewEntry::new("Kestrelwood is the staging host").namespace("a")).unwrap();
    (target, keep)
}

#[test]
fn erase_removes_every_trace_of_an_entry_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let (target, keep);
    {
        let mem = open(dir.path());
        (target, keep) = seed(&mem);
        mem.update(target, dreamdb::EntryUpdate { importance: Some(0.9), ..Default::default() }).unwrap();
        mem.close().unwrap();
    }
    // Before: the text is on disk (entry, history snapshot, BM25 terms).
    assert!(!files_containing(dir.path(), "quasar-velvet-8841").is_empty());
    let mem = open(dir.path());
    let r = mem.erase(target).unwrap();
    assert_eq!(r.entries, vec![target]);
    assert!(r.history_events >= 2, "{r:?}");
    assert!(mem.get(target).unwrap().is_none());
    let h = mem.history(target).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, Action::Erased);
    assert!(h[0].before.is_none());
    let hits = mem.recall(&RecallQuery::new(format!("{MARK} launch phrase quasar"), 5).namespaces(["a"])).unwrap();
    assert!(hits.iter().all(|h| h.entry.id != target));
    assert!(mem.check().unwrap().is_consistent());
    assert!(matches!(mem.erase(target), Err(Error::NotFound(_))));
    mem.close().unwrap();
    for needle in ["quasar-velvet-8841", MARK, &MARK.to_lowercase(), "quasar"] {
        assert_eq!(files_containing(dir.path(), needle), Vec::<String>::new(), "{needle:?} left on disk");
    }
    // The other entries are untouched, before and after a reopen.
    let mem = open(dir.path());
    assert_eq!(mem.get(keep).unwrap().unwrap().text, "Kestrelwood is the staging host");
    assert_eq!(mem.recall(&RecallQuery::new("Kestrelwood staging host", 1).namespaces(["a"])).unwrap()[0].entry.id, keep);
    assert_eq!(mem.stats().unwrap().entries, 61);
    assert!(mem.check().unwrap().is_consistent());
}

#[test]
fn erasing_a_namespace_removes_its_sessions_and_spares_the_others() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mem = open(dir.path());
        seed(&mem);
        mem.remember(NewEntry::new("Bramblefinch owns the billing service").namespace("b")).unwrap();
        let s = mem.begin_session("a", Some("Fenwhistle incident")).unwrap();
        mem.log_turn(s, Role::User, "Why does the Fenwhistle job fail?", false).unwrap();
        mem.log_turn(s, Role::Tool, "Fenwhistle: permission denied on /srv/data", true).unwrap();
        mem.end_session(s, Outcome { success: false, score: None, note: None }).unwrap();
        mem.dream(&dreamdb::dream::DreamOptions::default()).unwrap();
        mem.close().unwrap();
    }
    assert!(!files_containing(dir.path(), "Fenwhistle").is_empty());
    let mem = open(dir.path());
    let r = mem.erase_namespace("a").unwrap();
    assert_eq!(r.sessions, 1);
    assert_eq!(r.entries.len(), 64, "{r:?}"); // 62 entries and 2 episodes
    assert!(mem.sessions().unwrap().is_empty());
    assert!(export(&mem).iter().all(|e| e.namespace == "b"));
    assert!(mem.check().unwrap().is_consistent());
    assert!(matches!(mem.erase_namespace("a"), Err(Error::NotFound(_))));
    mem.close().unwrap();
    for needle in ["Fenwhistle", "fenwhistl", MARK, "quasar"] {
        assert_eq!(files_containing(dir.path(), needle), Vec::<String>::new(), "{needle:?} left on disk");
    }
    let mem = open(dir.path());
    assert_eq!(mem.recall(&RecallQuery::new("who owns billing", 1).namespaces(["b"])).unwrap().len(), 1);
}

#[test]
fn erasing_one_episode_blanks_its_turn_and_the_neighbours_context() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let s = mem.begin_session("a", None).unwrap();
    mem.log_turn(s, Role::User, "deploy the api", false).unwrap();
    mem.log_turn(s, Role::User, "my locker code is Mossgrave-2207", false).unwrap();
    mem.log_turn(s, Role::Assistant, "deployed", false).unwrap();
    mem.end_session(s, Outcome { success: true, score: None, note: None }).unwrap();
    let episodes = export(&mem);
    assert_eq!(episodes.len(), 3);
    assert!(episodes[0].context.as_deref().unwrap().contains("Mossgrave"));
    let r = mem.erase(episodes[1].id).unwrap();
    assert_eq!((r.turns, r.contexts_scrubbed), (1, 2), "{r:?}");
    assert_eq!(mem.turns(s).unwrap()[1].text, dreamdb::ERASED);
    for e in export(&mem) {
        assert!(!e.context.unwrap_or_default().contains("Mossgrave"), "context of {} still quotes it", e.id);
    }
    assert!(mem.check().unwrap().is_consistent());
    mem.close().unwrap();
    assert_eq!(files_containing(dir.path(), "Mossgrave"), Vec::<String>::new());
}

#[test]
fn a_backup_taken_while_writers_run_restores_to_a_consistent_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Arc::new(open(dir.path()));
    seed(&mem);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (mem, stop) = (mem.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                mem.remember(NewEntry::new(format!("written during the backup {n}")).namespace("a")).unwrap();
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    let out = tempfile::tempdir().unwrap();
    let bdir = out.path().join("backup");
    let rep = mem.backup(&bdir).unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0);
    assert!(matches!(mem.backup(&bdir), Err(Error::InvalidInput(_))), "a backup never overwrites");

    let target = out.path().join("restored");
    Memory::restore_backup(&bdir, &target).unwrap();
    let restored = open(&target);
    assert!(restored.check().unwrap().is_consistent());
    assert_eq!(restored.open_report().graphs_built, 0, "the HNSW checkpoint came with the backup");
    let got = export(&restored);
    assert_eq!(got.len(), rep.entries);
    // Ids only grow, so the backup is exactly the source's first entries.
    let source = export(&mem);
    assert_eq!(got[..], source[..got.len()]);
    assert!(source.len() > got.len());
    let hit = restored.recall(&RecallQuery::new("Kestrelwood staging host", 1).namespaces(["a"])).unwrap();
    assert_eq!(hit[0].entry.text, "Kestrelwood is the staging host");
    assert!(matches!(Memory::restore_backup(&bdir, &target), Err(Error::InvalidInput(_))));
    assert!(matches!(Memory::restore_backup(dir.path().join("nope"), out.path().join("x")), Err(Error::InvalidInput(_))));
}

#[test]
fn a_corrupted_record_gives_a_clear_error_and_a_damaged_bm25_index_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mem = open(dir.path());
        seed(&mem);
        mem.close().unwrap();
    }
    // Truncate every file of the BM25 index: open rebuilds it.
    for e in std::fs::read_dir(dir.path().join("lexical")).unwrap().flatten() {
        let f = std::fs::OpenOptions::new().write(true).open(e.path()).unwrap();
        f.set_len(f.metadata().unwrap().len() / 2).unwrap();
    }
    {
        let mem = open(dir.path());
        assert!(mem.check().unwrap().is_consistent());
        assert_eq!(mem.recall(&RecallQuery::new("Kestrelwood", 1).namespaces(["a"]).mode(dreamdb::RecallMode::Lexical)).unwrap().len(), 1);
        mem.close().unwrap();
    }
    // A record that does not decode: a clear Corruption error naming it.
    {
        let cfs = ["entries", "vectors", "ext_ids", "sessions", "turns", "embed_cache", "history", "meta", "dreams"];
        let db = rocksdb::DB::open_cf(&rocksdb::Options::default(), dir.path(), cfs).unwrap();
        db.put_cf(db.cf_handle("entries").unwrap(), 7u64.to_be_bytes(), b"\x01\xff\xff\xff garbage").unwrap();
    }
    let err = Memory::builder(dir.path()).embedder(Arc::new(HashEmbedder::new(DIM)) as Arc<dyn Embedder>).open();
    assert!(matches!(err, Err(Error::Corruption(ref m)) if m.contains("entry 7")), "{:?}", err.err());
}

#[test]
fn merged_duplicates_go_with_their_erased_keeper() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let a = mem.remember(NewEntry::new("the launch code is Pelican-7")).unwrap();
    let b = mem.remember(NewEntry::new("the launch code is Pelican-7")).unwrap();
    mem.dream(&dreamdb::dream::DreamOptions::default()).unwrap();
    let (merged, keeper) = if mem.get(a).unwrap().unwrap().status == Status::Merged { (a, b) } else { (b, a) };
    assert_eq!(mem.get(merged).unwrap().unwrap().merged_into, Some(keeper));
    let r = mem.erase(keeper).unwrap();
    let mut gone = r.entries.clone();
    gone.sort();
    assert_eq!(gone, vec![a.min(b), a.max(b)]);
    assert!(mem.check().unwrap().is_consistent());
}

#[test]
fn namespaces_are_isolated_in_every_recall_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    for ns in ["alice", "bob"] {
        let batch = (0..30).map(|i| NewEntry::new(format!("{ns} private note {i}: the vault code is {i}")).namespace(ns)).collect();
        mem.remember_batch(batch).unwrap();
    }
    mem.remember(NewEntry::new("bob private note: the vault code is 77").namespace("bob")).unwrap();
    for mode in [dreamdb::RecallMode::Hybrid, dreamdb::RecallMode::Dense, dreamdb::RecallMode::Lexical] {
        let hits = mem.recall(&RecallQuery::new("bob private note vault code 77", 50).namespaces(["alice"]).mode(mode)).unwrap();
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.entry.namespace == "alice"), "{mode:?} leaked another namespace");
        // The default namespace holds nothing: nothing comes back unasked.
        assert!(mem.recall(&RecallQuery::new("vault code", 10).mode(mode)).unwrap().is_empty());
    }
    assert!(mem.memory_file("alice", 100_000).unwrap().lines().all(|l| !l.contains("bob")));
}
