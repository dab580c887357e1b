//! How often consolidation decides right, beside the cosine-threshold
//! baseline, in one run:
//! - MRPC (train, validation): merge precision and recall (label 1 may
//!   merge, label 0 must not);
//! - SICK (train, trial): contradiction/update precision and recall
//!   (CONTRADICTION must be flagged, ENTAILMENT and NEUTRAL must not);
//! - our agent-memory set (benches/data/agent_memory.jsonl): after import
//!   and one dream, the share of paraphrases merged, of updates resolved to
//!   the newest value, and of near misses left untouched.
//!
//! `cargo bench --bench judge` (model installed; data in ../shared/data or
//! `$DREAMDB_DATA`; the MRPC and SICK rows are skipped without it).

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use dreamdb::dream::{Decision, DreamOptions, HeuristicJudge, PairJudge, Verdict};
use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder};
use dreamdb::{parse_rfc3339, Entry, EntryId, Memory, NewEntry, Status};

/// The baseline: cosine alone. Duplicate above `dup`, update above `update`.
struct CosineJudge {
    dup: f32,
    update: f32,
}

impl PairJudge for CosineJudge {
    fn judge(&self, _: &Entry, _: &Entry, cosine: f32) -> Verdict {
        let decision = if cosine >= self.dup {
            Decision::Duplicate
        } else if cosine >= self.update {
            Decision::Update
        } else {
            Decision::Distinct
        };
        Verdict { decision, reason: format!("cosine {cosine:.3}"), scores: vec![("cosine".into(), cosine)] }
    }
}

fn entry(text: &str, at: i64) -> Entry {
    Entry { id: at as u64, text: text.into(), importance: 0.5, created_at: at, ..Default::default() }
}

fn data_dir() -> PathBuf {
    std::env::var_os("DREAMDB_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

/// (a, b, positive) pairs from a TSV-like file.
fn pairs(path: &PathBuf, a: usize, b: usize, label: impl Fn(&[&str]) -> bool) -> Option<Vec<(String, String, bool)>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() > a.max(b)).then(|| (f[a].to_string(), f[b].to_string(), label(&f)))
            })
            .collect(),
    )
}

struct Pr {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Pr {
    fn line(&self) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        format!("{p:.3} | {r:.3}")
    }
}

fn score(judge: &dyn PairJudge, pairs: &[(String, String, bool)], vecs: &HashMap<String, Vec<f32>>, want: Decision) -> Pr {
    let mut pr = Pr { tp: 0, fp: 0, fn_: 0 };
    for (a, b, pos) in pairs {
        let cos = dreamdb::index::dot(&vecs[a], &vecs[b]);
        let hit = judge.judge(&entry(a, 1), &entry(b, 2), cos).decision == want;
        match (hit, *pos) {
            (true, true) => pr.tp += 1,
            (true, false) => pr.fp += 1,
            (false, true) => pr.fn_ += 1,
            _ => {}
        }
    }
    pr
}

fn main() {
    if std::env::var_os("DREAMDB_JUDGE_AGENT_ONLY").is_some() {
        let dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
        let model = Arc::new(BertEmbedder::new(&dir, BertOptions { device: DeviceChoice::Cpu, ..Default::default() }).expect("model"));
        agent_memory(model);
        return;
    }
    let dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    let model = Arc::new(BertEmbedder::new(&dir, BertOptions { device: DeviceChoice::Cpu, ..Default::default() }).expect("model"));
    let heuristic = HeuristicJudge::default();
    let base_merge = [CosineJudge { dup: 0.90, update: 2.0 }, CosineJudge { dup: 0.95, update: 2.0 }];
    let base_update = [CosineJudge { dup: 2.0, update: 0.80 }, CosineJudge { dup: 2.0, update: 0.90 }];
    println!("# dreamdb consolidation judge");
    println!();
    println!("| data | judge | precision | recall |");
    println!("|---|---|---|---|");
    let d = data_dir();
    let sets = [
        ("MRPC train", pairs(&d.join("mrpc/msr-para-train.tsv"), 3, 4, |f| f[0] == "1"), Decision::Duplicate),
        ("MRPC validation", pairs(&d.join("mrpc/msr-para-val.tsv"), 3, 4, |f| f[0] == "1"), Decision::Duplicate),
        ("SICK train", pairs(&d.join("sick/SICK_train.txt"), 1, 2, |f| f[4].trim() == "CONTRADICTION"), Decision::Update),
        ("SICK trial", pairs(&d.join("sick/SICK_trial.txt"), 1, 2, |f| f[4].trim() == "CONTRADICTION"), Decision::Update),
    ];
    if sets.iter().any(|s| s.1.is_none()) {
        println!("MRPC/SICK not found under {}: those rows are skipped", d.display());
    }
    let mut texts: BTreeSet<String> = BTreeSet::new();
    for (_, p, _) in &sets {
        for (a, b, _) in p.iter().flatten() {
            texts.insert(a.clone());
            texts.insert(b.clone());
        }
    }
    let list: Vec<&str> = texts.iter().map(String::as_str).collect();
    let t = std::time::Instant::now();
    let mut vecs: HashMap<String, Vec<f32>> = HashMap::new();
    for chunk in list.chunks(1024) {
        for (s, v) in chunk.iter().zip(model.embed(chunk).expect("embed")) {
            vecs.insert(s.to_string(), v);
        }
    }
    eprintln!("embedded {} sentences in {:.1} s", list.len(), t.elapsed().as_secs_f64());
    for (name, p, want) in &sets {
        let Some(p) = p else { continue };
        let what = if *want == Decision::Duplicate { "merge" } else { "contradiction → update" };
        println!("| {name} ({what}) | heuristic (default) | {} |", score(&heuristic, p, &vecs, *want).line());
        let bases = if *want == Decision::Duplicate { &base_merge } else { &base_update };
        for b in bases {
            let thr = if *want == Decision::Duplicate { b.dup } else { b.update };
            println!("| {name} ({what}) | cosine ≥ {thr:.2} | {} |", score(b, p, &vecs, *want).line());
        }
    }
    println!();
    agent_memory(model);
}

#[derive(serde::Deserialize)]
struct Dated {
    text: String,
    date: String,
}

#[derive(serde::Deserialize)]
struct Group {
    group: String,
    fact: Dated,
    paraphrases: Vec<String>,
    update: Dated,
    near_misses: Vec<String>,
}

fn agent_memory(model: Arc<BertEmbedder>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data/agent_memory.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("{} not found: agent-memory rows skipped", path.display());
        return;
    };
    let groups: Vec<Group> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("group")).collect();
    println!("## Agent-memory set ({} groups: fact, paraphrases, later update, near misses), one dream", groups.len());
    println!();
    println!("| judge | paraphrases merged | updates resolved to newest | near misses touched |");
    println!("|---|---|---|---|");
    let mut judges: Vec<(&str, Arc<dyn PairJudge>)> = vec![
        ("heuristic (default)", Arc::new(HeuristicJudge::default())),
        ("cosine ≥ 0.90 merge, ≥ 0.75 update", Arc::new(CosineJudge { dup: 0.90, update: 0.75 })),
    ];
    if std::env::var_os("DREAMDB_JUDGE_ONLY_HEURISTIC").is_some() {
        judges.truncate(1);
    }
    for (name, judge) in judges {
        let dir = tempfile::tempdir().expect("tempdir");
        let mem = Memory::builder(dir.path()).embedder(model.clone()).sync_writes(false).open().expect("open");
        let day = |d: &str| parse_rfc3339(&format!("{d}T12:00:00Z")).expect("date");
        let mut ids: Vec<(EntryId, Vec<EntryId>, EntryId, Vec<EntryId>)> = Vec::new();
        for g in &groups {
            let ns = g.group.clone();
            let fact_at = day(&g.fact.date);
            let mut batch = vec![NewEntry::new(g.fact.text.clone()).namespace(ns.clone()).created_at(fact_at)];
            for p in &g.paraphrases {
                batch.push(NewEntry::new(p.clone()).namespace(ns.clone()).created_at(fact_at));
            }
            batch.push(NewEntry::new(g.update.text.clone()).namespace(ns.clone()).created_at(day(&g.update.date)));
            for n in &g.near_misses {
                batch.push(NewEntry::new(n.clone()).namespace(ns.clone()).created_at(fact_at + 3_600_000));
            }
            let got = mem.remember_batch(batch).expect("remember");
            let np = g.paraphrases.len();
            ids.push((got[0], got[1..1 + np].to_vec(), got[1 + np], got[2 + np..].to_vec()));
        }
        let report = mem.dream(&DreamOptions { judge, ..Default::default() }).expect("dream");
        let touched: BTreeSet<EntryId> = report.changes.iter().flat_map(|c| [Some(c.entry), c.target].into_iter().flatten()).collect();
        let get = |id: EntryId| mem.get(id).expect("get").expect("entry");
        // Follow merged_into links to the statement that stands for this one.
        let root = |mut id: EntryId| {
            for _ in 0..16 {
                match get(id).merged_into {
                    Some(next) => id = next,
                    None => break,
                }
            }
            id
        };
        let verbose = std::env::var_os("DREAMDB_JUDGE_VERBOSE").is_some();
        if verbose {
            for c in &report.changes {
                let target = c.target.map(|t| get(t).text).unwrap_or_default();
                eprintln!("[{name}] {:?} {:?} -> {:?}: {}", c.kind, c.text, target, c.reason);
            }
        }
        let (mut para, mut para_ok, mut upd_ok, mut near, mut near_touched) = (0, 0, 0, 0, 0);
        for (fact, paras, update, nears) in &ids {
            for p in paras {
                para += 1;
                para_ok += usize::from(root(*p) == root(*fact));
            }
            // Resolved: the fact (through any merge) is superseded by the update, which stays active.
            let r = get(root(*fact));
            upd_ok += usize::from(r.status == Status::Superseded && r.superseded_by == Some(*update) && get(*update).status == Status::Active);
            for n in nears {
                near += 1;
                let hit = touched.contains(n) || get(*n).status != Status::Active;
                near_touched += usize::from(hit);
                if hit && verbose {
                    let c = report.changes.iter().find(|c| c.entry == *n || c.target == Some(*n));
                    eprintln!("[{name}] near miss touched: {:?} via {:?}", get(*n).text, c.map(|c| (&c.text, &c.reason)));
                }
            }
        }
        println!(
            "| {name} | {:.1}% ({para_ok}/{para}) | {:.1}% ({upd_ok}/{}) | {:.1}% ({near_touched}/{near}) |",
            100.0 * para_ok as f64 / para.max(1) as f64,
            100.0 * upd_ok as f64 / ids.len().max(1) as f64,
            ids.len(),
            100.0 * near_touched as f64 / near.max(1) as f64
        );
    }
}
