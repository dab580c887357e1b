//! Dreaming end to end with the real model: recurring mistakes become one
//! insight with the right support and lift; duplicates merge, updates
//! supersede, near misses stay; dry runs change nothing; undo restores the
//! exact prior export; a killed dream leaves a consistent store; recall
//! keeps answering during a dream; a second dream changes nothing.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use dreamdb::dream::{ChangeKind, Decision, DreamOptions, DreamReport, PairJudge, Thresholds, TrainedJudge, Verdict};
use dreamdb::{parse_rfc3339, Entry, EntryId, Kind, Memory, NewEntry, NewTurn, Outcome, RecallQuery, Role, Status};

fn open(path: &Path) -> Memory {
    Memory::builder(path).embedder(common::model()).open().unwrap()
}

fn export(mem: &Memory) -> Vec<Entry> {
    let mut out = Vec::new();
    mem.for_each_entry(|mut e| {
        // Recall bookkeeping is not part of what a dream or undo decides.
        e.recall_count = 0;
        e.last_recalled_at = None;
        e.seq = 0;
        e.updated_at = 0;
        out.push(e);
        Ok(())
    })
    .unwrap();
    out
}

fn day(d: u32) -> i64 {
    parse_rfc3339(&format!("2024-03-{d:02}T10:00:00Z")).unwrap()
}

/// Five sessions of one agent: the same migration-lock error in the three
/// that fail, other work in the two that succeed.
fn sessions(mem: &Memory) -> Vec<u64> {
    let failing = [
        ("add a shipped_at column to orders", "error: could not obtain migration lock on table orders (held since 09:12)"),
        ("rename users.fullname", "error: could not obtain migration lock on table users (held since 14:40)"),
        ("drop the legacy invoices index", "error: could not obtain migration lock on table invoices (held since 08:03)"),
    ];
    let passing = [
        ("ship the invoice rounding hotfix", "deploy finished, 12 pods restarted"),
        ("bump the logging library", "cargo update finished; all 214 tests passed"),
    ];
    let mut ids = Vec::new();
    for (i, (task, tool)) in failing.iter().chain(passing.iter()).enumerate() {
        let s = mem.begin_session_at("agent-a", Some(task), Some(day(i as u32 + 1))).unwrap();
        mem.log_turn_with(s, NewTurn { at: Some(day(i as u32 + 1)), ..NewTurn::new(Role::User, format!("Please {task}.")) })
            .unwrap();
        mem.log_turn_with(s, NewTurn { error: i < 3, at: Some(day(i as u32 + 1)), ..NewTurn::new(Role::Tool, *tool) })
            .unwrap();
        let success = i >= 3;
        mem.end_session(s, Outcome { success, score: None, note: None }).unwrap();
        ids.push(s);
    }
    ids
}

fn facts(mem: &Memory) -> [u64; 6] {
    let f = |text: &str, d: u32| NewEntry::new(text).namespace("agent-a").created_at(day(d));
    let ids = mem
        .remember_batch(vec![
            f("Alice's favourite drink is green tea.", 1),
            f("Alice's favorite drink is green tea.", 2),
            f("Tom works at Google as a software engineer.", 3),
            f("Tom's brother works at Google.", 4),
            f("Tom left Google and now works at Meta.", 5),
            f("The staging database listens on port 5433.", 6),
        ])
        .unwrap();
    ids.try_into().unwrap()
}

#[test]
fn a_recurring_tool_error_in_failed_sessions_becomes_one_mistake_insight() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let sessions = sessions(&mem);
    let r = mem.dream(&DreamOptions::default()).unwrap();
    assert_eq!(r.sessions_reviewed, sessions);
    let insights: Vec<_> = r.changes.iter().filter(|c| c.kind == ChangeKind::Insight).collect();
    assert_eq!(insights.len(), 1, "{r:#?}");
    let e = mem.get(insights[0].entry).unwrap().unwrap();
    assert_eq!(e.kind, Kind::Mistake);
    assert!(e.text.contains("migration lock"), "{}", e.text);
    assert!(e.text.contains("3 sessions"), "{}", e.text);
    let meta: serde_json::Value = serde_json::from_str(e.metadata.as_deref().unwrap()).unwrap();
    assert_eq!(meta["support_sessions"], serde_json::json!(&sessions[..3]));
    // 3 of 3 supporting sessions failed against 3 of 5 overall: lift 0.4.
    assert!((meta["lift"].as_f64().unwrap() - 0.4).abs() < 1e-6, "{meta}");
    assert_eq!(e.provenance.len(), 3);
    for s in &sessions {
        assert_eq!(mem.session(*s).unwrap().unwrap().status, dreamdb::SessionStatus::Reviewed);
    }
    // Found by recall, and the next dream changes nothing.
    let mut q = RecallQuery::new("migration lock is held", 3).namespaces(["agent-a"]);
    q.filter.kinds = vec![Kind::Mistake];
    assert_eq!(mem.recall(&q).unwrap()[0].entry.id, e.id);
    let before = export(&mem);
    let again = mem.dream(&DreamOptions::default()).unwrap();
    assert!(again.changes.is_empty(), "{again:#?}");
    assert_eq!(export(&mem), before);
}

#[test]
fn duplicates_merge_updates_supersede_and_near_misses_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let [tea1, tea2, tom_google, brother, tom_meta, port] = facts(&mem);
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    // The paraphrase merges into the newer wording, which absorbs its provenance.
    assert_eq!(get(tea1).status, Status::Merged, "{r:#?}");
    assert_eq!(get(tea1).merged_into, Some(tea2));
    assert_eq!(get(tea2).status, Status::Active);
    assert!(get(tea2).provenance.contains(&tea1));
    // The update supersedes the older fact.
    assert_eq!(get(tom_google).status, Status::Superseded, "{r:#?}");
    assert_eq!(get(tom_google).superseded_by, Some(tom_meta));
    // Near miss and unrelated fact untouched.
    assert_eq!(get(brother).status, Status::Active, "{r:#?}");
    assert_eq!(get(tom_meta).status, Status::Active);
    assert_eq!(get(port).status, Status::Active);
    // Every change is explained, in the report and in the history.
    let sup = r.changes.iter().find(|c| c.kind == ChangeKind::Supersede).unwrap();
    assert!(!sup.reason.is_empty() && sup.scores.iter().any(|(k, _)| k == "cosine"));
    let h = mem.history(tom_google).unwrap();
    assert_eq!(h.last().unwrap().dream, Some(r.dream_id));
    assert!(h.last().unwrap().reason.as_deref().unwrap().contains("dream"));
    // Recall no longer shows the superseded fact, unless asked.
    let q = RecallQuery::new("Where does Tom work?", 5).namespaces(["agent-a"]);
    assert!(mem.recall(&q).unwrap().iter().all(|h| h.entry.id != tom_google));
    let mut q2 = q.clone();
    q2.filter.statuses = vec![Status::Superseded];
    assert_eq!(mem.recall(&q2).unwrap()[0].entry.id, tom_google);
    // A second dream right after changes nothing.
    let again = mem.dream(&DreamOptions::default()).unwrap();
    assert!(again.changes.is_empty(), "{again:#?}");
}

/// A scripted judge: every pair with the newest statement is an update;
/// nothing else is related. `same` is its answer to "the same fact?".
struct Scripted {
    same: bool,
    sure: bool,
    alike: bool,
}

impl PairJudge for Scripted {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let new = if a.created_at <= b.created_at { b } else { a };
        let update = new.text.contains("no longer");
        Verdict { decision: if update { Decision::Update } else { Decision::Distinct }, reason: "scripted".into(), scores: Vec::new() }
    }

    fn same_fact(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        self.same
    }

    fn sure_update(&self, _: &Verdict) -> bool {
        self.sure
    }

    fn updated_alike(&self, _: &Entry, _: &Entry, _: f32, _: &Verdict) -> bool {
        self.alike
    }
}

#[test]
fn a_newer_statement_supersedes_one_fact_and_only_later_evidence_supersedes() {
    for (same, sure, alike) in [(false, false, false), (true, false, false), (false, true, false), (false, false, true)] {
        let dir = tempfile::tempdir().unwrap();
        let mem = open(dir.path());
        let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
        let ids = mem
            .remember_batch(vec![
                f("Maria Lopez follows a vegetarian diet.", 1),
                f("Maria Lopez follows a gluten-free diet.", 2),
                f("Maria Lopez is no longer vegetarian.", 5),
            ])
            .unwrap();
        let r = mem.dream(&DreamOptions { judge: Arc::new(Scripted { same, sure, alike }), ..Default::default() }).unwrap();
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).status, Status::Superseded, "{r:#?}");
        assert_eq!(get(ids[0]).superseded_by, Some(ids[2]));
        let change = r.changes.iter().find(|c| c.entry == ids[0]).unwrap();
        // The closer of the two (cosine) is the fact the update rewrites.
        assert!(change.reason.contains("the closest of 2 older statements"), "{}", change.reason);
        if same || sure || alike {
            // The judge holds the farther match for the same fact, is sure
            // the newer statement updates it too, or reads both together:
            // it goes as well.
            assert_eq!(get(ids[1]).status, Status::Superseded, "{r:#?}");
            let change = r.changes.iter().find(|c| c.entry == ids[1]).unwrap();
            let why = if same {
                "the same fact as"
            } else if sure {
                "updated as firmly as"
            } else {
                "updated too, and likely the same fact as"
            };
            assert!(change.reason.contains(why), "{}", change.reason);
        } else {
            assert_eq!(get(ids[1]).status, Status::Active, "{r:#?}");
        }
        assert_eq!(get(ids[2]).status, Status::Active);
    }
    // Written at the same moment, neither statement is newer evidence.
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let f = |text: &str| NewEntry::new(text).namespace("n").created_at(day(3));
    let ids = mem.remember_batch(vec![f("Maria Lopez follows a vegetarian diet."), f("Maria Lopez is no longer vegetarian.")]).unwrap();
    let r = mem.dream(&DreamOptions { judge: Arc::new(Scripted { same: false, sure: false, alike: false }), ..Default::default() }).unwrap();
    assert!(r.changes.is_empty(), "{r:#?}");
    assert!(ids.iter().all(|id| mem.get(*id).unwrap().unwrap().status == Status::Active));
}

/// Duplicates by a script: the pairs whose texts end in the two words
/// named; the same fact as `same` says.
struct Linked {
    pairs: Vec<(&'static str, &'static str)>,
    same: bool,
}

impl PairJudge for Linked {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let last = |e: &Entry| e.text.rsplit(' ').next().unwrap_or_default().to_string();
        let (x, y) = (last(a), last(b));
        let dup = self.pairs.iter().any(|(p, q)| (x == *p && y == *q) || (x == *q && y == *p));
        Verdict { decision: if dup { Decision::Duplicate } else { Decision::Distinct }, reason: "scripted".into(), scores: Vec::new() }
    }

    fn same_fact(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        self.same
    }
}

/// [`Linked`], whose groups join on [`PairJudge::same_group`] while
/// [`PairJudge::same_fact`] says no.
struct Grouped(Linked);

impl PairJudge for Grouped {
    fn judge(&self, a: &Entry, b: &Entry, cosine: f32) -> Verdict {
        self.0.judge(a, b, cosine)
    }

    fn same_fact(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        false
    }

    fn same_group(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        self.0.same
    }
}

#[test]
fn two_wordings_that_each_gathered_duplicates_join_when_all_are_the_same_fact() {
    // With the hash embedder (semantics do not matter here) the pairs come
    // closest first: a1-a2 (p, q) and b1-b2 (r, t) share nine words of
    // ten, a2-b1 (q, r) seven, the others six. The newer of each first
    // pair keeps, so when q-r comes, each of q and r is a keeper or merged
    // into one: the two groups join only as groups, whichever way.
    for (q_keeps, r_keeps, same) in [(false, true, true), (false, false, true), (true, true, true), (true, false, true)]
        .into_iter()
        .chain([(false, true, false), (false, false, false), (true, true, false), (true, false, false)])
    {
        let dir = tempfile::tempdir().unwrap();
        let mem = Memory::builder(dir.path()).embedder(Arc::new(dreamdb::embed::HashEmbedder::new(384))).open().unwrap();
        let words = "s1 s2 s3 s4 s5 s6";
        let f = |text: String, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
        let newer = |keeps: bool| if keeps { (1, 2) } else { (2, 1) };
        let ((p, q), (t, r)) = (newer(q_keeps), newer(r_keeps));
        let ids = mem
            .remember_batch(vec![
                f(format!("{words} a1 a2 a3 p"), p),
                f(format!("{words} a1 a2 a3 q"), q),
                f(format!("{words} b1 b2 b3 r"), r + 2),
                f(format!("{words} b1 b2 b3 t"), t + 2),
            ])
            .unwrap();
        let linked = Linked { pairs: vec![("p", "q"), ("r", "t"), ("q", "r")], same };
        // Groups join on the judge's bar for joining groups, not on its
        // bar for the same fact of an update.
        let judge: Arc<dyn PairJudge> = if q_keeps == r_keeps { Arc::new(linked) } else { Arc::new(Grouped(linked)) };
        let r = mem.dream(&DreamOptions { judge, ..Default::default() }).unwrap();
        let get = |id| mem.get(id).unwrap().unwrap();
        let root = |mut id| {
            while let Some(next) = get(id).merged_into {
                id = next;
            }
            id
        };
        let roots: std::collections::BTreeSet<EntryId> = ids.iter().map(|&id| root(id)).collect();
        let case = format!("q keeps {q_keeps}, r keeps {r_keeps}, same fact {same}");
        if same {
            assert_eq!(roots.len(), 1, "{case}: {r:#?}");
            let keeper = get(*roots.iter().next().unwrap());
            assert_eq!(keeper.status, Status::Active);
            // The keeper lists every statement that joined it.
            for id in ids.iter().filter(|&&id| id != keeper.id) {
                assert!(keeper.provenance.contains(id), "{case}: {:?} {r:#?}", keeper.provenance);
            }
        } else {
            // Not the same fact across the groups: two groups stay.
            assert_eq!(roots.len(), 2, "{case}: {r:#?}");
        }
    }
}

#[test]
fn dry_run_changes_nothing_and_undo_restores_the_exact_prior_export() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    sessions(&mem);
    facts(&mem);
    let before = export(&mem);
    let dry = mem.dream(&DreamOptions { dry_run: true, ..Default::default() }).unwrap();
    assert!(dry.dry_run && !dry.changes.is_empty());
    assert_eq!(export(&mem), before, "a dry run changed the store");
    assert!(mem.dreams().unwrap().is_empty(), "a dry run left a dream record");

    let real = mem.dream(&DreamOptions::default()).unwrap();
    let kinds = |r: &dreamdb::dream::DreamReport| {
        let mut k: Vec<_> = r.changes.iter().map(|c| (c.kind, c.namespace.clone(), c.text.clone())).collect();
        k.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        k
    };
    assert_eq!(kinds(&dry), kinds(&real), "the dry run planned something else");
    assert_ne!(export(&mem), before);
    let u = mem.undo(real.dream_id).unwrap();
    assert_eq!(u.removed.len(), 1, "{u:?}");
    assert!(u.skipped.is_empty());
    assert_eq!(export(&mem), before, "undo did not restore the prior export");
    assert!(mem.undo(real.dream_id).is_err(), "undone twice");
    assert!(mem.dreams().unwrap()[0].undone_at.is_some());
    // The undone changes can be dreamt again.
    let redo = mem.dream(&DreamOptions::default()).unwrap();
    assert_eq!(kinds(&redo).len(), kinds(&real).len());
}

#[test]
fn an_entry_changed_by_the_agent_after_the_dream_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let [tea1, ..] = facts(&mem);
    let r = mem.dream(&DreamOptions::default()).unwrap();
    mem.restore(tea1).unwrap();
    let u = mem.undo(r.dream_id).unwrap();
    assert_eq!(u.skipped, vec![tea1]);
    assert_eq!(mem.get(tea1).unwrap().unwrap().status, Status::Active);
}

#[test]
fn recall_keeps_answering_while_a_dream_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Arc::new(open(dir.path()));
    sessions(&mem);
    facts(&mem);
    let many: Vec<NewEntry> = (0..300)
        .map(|i| NewEntry::new(format!("Project {i} uses port {} and is owned by team {}", 4000 + i, i % 7)).namespace("agent-a"))
        .collect();
    mem.remember_batch(many).unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (mem, stop) = (mem.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || n == 0 {
                let hits = mem.recall(&RecallQuery::new("which port does project 42 use", 3).namespaces(["agent-a"])).unwrap();
                assert!(!hits.is_empty());
                n += 1;
            }
            n
        })
    };
    let r = mem.dream(&DreamOptions::default()).unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let recalls = reader.join().unwrap();
    assert!(recalls > 0 && !r.changes.is_empty());
}

#[test]
fn the_background_dreamer_runs_after_closed_sessions_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Arc::new(open(dir.path()));
    let dreamer = mem
        .start_dreamer(dreamdb::dream::DreamSchedule { after_sessions: Some(5), ..Default::default() })
        .unwrap();
    sessions(&mem);
    let t = std::time::Instant::now();
    while dreamer.reports().is_empty() && t.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let reports = dreamer.reports();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].as_ref().unwrap().count(ChangeKind::Insight), 1);
    dreamer.stop();
}

/// Child half of the kill test: dreams over a store prepared by the parent.
#[test]
fn dream_child() {
    let Some(dir) = std::env::var_os("DREAMDB_DREAM_DIR") else { return };
    let mem = open(Path::new(&dir));
    println!("START");
    let r = mem.dream(&DreamOptions::default()).unwrap();
    println!("APPLIED {}", r.dream_id);
    std::process::abort();
}

#[test]
fn a_dream_killed_mid_run_leaves_a_consistent_store_and_the_next_dream_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mem = open(dir.path());
        sessions(&mem);
        facts(&mem);
    }
    // Kill the child at several points: before, during or after the apply.
    for delay_ms in [300u64, 700, 1200] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "dream_child", "--nocapture", "--test-threads=1"])
            .env("DREAMDB_DREAM_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let mem = open(dir.path());
        // Consistent: every link points at an entry that exists.
        mem.for_each_entry(|e| {
            for target in e.merged_into.iter().chain(e.superseded_by.iter()) {
                assert!(mem.get(*target).unwrap().is_some(), "dangling link from {}", e.id);
            }
            if e.status == Status::Merged {
                assert!(e.merged_into.is_some());
            }
            Ok(())
        })
        .unwrap();
        // Either a dream applied in full or not at all: its record and its
        // changes land together, and only the first dream has changes.
        let dreams = mem.dreams().unwrap();
        assert!(dreams.iter().all(|d| d.applied_seq.is_some()));
        assert!(dreams.iter().filter(|d| !d.changes.is_empty()).count() <= 1, "{dreams:?}");
        let merged = export(&mem).iter().filter(|e| e.status == Status::Merged).count();
        let applied = dreams.iter().any(|d| !d.changes.is_empty());
        assert_eq!(merged, applied as usize, "changes without a record, or a record without its changes");
    }
    let mem = open(dir.path());
    mem.dream(&DreamOptions::default()).unwrap();
    let statuses: Vec<Status> = export(&mem).iter().filter(|e| e.namespace == "agent-a" && e.kind == Kind::Fact).map(|e| e.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == Status::Merged).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == Status::Superseded).count(), 1, "{statuses:?}");
    assert_eq!(export(&mem).iter().filter(|e| e.kind == Kind::Mistake).count(), 1);
    assert!(mem.dream(&DreamOptions::default()).unwrap().changes.is_empty());
}

#[test]
fn an_insight_seen_in_two_agents_sessions_is_promoted_to_the_team_namespace() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let run = |agent: &str, d: u32, tool: &str, success: bool| {
        let s = mem.begin_session_at(agent, Some("release"), Some(day(d))).unwrap();
        mem.log_turn_with(s, NewTurn { error: !success, at: Some(day(d)), ..NewTurn::new(Role::Tool, tool) }).unwrap();
        mem.end_session(s, Outcome { success, score: None, note: None }).unwrap();
    };
    let err = |n: u32| format!("error: signing key expired for the release bucket (attempt {n})");
    run("agent-a", 1, &err(1), false);
    run("agent-a", 2, &err(2), false);
    run("agent-b", 3, &err(3), false);
    run("agent-a", 4, "release published to the bucket", true);
    run("agent-b", 5, "changelog generated for 1.4.0", true);
    run("agent-b", 6, "tagged v1.4.0 and pushed the tag", true);
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let ins: Vec<_> = r.changes.iter().filter(|c| c.kind == ChangeKind::Insight).collect();
    assert_eq!(ins.len(), 1, "{r:#?}");
    assert_eq!(ins[0].namespace, "team");
    let e = mem.get(ins[0].entry).unwrap().unwrap();
    assert_eq!(e.kind, Kind::Mistake);
    let meta: serde_json::Value = serde_json::from_str(e.metadata.as_deref().unwrap()).unwrap();
    assert_eq!(meta["agents"], serde_json::json!(["agent-a", "agent-b"]));
    // The team's memory file lists it under mistakes.
    let file = mem.memory_file("team", 4096).unwrap();
    assert!(file.contains("## Mistakes to avoid") && file.contains("signing key expired"), "{file}");
}

/// A scripted judge that sees an update only in the fact's own word order:
/// "Hiroshi Sato uses Firefox ..." -> "Hiroshi Sato uses Brave ...", not
/// from the reworded paraphrase.
struct WordOrder;

impl PairJudge for WordOrder {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let (old, new) = if (a.created_at, a.id) <= (b.created_at, b.id) { (a, b) } else { (b, a) };
        let decision = if old.created_at == new.created_at {
            Decision::Duplicate
        } else if old.text.starts_with("Hiroshi Sato uses") {
            Decision::Update
        } else {
            Decision::Distinct
        };
        Verdict { decision, reason: "scripted".into(), scores: Vec::new() }
    }
}

#[test]
fn a_merged_statement_still_counts_as_evidence_of_an_update_to_its_keeper() {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
    let ids = mem
        .remember_batch(vec![
            f("Hiroshi Sato uses Firefox as his default browser.", 1),
            // Longer at the same moment: the keeper of the two.
            f("As his default browser, Hiroshi Sato has chosen the Firefox web browser.", 1),
            f("Hiroshi Sato uses Brave as his default browser.", 5),
        ])
        .unwrap();
    let r = mem.dream(&DreamOptions { judge: Arc::new(WordOrder), ..Default::default() }).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[0]).merged_into, Some(ids[1]), "{r:#?}");
    // Only the merged statement's wording shows the update; it supersedes the keeper.
    assert_eq!(get(ids[1]).status, Status::Superseded, "{r:#?}");
    assert_eq!(get(ids[1]).superseded_by, Some(ids[2]));
    assert_eq!(get(ids[2]).status, Status::Active);
}

/// A scripted judge for which every later statement updates every earlier
/// one, and nothing is the same fact: which update wins is then left to
/// the dream's matching. With `firm: false`, no verdict is firm enough to
/// chain through.
struct EveryLaterUpdates {
    firm: bool,
}

impl PairJudge for EveryLaterUpdates {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let decision = if a.created_at == b.created_at { Decision::Distinct } else { Decision::Update };
        Verdict { decision, reason: "scripted".into(), scores: Vec::new() }
    }

    fn firm_update(&self, _: &Verdict) -> bool {
        self.firm
    }

    fn same_fact(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        false
    }
}

#[test]
fn of_two_statements_judged_to_update_one_fact_the_closer_takes_it_not_the_first_written() {
    const FACT: &str = "The CI pipeline times out after 45 minutes.";
    const UPDATE: &str = "The CI pipeline timeout was raised to 90 minutes.";
    const NEAR: &str = "The CI pipeline's lint stage times out after 5 minutes.";
    // Two ways the judge errs on the near miss: it updates the fact (and
    // came first, so it took the fact), or the update updates it (and the
    // next dream, the fact gone, let the update take it).
    static NEAR_UPDATES_FACT: [(&str, &str, Decision); 2] = [(FACT, UPDATE, Decision::Update), (FACT, NEAR, Decision::Update)];
    static UPDATE_UPDATES_NEAR: [(&str, &str, Decision); 2] = [(FACT, UPDATE, Decision::Update), (NEAR, UPDATE, Decision::Update)];
    for verdicts in [&NEAR_UPDATES_FACT, &UPDATE_UPDATES_NEAR] {
        let dir = tempfile::tempdir().unwrap();
        let mem = open(dir.path());
        let judge = dreamdb::dream::TrainedJudge::default();
        let cos = |a: &str, b: &str| mem.judge_pair(a, b, &judge).unwrap().cosine;
        // The premise: all three are candidate pairs, and the update is
        // nearer to the fact than the near miss is to either.
        let bar = DreamOptions::default().candidate_similarity;
        assert!(cos(FACT, NEAR) >= bar && cos(NEAR, UPDATE) >= bar);
        assert!(cos(FACT, UPDATE) > cos(FACT, NEAR) && cos(FACT, UPDATE) > cos(NEAR, UPDATE));
        // The near miss is written between the fact and its update.
        let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
        let ids = mem.remember_batch(vec![f(FACT, 1), f(UPDATE, 5), f(NEAR, 3)]).unwrap();
        let options = DreamOptions { judge: Arc::new(table(verdicts)), ..Default::default() };
        let r = mem.dream(&options).unwrap();
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).superseded_by, Some(ids[1]), "{r:#?}");
        assert_eq!(get(ids[1]).status, Status::Active);
        // The near miss keeps its status, in this dream and the next.
        assert_eq!(get(ids[2]).status, Status::Active, "{r:#?}");
        assert!(r.changes.iter().all(|c| c.entry != ids[2] && c.target != Some(ids[2])), "{r:#?}");
        let again = mem.dream(&options).unwrap();
        assert!(again.changes.is_empty(), "a statement that replaced its fact takes no other later: {again:#?}");
    }
}

#[test]
fn updates_of_updates_leave_only_the_newest_active() {
    let triples = [
        // The first two are the closest pair: a chain, A -> B -> C.
        [
            "The office guest Wi-Fi password is sunflower42.",
            "The office guest Wi-Fi password is maple77.",
            "The guest Wi-Fi password at the office was changed to birch19.",
        ],
        // The first and last are: C takes A, and B, an earlier update of A, with it.
        [
            "The office guest Wi-Fi password is sunflower42.",
            "The office guest Wi-Fi password was changed to maple77.",
            "The office guest Wi-Fi password is now birch19.",
        ],
    ];
    let mut chained = Vec::new();
    for texts in triples {
        let dir = tempfile::tempdir().unwrap();
        let mem = open(dir.path());
        let judge = dreamdb::dream::TrainedJudge::default();
        let cos = |a: usize, b: usize| mem.judge_pair(texts[a], texts[b], &judge).unwrap().cosine;
        let (ab, bc, ac) = (cos(0, 1), cos(1, 2), cos(0, 2));
        let bar = DreamOptions::default().candidate_similarity;
        assert!(ab.min(bc).min(ac) >= bar, "all three are candidate pairs: {ab} {bc} {ac}");
        let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
        let ids = mem.remember_batch(vec![f(texts[0], 1), f(texts[1], 3), f(texts[2], 5)]).unwrap();
        let options = DreamOptions { judge: Arc::new(EveryLaterUpdates { firm: true }), ..Default::default() };
        let r = mem.dream(&options).unwrap();
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[2]).status, Status::Active);
        assert_eq!(get(ids[1]).superseded_by, Some(ids[2]), "{ab} {bc} {ac}: {r:#?}");
        let chain = !(ac > ab && ac > bc);
        let want = if chain { ids[1] } else { ids[2] };
        assert_eq!(get(ids[0]).superseded_by, Some(want), "{ab} {bc} {ac}: {r:#?}");
        if !chain {
            let change = r.changes.iter().find(|c| c.entry == ids[1]).unwrap();
            assert!(change.reason.contains("an earlier update of"), "{}", change.reason);
        }
        assert!(mem.dream(&options).unwrap().changes.is_empty());
        chained.push(chain);
    }
    assert_eq!(chained, [true, false], "each case is met once");
}

#[test]
fn an_earlier_update_is_superseded_along_a_chain_only_when_its_verdict_is_firm() {
    // C takes A (the closest pair); B, judged to update A, goes with it
    // only if that verdict is firm: a near miss judged, weakly, to update
    // the fact, and to be updated by the update, looks the same to the
    // planning.
    let texts = [
        "The office guest Wi-Fi password is sunflower42.",
        "The office guest Wi-Fi password was changed to maple77.",
        "The office guest Wi-Fi password is now birch19.",
    ];
    for firm in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let mem = open(dir.path());
        let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
        let ids = mem.remember_batch(vec![f(texts[0], 1), f(texts[1], 3), f(texts[2], 5)]).unwrap();
        let options = DreamOptions { judge: Arc::new(EveryLaterUpdates { firm }), ..Default::default() };
        let r = mem.dream(&options).unwrap();
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).superseded_by, Some(ids[2]), "{r:#?}");
        let want = if firm { Some(ids[2]) } else { None };
        assert_eq!(get(ids[1]).superseded_by, want, "firm {firm}: {r:#?}");
    }
    // The default judge asks P(update) ≥ 0.9 of the verdict it chains through.
    let judge = dreamdb::dream::TrainedJudge::default();
    let firm = |p: f32| {
        let scores = vec![("p_duplicate".to_string(), 0.0), ("p_update".to_string(), p)];
        judge.firm_update(&Verdict { decision: Decision::Update, reason: String::new(), scores })
    };
    assert!(firm(0.95) && firm(0.9) && !firm(0.8));
}

#[test]
fn a_chain_of_real_updates_ends_at_the_newest_value() {
    let texts = ["The production API listens on port 8080.", "The production API now listens on port 8443.", "The production API was moved to port 9443."];
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
    let ids = mem.remember_batch(vec![f(texts[0], 1), f(texts[1], 3), f(texts[2], 5)]).unwrap();
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[0]).superseded_by, Some(ids[1]), "{r:#?}");
    assert_eq!(get(ids[1]).superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(get(ids[2]).status, Status::Active);
}

/// Scripted pairs: (older, newer) texts.
type Pairs = &'static [(&'static str, &'static str)];

/// A scripted judge that reads its verdicts from a table of (older,
/// newer) texts (every other pair is distinct), and its answers to the
/// dream's other questions from the lists beside it (empty: never).
#[derive(Clone, Copy, Default)]
struct Table {
    verdicts: &'static [(&'static str, &'static str, Decision)],
    /// The answer of `same_fact` for every pair; `None`: the trait's
    /// default (the verdict is a duplicate).
    same_fact: Option<bool>,
    /// Pairs that may never be one statement ([`PairJudge::conflict`]).
    conflicts: Pairs,
    /// Pairs about two things ([`PairJudge::two_things`]).
    two_things: Pairs,
    /// (fact, other, newer) triples where a later announced change of the
    /// fact shows the other statement to be about another thing
    /// ([`PairJudge::restated_against`]).
    restated: &'static [(&'static str, &'static str, &'static str)],
    /// Pairs judged distinct but close to duplicates
    /// ([`PairJudge::close_to_duplicate`]).
    close: Pairs,
}

/// [`Table`] with these verdicts, no statement the same fact as another
/// but by the verdicts, and nothing else scripted.
fn table(verdicts: &'static [(&'static str, &'static str, Decision)]) -> Table {
    Table { verdicts, same_fact: Some(false), ..Default::default() }
}

impl PairJudge for Table {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let (old, new) = if (a.created_at, a.id) <= (b.created_at, b.id) { (a, b) } else { (b, a) };
        let decision = self.verdicts.iter().find(|(o, n, _)| *o == old.text && *n == new.text).map_or(Decision::Distinct, |t| t.2);
        let scores = if scripted(self.close, a, b) { vec![("close".into(), 1.0)] } else { Vec::new() };
        Verdict { decision, reason: "scripted".into(), scores }
    }

    fn close_to_duplicate(&self, v: &Verdict) -> bool {
        v.decision == Decision::Duplicate || v.scores.iter().any(|(k, _)| k == "close")
    }

    fn same_fact(&self, a: &Entry, b: &Entry, cosine: f32) -> bool {
        self.same_fact.unwrap_or_else(|| self.judge(a, b, cosine).decision == Decision::Duplicate)
    }

    fn conflict(&self, a: &Entry, b: &Entry) -> Option<String> {
        scripted(self.conflicts, a, b).then(|| "scripted conflict".into())
    }

    fn two_things(&self, a: &Entry, b: &Entry) -> Option<String> {
        scripted(self.two_things, a, b).then(|| "scripted: two things".into())
    }

    fn restated_against(&self, fact: &Entry, other: &Entry, newer: &Entry) -> Option<String> {
        self.restated.iter().any(|(f, o, n)| *f == fact.text && *o == other.text && *n == newer.text).then(|| "scripted: another thing".into())
    }
}

#[test]
fn an_update_is_superseded_only_by_a_statement_not_distinct_from_the_fact_it_replaced() {
    const FACT: &str = "Port 22 on the bastion host is reachable from the internet.";
    const UPDATE: &str = "Port 22 on the bastion host is no longer open to the internet.";
    const NEAR: &str = "Port 443 on the bastion host is open to the internet.";
    const AGAIN: &str = "Port 22 on the bastion host is open to the internet again.";
    let table = |last: &'static str, with_fact: Decision| -> Table {
        table(Box::leak(Box::new([(FACT, UPDATE, Decision::Update), (UPDATE, last, Decision::Update), (FACT, last, with_fact)])))
    };
    // A near miss written after the update, which the judge holds distinct
    // from the fact: it says nothing about port 22 and supersedes nothing.
    // Said again, the fact itself supersedes the update that replaced it.
    for (last, with_fact, supersedes) in [(NEAR, Decision::Distinct, false), (AGAIN, Decision::Duplicate, true)] {
        for dreams_between in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let mem = open(dir.path());
            let options = DreamOptions { judge: Arc::new(table(last, with_fact)), ..Default::default() };
            let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
            let mut ids = mem.remember_batch(vec![f(FACT, 1), f(UPDATE, 3)]).unwrap();
            if dreams_between {
                mem.dream(&options).unwrap();
            }
            ids.extend(mem.remember_batch(vec![f(last, 5)]).unwrap());
            let r = mem.dream(&options).unwrap();
            let get = |id| mem.get(id).unwrap().unwrap();
            // The fact is superseded by the update (or, said again, merged
            // with its repetition in the same dream).
            assert_ne!(get(ids[0]).status, Status::Active, "{r:#?}");
            let want = if supersedes { Some(ids[2]) } else { None };
            assert_eq!(get(ids[1]).superseded_by, want, "{last:?}, a dream between: {dreams_between}: {r:#?}");
            assert_eq!(get(ids[2]).status, Status::Active);
        }
    }
}

/// A fresh store holding `texts`, each written on its day of March 2024
/// in one namespace, dreamt once with `judge`: the folder it lives in
/// (first, so that it goes last), the store, the ids in the order given
/// and the dream's report.
fn dreamt(texts: &[(&str, u32)], judge: impl PairJudge + 'static) -> (tempfile::TempDir, Memory, Vec<EntryId>, DreamReport) {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let ids = mem.remember_batch(texts.iter().map(|(text, d)| NewEntry::new(*text).namespace("n").created_at(day(*d))).collect()).unwrap();
    let r = mem.dream(&DreamOptions { judge: Arc::new(judge), ..Default::default() }).unwrap();
    (dir, mem, ids, r)
}

/// Whether `a` and `b` are one of the scripted pairs, in either order.
fn scripted(pairs: &[(&str, &str)], a: &Entry, b: &Entry) -> bool {
    pairs.iter().any(|(x, y)| (*x == a.text && *y == b.text) || (*x == b.text && *y == a.text))
}

#[test]
fn a_statement_is_not_merged_into_a_keeper_holding_a_statement_it_conflicts_with() {
    // The fact and the near miss are each judged duplicates of the reworded
    // paraphrase, never of each other: merged one after the other into the
    // paraphrase, they would be one statement. The fact is merged first
    // (the first table row, written first); the near miss conflicts with it
    // and stays.
    const FACT: &str = "The color printer in the Brightwell office is online.";
    const PARAPHRASE: &str = "In the Brightwell office, the color printer is online.";
    const NEAR: &str = "The color printer in the Brightwell warehouse is online.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(FACT, PARAPHRASE, Decision::Duplicate), (PARAPHRASE, NEAR, Decision::Duplicate)];
    for (conflicts, near_stays) in [(&[(FACT, NEAR)][..], true), (&[][..], false)] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (PARAPHRASE, 2), (NEAR, 3)], Table { conflicts, ..table(VERDICTS) });
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).merged_into, Some(ids[1]), "{r:#?}");
        assert_eq!(get(ids[2]).status == Status::Active, near_stays, "conflicts {conflicts:?}: {r:#?}");
    }
}

#[test]
fn a_statement_about_another_thing_than_a_merged_fact_does_not_supersede_its_keeper() {
    // The fact merges into its newer rewording. The near miss, about
    // another ward, is judged to update the rewording (whose word order the
    // label rule cannot read), never the fact: it supersedes the keeper
    // only when nothing merged into it is about another thing.
    const FACT: &str = "Ward 4C at Kingsmead Hospital takes direct admissions from the emergency department.";
    const PARAPHRASE: &str = "Direct admissions from the emergency department are taken by Ward 4C at Kingsmead Hospital.";
    const NEAR: &str = "Ward 6D at Kingsmead Hospital takes direct admissions from the emergency department.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(FACT, PARAPHRASE, Decision::Duplicate), (PARAPHRASE, NEAR, Decision::Update)];
    for (two, keeper_stays) in [(&[(FACT, NEAR)][..], true), (&[][..], false)] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (PARAPHRASE, 2), (NEAR, 3)], Table { two_things: two, same_fact: None, ..table(VERDICTS) });
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).merged_into, Some(ids[1]), "{r:#?}");
        assert_eq!(get(ids[1]).status == Status::Active, keeper_stays, "two things {two:?}: {r:#?}");
        assert_eq!(get(ids[2]).status, Status::Active);
    }
}

#[test]
fn a_statement_about_another_thing_than_a_later_announced_change_neither_updates_nor_is_updated() {
    // The judge reads every later statement as an update of each earlier
    // one. The near miss, about the Friday class, is written between the
    // fact and its announced change, which keeps "Tuesdays": read so, the
    // near miss supersedes nothing and stays; otherwise the update
    // supersedes it along the chain.
    const FACT: &str = "Year 10 chemistry is taught in Lab S3 on Tuesdays.";
    const NEAR: &str = "Year 10 chemistry is taught in Lab S3 on Fridays.";
    const UPDATE: &str = "Year 10 chemistry has moved to Lab S5 on Tuesdays.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(FACT, NEAR, Decision::Update), (FACT, UPDATE, Decision::Update), (NEAR, UPDATE, Decision::Update)];
    // The later statement's words tell even when the judge missed its
    // update of the fact: then the fact stays too. Without them, the near
    // miss supersedes the fact, or the update supersedes both.
    static MISSED: &[(&str, &str, Decision)] = &[(FACT, NEAR, Decision::Update), (NEAR, UPDATE, Decision::Update)];
    for (verdicts, restated) in [(VERDICTS, &[(FACT, NEAR, UPDATE)][..]), (VERDICTS, &[][..]), (MISSED, &[(FACT, NEAR, UPDATE)][..]), (MISSED, &[][..])] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (NEAR, 2), (UPDATE, 3)], Table { restated, same_fact: None, ..table(verdicts) });
        let get = |id| mem.get(id).unwrap().unwrap();
        let (fact, near) = (get(ids[0]), get(ids[1]));
        let missed = verdicts.len() == 2;
        let case = format!("update missed {missed}, restated {restated:?}: {r:#?}");
        match (missed, restated.is_empty()) {
            (false, false) => assert!(near.status == Status::Active && fact.superseded_by == Some(ids[2]), "{case}"),
            (false, true) => assert_eq!(near.superseded_by, Some(ids[2]), "{case}"),
            (true, false) => assert!(near.status == Status::Active && fact.status == Status::Active, "{case}"),
            (true, true) => assert_eq!(fact.superseded_by, Some(ids[1]), "{case}"),
        }
        assert_eq!(get(ids[2]).status, Status::Active);
    }
}

#[test]
fn a_statement_about_another_thing_than_a_later_announced_change_does_not_update_a_rewording_of_the_fact() {
    // The rewording is not merged into the fact. The near miss is judged
    // to update the rewording, and the announced change to update both;
    // the change's words, read against the fact, show the near miss to be
    // about another studio, so it supersedes neither.
    const FACT: &str = "Ines Moreau's studio in Lyon includes a free make-up room with every booking.";
    const REWORDED: &str = "Every booking at Ines Moreau's Lyon studio comes with the make-up room at no charge.";
    const NEAR: &str = "Ines Moreau's studio in Marseille includes a free make-up room with every booking.";
    const UPDATE: &str = "Ines Moreau's Lyon studio no longer includes a free make-up room with bookings.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(REWORDED, NEAR, Decision::Update), (REWORDED, UPDATE, Decision::Update), (FACT, UPDATE, Decision::Update)];
    for (restated, near_stays) in [(&[(FACT, NEAR, UPDATE)][..], true), (&[][..], false)] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (REWORDED, 1), (NEAR, 2), (UPDATE, 3)], Table { restated, same_fact: None, ..table(VERDICTS) });
        let get = |id| mem.get(id).unwrap().unwrap();
        let touched = get(ids[2]).status != Status::Active || get(ids[1]).superseded_by == Some(ids[2]);
        assert_eq!(!touched, near_stays, "restated {restated:?}: {r:#?}");
        assert_eq!(get(ids[3]).status, Status::Active);
    }
}

#[test]
fn a_duplicate_of_a_merged_statement_joins_its_keeper_only_as_the_same_fact() {
    // The fact is a duplicate of both rewordings, which the judge does not
    // call duplicates of each other. Whichever pair is judged first, one
    // rewording becomes the keeper and the other is a duplicate of a
    // statement already merged into it: it joins the keeper when the judge
    // holds the two the same fact on its looser bar, and stays otherwise.
    const FACT: &str = "Tom Becker works as a data engineer at Shopify.";
    const ONE: &str = "Tom Becker is employed by Shopify as a data engineer.";
    const TWO: &str = "Shopify employs Tom Becker in a data engineering role.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(FACT, ONE, Decision::Duplicate), (FACT, TWO, Decision::Duplicate)];
    for same in [true, false] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (ONE, 2), (TWO, 3)], Table { same_fact: Some(same), ..table(VERDICTS) });
        let get = |id| mem.get(id).unwrap().unwrap();
        let active: Vec<EntryId> = ids.iter().copied().filter(|id| get(*id).status == Status::Active).collect();
        assert_eq!(get(ids[0]).status, Status::Merged, "{r:#?}");
        assert_eq!(active.len(), if same { 1 } else { 2 }, "same fact {same}: {r:#?}");
        if same {
            let keeper = get(active[0]);
            assert_eq!(keeper.provenance.len(), 2, "{keeper:?}");
            let joined = r.changes.iter().find(|c| c.reason.contains("already merged into this statement")).expect("a merge through the fact");
            assert_eq!(joined.target, Some(keeper.id));
            assert!(joined.reason.contains(FACT), "{}", joined.reason);
        }
    }
}

#[test]
fn a_statement_held_apart_from_a_merged_fact_does_not_go_with_it_when_superseded() {
    // With the real judge. The fact and its two rewordings merge, and the
    // update supersedes them. The near miss reads as the same fact as the
    // reworded keeper ("In all the dashboards he uses ..."), and was
    // superseded with it; only "dashboard" / "terminal" sets it apart
    // from the fact merged into that keeper, so it now stays.
    const FACT: &str = "Sven Karlsson prefers dark mode in every dashboard he uses.";
    const NEAR: &str = "Sven Karlsson prefers dark mode in every terminal he uses.";
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let at = |d: u32, h: i64| day(d) + h * 3_600_000;
    let f = |text: &str, t: i64| NewEntry::new(text).namespace("n").created_at(t);
    let ids = mem
        .remember_batch(vec![
            f(FACT, at(1, 0)),
            f("Dark mode is Sven Karlsson's preference for every dashboard he uses.", at(1, 0)),
            f("In all the dashboards he uses, Sven Karlsson prefers dark mode.", at(1, 0)),
            f(NEAR, at(1, 1)),
            f("Sven Karlsson no longer wants dark mode in his dashboards and prefers the light theme.", at(20, 0)),
        ])
        .unwrap();
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[3]).status, Status::Active, "{r:#?}");
    assert!(!r.changes.iter().any(|c| c.entry == ids[3] || c.target == Some(ids[3])), "{r:#?}");
    let update = ids[4];
    let retired = ids[..3].iter().filter(|id| {
        let e = get(**id);
        e.superseded_by == Some(update) || e.merged_into.is_some_and(|k| get(k).superseded_by == Some(update))
    });
    assert_eq!(retired.count(), 3, "the fact and its rewordings give way to the update: {r:#?}");
    let apart = dreamdb::dream::judge::different_things(FACT, NEAR).expect("held apart");
    assert!(apart.contains(r#""dashboard" and "terminal""#), "{apart}");
}

/// With the real judge, a fact, its reworded paraphrase and a near miss:
/// the fact and the paraphrase merge, the near miss stays active and
/// untouched, and `judge_pair` holds it distinct and says `why` even with
/// a merge bar of 0, where the model would merge anything.
fn assert_near_miss_kept_apart(fact: &str, paraphrase: &str, near: &str, why: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
    let ids = mem.remember_batch(vec![f(fact, 1), f(paraphrase, 2), f(near, 3)]).unwrap();
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    let merged = [ids[0], ids[1]].map(|id| get(id).status == Status::Merged);
    assert!(merged[0] != merged[1], "the fact and its paraphrase still merge: {r:#?}");
    assert_eq!(get(ids[2]).status, Status::Active, "{r:#?}");
    assert_eq!(get(ids[2]).superseded_by, None);
    assert_eq!(mem.judge_pair(fact, near, &Default::default()).unwrap().decision, Decision::Distinct);
    let merge_all = TrainedJudge::with_bars(Some(0.0), None).unwrap();
    let verdict = mem.judge_pair(fact, near, &merge_all).unwrap();
    assert_eq!(verdict.decision, Decision::Distinct, "{}", verdict.reason);
    assert!(verdict.reason.contains(why), "{}", verdict.reason);
}

#[test]
fn one_word_swapped_for_another_place_is_not_merged_even_through_a_paraphrase() {
    // "office" / "warehouse" is the only difference, so the pair is held
    // distinct, and the reworded paraphrase, which the model would merge
    // with either, joins the fact alone.
    assert_near_miss_kept_apart(
        "The color printer in the Brightwell office is online.",
        "In the Brightwell office, the color printer is online.",
        "The color printer in the Brightwell warehouse is online.",
        r#"only "office" and "warehouse" differ"#,
    );
}

#[test]
fn a_statement_about_another_thing_of_the_same_kind_is_not_merged() {
    // Every word but one is shared, so the cosine is high and the trained
    // model alone would merge the bedroom lamp into the living-room lamp;
    // the lexicon knows they are two rooms.
    assert_near_miss_kept_apart(
        "The living room lamp switches off at 23:00.",
        "At 23:00 the living room lamp switches off.",
        "The bedroom lamp switches off at 23:00.",
        r#"but "living room" and "bedroom" are different things of one kind"#,
    );
}

#[test]
fn the_same_value_for_another_quarter_is_kept_beside_it() {
    // The model reads "third quarter" → Q4 as a changed value and would
    // supersede the Q3 budget; the budget is the same, so both quarters'
    // statements hold.
    const Q3: &str = "The Q3 2024 marketing budget is $80,000.";
    const Q3_AGAIN: &str = "For the third quarter of 2024, the marketing budget is 80,000 dollars.";
    const Q4: &str = "The Q4 2024 marketing budget is $80,000.";
    let dir = tempfile::tempdir().unwrap();
    let mem = open(dir.path());
    let f = |text: &str, d: u32| NewEntry::new(text).namespace("n").created_at(day(d));
    let ids = mem.remember_batch(vec![f(Q3, 1), f(Q3_AGAIN, 2), f(Q4, 3)]).unwrap();
    let r = mem.dream(&DreamOptions::default()).unwrap();
    let get = |id| mem.get(id).unwrap().unwrap();
    for &id in &ids {
        let e = get(id);
        assert!(matches!(e.status, Status::Active | Status::Merged), "{:?} is {:?}: {r:#?}", e.text, e.status);
        assert_eq!(e.superseded_by, None, "{r:#?}");
    }
    assert_eq!(get(ids[2]).status, Status::Active, "{r:#?}");
    let why = mem.judge_pair(Q3_AGAIN, Q4, &Default::default()).unwrap();
    assert_eq!(why.decision, Decision::Distinct);
    assert!(why.reason.contains("Q3 and Q4 are different periods with the same value"), "{}", why.reason);
}

#[test]
fn a_statement_is_not_merged_into_a_later_one_that_updates_its_rewording() {
    // The rewording, written with the fact, reads to the judge as a
    // duplicate of the later statement that replaced the fact (the same
    // words around a negation said in another place). The fact is close
    // to the rewording and updated by the later statement: the rewording
    // said what the fact said, and is not merged into its replacement.
    const FACT: &str = "Public access on the Larkspur media bucket is blocked.";
    const REWORDING: &str = "The Larkspur media bucket blocks public access.";
    const UPDATE: &str = "Public access on the Larkspur media bucket is allowed.";
    static VERDICTS: &[(&str, &str, Decision)] = &[(FACT, UPDATE, Decision::Update), (REWORDING, UPDATE, Decision::Duplicate)];
    for read in [true, false] {
        let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (REWORDING, 1), (UPDATE, 3)], Table { close: if read { &[(FACT, REWORDING)] } else { &[] }, ..table(VERDICTS) });
        let get = |id| mem.get(id).unwrap().unwrap();
        assert_eq!(get(ids[0]).superseded_by, Some(ids[2]), "{r:#?}");
        assert_eq!(get(ids[2]).status, Status::Active, "{r:#?}");
        let merged = get(ids[1]).merged_into == Some(ids[2]);
        assert_eq!(merged, !read, "read through the fact: {read}: {r:#?}");
    }
}

#[test]
fn a_new_name_in_the_value_slot_is_judged_below_the_cosine_of_paraphrases() {
    // A new value that is a name carries most of a short statement's
    // embedding, so such an update sits at a cosine no paraphrase would;
    // the default candidate bar still lets the judge see it.
    const FACT: &str = "The mobile app team is led by Tariq Al-Hashimi.";
    const UPDATE: &str = "The mobile app team is led by Greta Lindholm.";
    let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (UPDATE, 5)], TrainedJudge::default());
    let cos = mem.judge_pair(FACT, UPDATE, &TrainedJudge::default()).unwrap().cosine;
    let bar = DreamOptions::default().candidate_similarity;
    assert!((bar..0.6).contains(&cos), "the premise: a cosine under the old bar of 0.6, over the default: {cos}");
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[0]).superseded_by, Some(ids[1]), "{r:#?}");
    assert_eq!(get(ids[1]).status, Status::Active);
}

#[test]
fn a_paraphrase_judged_updated_and_likely_the_same_fact_goes_with_the_fact() {
    // The model reads the two older statements as one fact at P(duplicate)
    // 0.61 (under the merge bar and the same-fact bar of 0.7), and the
    // newer statement as an update of the reworded one at P(update) 0.88
    // (under the sure bar of 0.9): neither reading alone takes it, the
    // two together do.
    const FACT: &str = "Builds for the mobile app repo run on Jenkins.";
    const REWORDED: &str = "Jenkins handles the builds of the mobile app repository.";
    const UPDATE: &str = "The mobile app repository switched its builds to GitHub Actions.";
    let texts = [(FACT, 1), (REWORDED, 2), (UPDATE, 5)];
    let (_dir, mem, ids, r) = dreamt(&texts, TrainedJudge::default());
    let pair = mem.judge_pair(FACT, REWORDED, &TrainedJudge::default()).unwrap();
    assert_eq!(pair.decision, Decision::Distinct, "the premise: the two are not merged: {}", pair.reason);
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[0]).superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(get(ids[1]).superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(get(ids[2]).status, Status::Active);
    let change = r.changes.iter().find(|c| c.entry == ids[1]).unwrap();
    assert!(change.reason.contains("updated too, and likely the same fact as"), "{}", change.reason);
    // Without the joint reading, the reworded statement stays.
    let off = Thresholds { same_fact_updated: 1.01, same_fact_weakly_updated: 1.01, ..TrainedJudge::default().thresholds };
    let (_dir, mem, ids, r) = dreamt(&texts, TrainedJudge::with_thresholds(off));
    assert_eq!(mem.get(ids[0]).unwrap().unwrap().superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(mem.get(ids[1]).unwrap().unwrap().status, Status::Active, "{r:#?}");
}

#[test]
fn a_paraphrase_the_merge_missed_goes_with_the_fact_its_update_takes() {
    // The model holds the two older statements one fact only at
    // P(duplicate) 0.69, under the merge and same-fact bars, but is sure
    // the upgrade updates each: both go, not only the closer.
    const FACT: &str = "The session cache runs Redis 6.2.";
    const REWORDED: &str = "Redis version 6.2 powers the session cache.";
    const UPDATE: &str = "The session cache was upgraded from Redis 6.2 to Redis 7.2.";
    let judge = TrainedJudge::default();
    let (_dir, mem, ids, r) = dreamt(&[(FACT, 1), (REWORDED, 2), (UPDATE, 5)], TrainedJudge::default());
    let pair = mem.judge_pair(FACT, REWORDED, &judge).unwrap();
    assert_eq!(pair.decision, Decision::Distinct, "the premise: the two are not merged: {}", pair.reason);
    let get = |id| mem.get(id).unwrap().unwrap();
    assert_eq!(get(ids[0]).superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(get(ids[1]).superseded_by, Some(ids[2]), "{r:#?}");
    assert_eq!(get(ids[2]).status, Status::Active);
}
