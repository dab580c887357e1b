//! Crash safety: a real child process remembers, updates, forgets, logs
//! sessions and dreams; the parent kills it with SIGKILL at a random
//! moment, reopens the store and checks that every acknowledged write is
//! there, that the store and its indexes agree (`Memory::check`), and that
//! dreams landed whole or not at all. The store carries over from cycle to
//! cycle, so recovery is exercised on top of earlier recoveries.
//!
//! CI runs a few cycles. The soak:
//! `DREAMDB_CRASH_CYCLES=200 cargo test --release --test crash -- --nocapture`
//! (`DREAMDB_CRASH_SEED` picks another sequence).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dreamdb::dream::DreamOptions;
use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::index::IndexParams;
use dreamdb::{EntryUpdate, Memory, NewEntry, Outcome, Role, SessionStatus};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn open(path: &Path) -> Memory {
    Memory::builder(path)
        .embedder(Arc::new(HashEmbedder::new(64)) as Arc<dyn Embedder>)
        // Small limits so HNSW graphs and their checkpoints are in play.
        .index_params(IndexParams { flat_limit: 40, ..Default::default() })
        .checkpoint_every(25)
        .open()
        .unwrap()
}

const TOPICS: [&str; 6] = ["the build cache", "the deploy script", "flaky tests", "the staging host", "api keys", "the billing job"];

fn text(rng: &mut StdRng) -> String {
    // Some texts repeat so dreams find duplicates to merge.
    let n = rng.random_range(0..40);
    format!("note {n} about {}", TOPICS[n % TOPICS.len()])
}

/// Child half: runs operations forever, acknowledging each on stdout after
/// it returns ("R id..", "U id text", "F id", "S sid", "T sid seq", "E sid",
/// "D dream") and announcing updates and forgets before they start.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("DREAMDB_CRASH_DIR") else { return };
    let seed: u64 = std::env::var("DREAMDB_CRASH_CHILD_SEED").unwrap().parse().unwrap();
    let mut rng = StdRng::seed_from_u64(seed);
    let mem = open(Path::new(&dir));
    let mut ids = Vec::new();
    mem.for_each_entry(|e| {
        ids.push(e.id);
        Ok(())
    })
    .unwrap();
    println!("OPEN");
    loop {
        match rng.random_range(0..100) {
            0..50 => {
                let batch: Vec<NewEntry> = (0..rng.random_range(1..5)).map(|_| NewEntry::new(text(&mut rng))).collect();
                let made = mem.remember_batch(batch).unwrap();
                ids.extend(&made);
                println!("R {}", made.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" "));
            }
            50..60 if !ids.is_empty() => {
                // Forgetting a keeper forgets what a dream merged into it.
                let mut going = vec![ids[rng.random_range(0..ids.len())]];
                let mut i = 0;
                while i < going.len() {
                    for &o in &ids {
                        let merged = mem.get(o).unwrap().and_then(|e| e.merged_into);
                        if merged == Some(going[i]) && !going.contains(&o) {
                            going.push(o);
                        }
                    }
                    i += 1;
                }
                for g in &going {
                    println!("f {g}");
                }
                mem.forget(going[0]).unwrap();
                for g in &going {
                    assert!(mem.get(*g).unwrap().is_none());
                    println!("F {g}");
                }
                ids.retain(|x| !going.contains(x));
            }
            60..70 if !ids.is_empty() => {
                let id = ids[rng.random_range(0..ids.len())];
                // Dreams rewrite their own insights; the agent updates its notes.
                if mem.get(id).unwrap().is_some_and(|e| e.tags.iter().any(|t| t == dreamdb::dream::INSIGHT_TAG)) {
                    continue;
                }
                let t = text(&mut rng);
                println!("u {id}");
                mem.update(id, EntryUpdate { text: Some(t.clone()), ..Default::default() }).unwrap();
                println!("U {id} {t}");
            }
            70..95 => {
                let s = mem.begin_session("default", None).unwrap();
                println!("S {s}");
                for _ in 0..rng.random_range(1..4) {
                    let seq = mem.log_turn(s, Role::Tool, &text(&mut rng), rng.random_bool(0.3)).unwrap();
                    println!("T {s} {seq}");
                }
                mem.end_session(s, Outcome { success: rng.random_bool(0.5), score: None, note: None }).unwrap();
                println!("E {s}");
            }
            _ => {
                let r = mem.dream(&DreamOptions { min_sessions: 2, ..Default::default() }).unwrap();
                println!("D {}", r.dream_id);
            }
        }
    }
}

/// What the parent knows from acknowledgements.
#[derive(Default)]
struct Model {
    /// Acknowledged entries: expected text, or None when an update was in
    /// flight at the kill (either text is fine).
    alive: HashMap<u64, Option<String>>,
    /// Entries whose forget was acknowledged.
    forgotten: Vec<u64>,
    /// Acknowledged turns per session, and whether the end was acknowledged.
    sessions: HashMap<u64, (u32, bool)>,
    dreams: usize,
}

impl Model {
    fn apply(&mut self, line: &str) {
        let mut parts = line.splitn(3, ' ');
        let (tag, a, rest) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        let num = || a.unwrap().parse::<u64>().unwrap();
        match tag {
            "R" => {
                for id in line[2..].split(' ') {
                    self.alive.insert(id.parse().unwrap(), Some(String::new()));
                }
            }
            "f" | "u" => {
                // In flight: the outcome is unknown until acknowledged.
                self.alive.insert(num(), None);
            }
            "F" => {
                self.alive.remove(&num());
                self.forgotten.push(num());
            }
            "U" => {
                self.alive.insert(num(), Some(rest.unwrap().to_string()));
            }
            "S" => {
                self.sessions.insert(num(), (0, false));
            }
            "T" => {
                let seq: u32 = rest.unwrap().parse().unwrap();
                self.sessions.get_mut(&num()).unwrap().0 = seq + 1;
            }
            "E" => self.sessions.get_mut(&num()).unwrap().1 = true,
            "D" => self.dreams += 1,
            _ => {}
        }
    }
}

fn verify(mem: &Memory, model: &Model) {
    let report = mem.check().unwrap();
    assert!(report.is_consistent(), "store and indexes disagree: {:#?}", report.problems);
    for (id, text) in &model.alive {
        // Acknowledged and not being forgotten or updated at the kill: must
        // be there (None: an operation on it was in flight).
        if let Some(t) = text {
            let e = mem.get(*id).unwrap().unwrap_or_else(|| panic!("acknowledged entry {id} lost"));
            if !t.is_empty() {
                assert_eq!(&e.text, t, "acknowledged update of {id} lost");
            }
        }
    }
    for id in &model.forgotten {
        assert!(mem.get(*id).unwrap().is_none(), "forgotten entry {id} came back");
    }
    for (sid, (turns, ended)) in &model.sessions {
        let s = mem.session(*sid).unwrap().unwrap_or_else(|| panic!("acknowledged session {sid} lost"));
        assert!(mem.turns(*sid).unwrap().len() as u32 >= *turns, "acknowledged turns of session {sid} lost");
        if *ended {
            assert_ne!(s.status, SessionStatus::Open, "acknowledged end of session {sid} lost");
        }
    }
}

#[test]
fn sigkill_at_random_points_loses_no_acknowledged_write() {
    let cycles: usize = std::env::var("DREAMDB_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(6);
    let seed: u64 = std::env::var("DREAMDB_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    let started = Instant::now();
    let mut acks = 0;
    for cycle in 0..cycles {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("DREAMDB_CRASH_DIR", dir.path())
            .env("DREAMDB_CRASH_CHILD_SEED", rng.random::<u64>().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            // Only whole lines count: a line cut by the kill was never acknowledged.
            let mut lines = Vec::new();
            let mut r = BufReader::new(stdout);
            let mut buf = String::new();
            while r.read_line(&mut buf).unwrap_or(0) > 0 {
                if buf.ends_with('\n') {
                    lines.push(buf.trim_end().to_string());
                }
                buf.clear();
            }
            lines
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(150..900)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        assert!(lines.iter().any(|l| l.ends_with("OPEN")) || cycle > 0, "the child never opened the store: {lines:?}");
        for l in &lines {
            model.apply(l);
        }
        acks += lines.len();
        let mem = open(dir.path());
        verify(&mem, &model);
    }
    // Whatever a killed dream left undone, later dreams complete: they
    // converge to a dream with nothing left to merge. (Many exact copies
    // of one text can take more than one dream: each entry looks at its
    // nearest few neighbours only.)
    let mem = open(dir.path());
    let mut converged = false;
    for _ in 0..10 {
        let r = mem.dream(&DreamOptions { min_sessions: 2, ..Default::default() }).unwrap();
        verify(&mem, &model);
        if r.count(dreamdb::dream::ChangeKind::Merge) == 0 && r.count(dreamdb::dream::ChangeKind::Supersede) == 0 {
            converged = true;
            break;
        }
    }
    assert!(converged, "dreams kept finding merges");
    println!(
        "crash soak: {cycles} SIGKILL cycles, {acks} acknowledged operations ({} entries alive, {} forgotten, {} sessions, {} dreams), nothing lost, {:.1} s",
        model.alive.len(),
        model.forgotten.len(),
        model.sessions.len(),
        model.dreams,
        started.elapsed().as_secs_f32()
    );
}
