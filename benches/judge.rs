//! How often consolidation decides right, beside the cosine-threshold
//! baseline, in one run:
//! - MRPC (train, validation): merge precision and recall (label 1 may
//!   merge, label 0 must not);
//! - SICK (train, trial): contradiction/update precision and recall
//!   (CONTRADICTION must be flagged, ENTAILMENT and NEUTRAL must not);
//! - our agent-memory set (benches/data/agent_memory.jsonl): after import
//!   and one dream, the share of paraphrases merged, of updates resolved to
//!   the newest value, of near misses left untouched, and of paraphrases
//!   left active (still stating the outdated value); for all groups
//!   and for the held-out groups the trained judge never saw (every third
//!   group, file order 2, 5, 8, ...); the same for each blind set
//!   (benches/data/agent_memory_blind*.jsonl; the odd ones up to 17 train
//!   the judge, [`TRAINED_SETS`]), and pooled over every group the judge
//!   never trained on;
//! - chains of updates (benches/data/agent_memory_chains.jsonl, A → B → C):
//!   the share of earlier steps retired, of chains that end with only the
//!   newest step active, and of near misses touched.
//!
//! `cargo bench --bench judge` (model installed; data in ../shared/data or
//! `$DREAMDB_DATA`; the MRPC and SICK rows are skipped without it).
//!
//! Environment:
//! - `DREAMDB_JUDGE_DUMP=DIR` writes the feature table the trainer reads
//!   (`DIR/pairs.tsv`, see scripts/train_judge.py), with the texts of each
//!   row in `DIR/texts.tsv` for error analysis, and exits;
//! - `DREAMDB_JUDGE_PAIRS=FILE` writes the default judge's verdict on every
//!   ordered pair of statements within each agent group (its set, whether
//!   the judge trains on the group, roles, cosine, decision, both
//!   probabilities, the reason and both texts) as TSV, and exits: what a
//!   reading of a pair does to near misses and updates, counted (with
//!   `DREAMDB_JUDGE_MERGE_BAR=P`, at that merge bar: which vetoes stand
//!   below the shipped one);
//! - `DREAMDB_JUDGE_EMBED_CACHE=FILE` keeps sentence vectors between runs;
//! - `DREAMDB_JUDGE_AGENT_ONLY`, `DREAMDB_JUDGE_ONLY_TRAINED` (agent set,
//!   trained judge only), `DREAMDB_JUDGE_VERBOSE` (every change, every
//!   touched near miss, unresolved update and paraphrase left unmerged,
//!   with the judge's verdict on it beside its fact, on stderr), `DREAMDB_JUDGE_SWEEP` (the trained
//!   judge at other thresholds too: the precision/recall curve),
//!   `DREAMDB_JUDGE_THRESHOLDS=0.87/0.90/0.4,...` (the trained judge at
//!   these duplicate/update[/update-with-rules] thresholds too),
//!   `DREAMDB_JUDGE_STAMPED` (the agent table with every statement noted
//!   under its date, "[2024-01-22] ...", as a journal of notes would be).

#[path = "support/mod.rs"]
mod support;
#[path = "support/agent_sets.rs"]
mod agent_sets;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dreamdb::dream::judge::{different_things, forget_readings, pair_features, JudgeModel, FEATURE_NAMES};
use dreamdb::dream::{Decision, DreamOptions, HeuristicJudge, PairJudge, Thresholds, TrainedJudge, Verdict};
use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder};
use agent_sets::{day, Dated, Group};
use dreamdb::{Entry, EntryId, Memory, NewEntry, Status};

/// Agent-memory groups the trainer may use: all but every third.
fn held_out(group_index: usize) -> bool {
    group_index % 3 == 2
}

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

/// A labelled pair: texts, the label column as written and, for SICK, the
/// relatedness score (1-5).
struct Pair {
    a: String,
    b: String,
    label: String,
    score: f32,
}

/// Pairs from a tab-separated file with a header line.
fn pairs(path: &Path, a: usize, b: usize, label: usize, score: Option<usize>) -> Option<Vec<Pair>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() > a.max(b).max(label)).then(|| Pair {
                    a: f[a].to_string(),
                    b: f[b].to_string(),
                    label: f[label].trim().to_string(),
                    score: score.and_then(|i| f.get(i)?.trim().parse().ok()).unwrap_or(-1.0),
                })
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
    /// Precision and recall, each with its 95% interval.
    fn line(&self) -> String {
        let (p, r) = (self.tp + self.fp, self.tp + self.fn_);
        format!("{} | {}", ratio(self.tp, p), ratio(self.tp, r))
    }
}

/// `k/n` with its 95% Wilson interval: "0.950 (0.921–0.969)".
fn ratio(k: usize, n: usize) -> String {
    let (lo, hi) = wilson(k, n);
    format!("{:.3} ({lo:.3}–{hi:.3})", k as f64 / n.max(1) as f64)
}

/// The 95% Wilson score interval of a proportion `k/n`: unlike the normal
/// approximation it stays inside 0..=1 and is honest for small sets and
/// shares near 0 or 1, which is what the agent sets have.
fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n, z) = (k as f64, n as f64, 1.96f64);
    let p = k / n;
    let d = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / d;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// `k/n` as a percentage with its count and 95% interval: "82.2% (74/90; 71–89)".
fn share(k: usize, n: usize) -> String {
    let (lo, hi) = wilson(k, n);
    format!("{:.1}% ({k}/{n}; {:.0}–{:.0})", 100.0 * k as f64 / n.max(1) as f64, 100.0 * lo, 100.0 * hi)
}

type Vectors = HashMap<String, Vec<f32>>;

fn cos(vecs: &Vectors, a: &str, b: &str) -> f32 {
    dreamdb::index::dot(&vecs[a], &vecs[b])
}

fn score(judge: &dyn PairJudge, pairs: &[Pair], positive: &str, vecs: &Vectors, want: Decision) -> Pr {
    let mut pr = Pr { tp: 0, fp: 0, fn_: 0 };
    for p in pairs {
        let hit = judge.judge(&entry(&p.a, 1), &entry(&p.b, 2), cos(vecs, &p.a, &p.b)).decision == want;
        match (hit, p.label == positive) {
            (true, true) => pr.tp += 1,
            (true, false) => pr.fp += 1,
            (false, true) => pr.fn_ += 1,
            _ => {}
        }
    }
    pr
}

/// Embed every text, reusing and extending the cache file if one is named.
fn embed_all(model: &BertEmbedder, texts: &BTreeSet<String>) -> Vectors {
    let cache = std::env::var_os("DREAMDB_JUDGE_EMBED_CACHE").map(PathBuf::from);
    let mut vecs: Vectors = cache.as_ref().and_then(|p| std::fs::read(p).ok()).map(|b| decode_cache(&b)).unwrap_or_default();
    let missing: Vec<&str> = texts.iter().filter(|t| !vecs.contains_key(*t)).map(String::as_str).collect();
    let t = std::time::Instant::now();
    for chunk in missing.chunks(512) {
        for (s, v) in chunk.iter().zip(model.embed(chunk).expect("embed")) {
            vecs.insert(s.to_string(), v);
        }
    }
    eprintln!("embedded {} sentences ({} cached) in {:.1} s", missing.len(), texts.len() - missing.len(), t.elapsed().as_secs_f64());
    if let (Some(p), false) = (cache, missing.is_empty()) {
        let mut out = Vec::new();
        for (k, v) in &vecs {
            out.extend((k.len() as u32).to_le_bytes());
            out.extend(k.as_bytes());
            out.extend((v.len() as u32).to_le_bytes());
            for x in v {
                out.extend(x.to_le_bytes());
            }
        }
        std::fs::write(&p, out).expect("write the embedding cache");
    }
    vecs
}

fn decode_cache(b: &[u8]) -> Vectors {
    let mut vecs = Vectors::new();
    let mut i = 0;
    let u32_at = |i: usize| b.get(i..i + 4).map(|s| u32::from_le_bytes(s.try_into().unwrap()) as usize);
    while let Some(n) = u32_at(i) {
        let Some(k) = b.get(i + 4..i + 4 + n).and_then(|s| std::str::from_utf8(s).ok()) else { break };
        i += 4 + n;
        let Some(d) = u32_at(i) else { break };
        let Some(raw) = b.get(i + 4..i + 4 + 4 * d) else { break };
        vecs.insert(k.to_string(), raw.chunks(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect());
        i += 4 + 4 * d;
    }
    vecs
}

fn load_model() -> Arc<BertEmbedder> {
    let dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    Arc::new(BertEmbedder::new(&dir, BertOptions { device: DeviceChoice::Cpu, ..Default::default() }).expect("model"))
}

fn main() {
    // The first lexicon lookup parses the built-in lexicon.
    let t = std::time::Instant::now();
    std::hint::black_box(different_things("The car is red.", "The bus is red."));
    let lexicon_ms = t.elapsed().as_secs_f64() * 1e3;
    let model = load_model();
    if let Some(path) = std::env::var_os("DREAMDB_JUDGE_PAIRS").map(PathBuf::from) {
        group_verdicts(&model, &path);
        return;
    }
    if std::env::var_os("DREAMDB_JUDGE_AGENT_ONLY").is_some() {
        agent_memory(model.clone());
        chains(model);
        return;
    }
    let d = data_dir();
    let sets = [
        ("MRPC train", "mrpc_train", pairs(&d.join("mrpc/msr-para-train.tsv"), 3, 4, 0, None), Decision::Duplicate, "1"),
        ("MRPC validation", "mrpc_val", pairs(&d.join("mrpc/msr-para-val.tsv"), 3, 4, 0, None), Decision::Duplicate, "1"),
        ("SICK train", "sick_train", pairs(&d.join("sick/SICK_train.txt"), 1, 2, 4, Some(3)), Decision::Update, "CONTRADICTION"),
        ("SICK trial", "sick_trial", pairs(&d.join("sick/SICK_trial.txt"), 1, 2, 4, Some(3)), Decision::Update, "CONTRADICTION"),
    ];
    let mut groups = load_groups();
    let mut texts: BTreeSet<String> = BTreeSet::new();
    for (_, _, p, _, _) in &sets {
        for p in p.iter().flatten() {
            texts.insert(p.a.clone());
            texts.insert(p.b.clone());
        }
    }
    if let Some(dir) = std::env::var_os("DREAMDB_JUDGE_DUMP").map(PathBuf::from) {
        groups.extend(load_train_groups());
        for g in &groups {
            texts.extend(g.items().into_iter().map(|(t, _, _)| t));
        }
        let vecs = embed_all(&model, &texts);
        let sets: Vec<(&str, &[Pair])> = sets.iter().map(|(_, key, p, _, _)| (*key, p.as_deref().unwrap_or(&[]))).collect();
        dump(&dir, &sets, &groups, &vecs);
        return;
    }
    let vecs = embed_all(&model, &texts);
    let trained = TrainedJudge::default();
    let heuristic = HeuristicJudge::default();
    let base_merge = [CosineJudge { dup: 0.90, update: 2.0 }, CosineJudge { dup: 0.95, update: 2.0 }];
    let base_update = [CosineJudge { dup: 2.0, update: 0.80 }, CosineJudge { dup: 2.0, update: 0.90 }];
    println!("# dreamdb consolidation judge");
    println!();
    if sets.iter().any(|s| s.2.is_none()) {
        println!("MRPC/SICK not found under {}: those rows are skipped", d.display());
    }
    println!("| data | judge | precision | recall |");
    println!("|---|---|---|---|");
    for (name, _, p, want, positive) in &sets {
        let Some(p) = p else { continue };
        let what = if *want == Decision::Duplicate { "merge" } else { "contradiction → update" };
        println!("| {name} ({what}) | trained (default) | {} |", score(&trained, p, positive, &vecs, *want).line());
        for (sname, j) in sweep() {
            println!("| {name} ({what}) | {sname} | {} |", score(&j, p, positive, &vecs, *want).line());
        }
        println!("| {name} ({what}) | heuristic | {} |", score(&heuristic, p, positive, &vecs, *want).line());
        let bases = if *want == Decision::Duplicate { &base_merge } else { &base_update };
        for b in bases {
            let thr = if *want == Decision::Duplicate { b.dup } else { b.update };
            println!("| {name} ({what}) | cosine ≥ {thr:.2} | {} |", score(b, p, positive, &vecs, *want).line());
        }
    }
    // What a judged pair costs (features, trees, reason), same run, same pairs.
    let all: Vec<&Pair> = sets.iter().filter_map(|s| s.2.as_ref()).flatten().collect();
    if !all.is_empty() {
        let time = |j: &dyn PairJudge| {
            // A pair read afresh: the scoring above read these texts.
            forget_readings();
            let t = std::time::Instant::now();
            for p in &all {
                std::hint::black_box(j.judge(&entry(&p.a, 1), &entry(&p.b, 2), cos(&vecs, &p.a, &p.b)));
            }
            t.elapsed().as_secs_f64() * 1e6 / all.len() as f64
        };
        let (tt, th) = (time(&trained), time(&heuristic));
        // The lexicon checks (`different_things`, reading both texts) run
        // in the judge only on pairs the model would merge; this times them
        // on every pair.
        let t = std::time::Instant::now();
        for p in &all {
            std::hint::black_box(different_things(&p.a, &p.b));
        }
        let tl = t.elapsed().as_secs_f64() * 1e6 / all.len() as f64;
        println!();
        println!(
            "Judging cost over {} pairs: trained {tt:.1} µs per pair, heuristic {th:.1} µs per pair ({:.1}×). The lexicon checks, run alone on every pair: {tl:.1} µs per pair; the lexicon loads in {lexicon_ms:.0} ms, once per process.",
            all.len(),
            tt / th
        );
    }
    println!();
    agent_memory(model.clone());
    chains(model);
}

/// With `DREAMDB_JUDGE_SWEEP`: the trained judge at other thresholds
/// (duplicate, update), for the precision/recall curve.
/// `DREAMDB_JUDGE_THRESHOLDS=D/U[/R[/S]],...` adds those (duplicate, update,
/// update when the hand rules agree, same fact; R defaults to U, S to 0.7;
/// an update with a change word passes at R or the model's change-word
/// bar, the higher)
/// points.
fn sweep() -> Vec<(String, TrainedJudge)> {
    let num = |x: &str| -> f32 { x.trim().parse().expect("DREAMDB_JUDGE_THRESHOLDS: D/U[/R[/S]],...") };
    let mut points: Vec<(f32, f32, f32, f32)> = std::env::var("DREAMDB_JUDGE_THRESHOLDS")
        .unwrap_or_default()
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let v: Vec<f32> = p.split('/').map(num).collect();
            (v[0], v[1], v.get(2).copied().unwrap_or(v[1]), v.get(3).copied().unwrap_or(0.7))
        })
        .collect();
    if std::env::var_os("DREAMDB_JUDGE_SWEEP").is_some() {
        points.extend([0.5, 0.75, 0.85, 0.9, 0.95].map(|t| (t, t, t, 0.7)));
    }
    // The bars a point does not name are the shipped model's.
    let shipped = JudgeModel::builtin().thresholds;
    points
        .into_iter()
        .map(|(d, u, r, s)| {
            (
                format!("trained, thresholds {d:.2} / {u:.2} (with rules {r:.2}, same fact {s:.2})"),
                TrainedJudge::with_thresholds(Thresholds {
                    duplicate: d,
                    update: u,
                    update_with_rules: r,
                    update_with_change: r.max(shipped.update_with_change),
                    duplicate_same_words: d.min(shipped.duplicate_same_words),
                    same_fact: s,
                    chain: 0.9,
                    ..shipped
                }),
            )
        })
        .collect()
}

/// Writes `pairs.tsv`: one row per ordered pair with its set, agent group
/// (-1 outside the agent set), role, labels (1, 0, or -1 for "no label"),
/// SICK's relatedness (-1 elsewhere), whether the judge's rules let a merge
/// and an update through (`merge_ok`, `update_ok`: the verdict of the
/// shipped model with a bar of 0 for that decision and 1 for the other, so
/// what stops it is a rule) and the features, `older` first. MRPC and SICK pairs come in both orders
/// (`order` 0 is the file's).
fn dump(dir: &Path, sets: &[(&str, &[Pair])], groups: &[Group], vecs: &Vectors) {
    std::fs::create_dir_all(dir).expect("dump dir");
    let path = dir.join("pairs.tsv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("pairs.tsv"));
    write!(out, "set\tgroup\theld_out\trole\torder\tdup\tupdate\trelatedness\tmerge_ok\tupdate_ok").unwrap();
    for n in FEATURE_NAMES {
        write!(out, "\t{n}").unwrap();
    }
    writeln!(out).unwrap();
    // The texts of each row, in the same order, for error analysis.
    let mut texts = std::io::BufWriter::new(std::fs::File::create(dir.join("texts.tsv")).expect("texts.tsv"));
    let merge_probe = TrainedJudge::with_bars(Some(0.0), Some(1.0)).expect("bars");
    let update_probe = TrainedJudge::with_bars(Some(1.0), Some(0.0)).expect("bars");
    let mut row = |set: &str, group: i64, held: bool, role: &str, order: u8, (dup, upd): (i8, i8), related: f32, a: &str, b: &str| {
        writeln!(texts, "{}\t{}", a.replace(['\t', '\n'], " "), b.replace(['\t', '\n'], " ")).unwrap();
        let cosine = cos(vecs, a, b);
        let (older, newer) = (entry(a, 1), entry(b, 2));
        let merge_ok = merge_probe.judge_quick(&older, &newer, cosine).decision == Decision::Duplicate;
        let update_ok = update_probe.judge_quick(&older, &newer, cosine).decision == Decision::Update;
        write!(out, "{set}\t{group}\t{}\t{role}\t{order}\t{dup}\t{upd}\t{related}\t{}\t{}", held as u8, merge_ok as u8, update_ok as u8).unwrap();
        for v in pair_features(a, b, cosine) {
            write!(out, "\t{v}").unwrap();
        }
        writeln!(out).unwrap();
    };
    for (set, pairs) in sets {
        let mrpc = set.starts_with("mrpc");
        for p in *pairs {
            let (dup, upd, role) = match (mrpc, p.label.as_str()) {
                (true, l) => (i8::from(l == "1"), -1, if l == "1" { "paraphrase" } else { "not-paraphrase" }),
                // SICK: entailment is one-way, not "same meaning": no duplicate label.
                (false, "ENTAILMENT") => (-1, 0, "entailment"),
                (false, "CONTRADICTION") => (0, 1, "contradiction"),
                (false, _) => (0, 0, "neutral"),
            };
            row(set, -1, false, role, 0, (dup, upd), p.score, &p.a, &p.b);
            row(set, -1, false, role, 1, (dup, upd), p.score, &p.b, &p.a);
        }
    }
    for (gi, g) in groups.iter().enumerate() {
        let items = g.items();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                // Older first; items are listed fact, paraphrases, near misses, update.
                let ((ta, ra, at), (tb, rb, bt)) = (&items[i], &items[j]);
                let ((ta, ra), (tb, rb)) = if at <= bt { ((ta, ra), (tb, rb)) } else { ((tb, rb), (ta, ra)) };
                let same = |r: &str| r == "fact" || r == "paraphrase";
                let (dup, upd) = if same(ra) && same(rb) {
                    (1, 0)
                } else if same(ra) && *rb == "update" {
                    (0, 1)
                } else {
                    (0, 0)
                };
                // The first file trains but for its held-out third; the
                // blind sets are only evaluated; the training file's rows
                // are the trainer's to use on request (`agent_train`).
                let (set, held) = match AGENT_FILES.get(g.source) {
                    Some(f) => (f.2, held_out(gi) || g.source > 0),
                    None => ("agent_train", false),
                };
                row(set, gi as i64, held, &format!("{ra}-{rb}"), 0, (dup, upd), -1.0, ta, tb);
            }
        }
    }
    drop(out);
    eprintln!("wrote {}", path.display());
}

/// The agent-memory files: `agent_memory.jsonl` (two thirds train the
/// judge), then the blind sets, written by helpers that had seen neither the
/// judge nor the first file and only ever measured. The first blind set was
/// used to compare changes to the judge; the second was measured once, when
/// it was added (see BENCHMARKS.md).
///
/// Each file with its row label here and its set name in the dumped table
/// (the trainer reads "agent" rows).
const AGENT_FILES: [(&str, &str, &str); 31] = [
    ("agent_memory.jsonl", "first set", "agent"),
    ("agent_memory_blind.jsonl", "blind", "agent_blind"),
    ("agent_memory_blind2.jsonl", "blind 2", "agent_blind2"),
    ("agent_memory_blind3.jsonl", "blind 3", "agent_blind3"),
    ("agent_memory_blind4.jsonl", "blind 4", "agent_blind4"),
    ("agent_memory_blind5.jsonl", "blind 5", "agent_blind5"),
    ("agent_memory_blind6.jsonl", "blind 6", "agent_blind6"),
    ("agent_memory_blind7.jsonl", "blind 7", "agent_blind7"),
    ("agent_memory_blind8.jsonl", "blind 8", "agent_blind8"),
    ("agent_memory_blind9.jsonl", "blind 9", "agent_blind9"),
    ("agent_memory_blind10.jsonl", "blind 10", "agent_blind10"),
    ("agent_memory_blind11.jsonl", "blind 11", "agent_blind11"),
    ("agent_memory_blind12.jsonl", "blind 12", "agent_blind12"),
    ("agent_memory_blind13.jsonl", "blind 13", "agent_blind13"),
    ("agent_memory_blind14.jsonl", "blind 14", "agent_blind14"),
    ("agent_memory_blind15.jsonl", "blind 15", "agent_blind15"),
    ("agent_memory_blind16.jsonl", "blind 16", "agent_blind16"),
    ("agent_memory_blind17.jsonl", "blind 17", "agent_blind17"),
    ("agent_memory_blind18.jsonl", "blind 18", "agent_blind18"),
    ("agent_memory_blind19.jsonl", "blind 19", "agent_blind19"),
    ("agent_memory_blind20.jsonl", "blind 20", "agent_blind20"),
    ("agent_memory_blind21.jsonl", "blind 21", "agent_blind21"),
    ("agent_memory_blind22.jsonl", "blind 22", "agent_blind22"),
    ("agent_memory_blind23.jsonl", "blind 23", "agent_blind23"),
    ("agent_memory_blind24.jsonl", "blind 24", "agent_blind24"),
    ("agent_memory_blind25.jsonl", "blind 25", "agent_blind25"),
    ("agent_memory_blind26.jsonl", "blind 26", "agent_blind26"),
    ("agent_memory_blind27.jsonl", "blind 27", "agent_blind27"),
    ("agent_memory_blind28.jsonl", "blind 28", "agent_blind28"),
    ("agent_memory_blind29.jsonl", "blind 29", "agent_blind29"),
    ("agent_memory_polarity.jsonl", "polarity (targeted)", "agent_polarity"),
];

/// The blind sets the shipped model trains on, all their groups
/// (scripts/train_judge.py, `TRAIN_SETS`): the odd ones up to 17. Their
/// rows are printed, but they leave the pool of groups never trained on.
const TRAINED_SETS: [&str; 9] = [
    "agent_blind",
    "agent_blind3",
    "agent_blind5",
    "agent_blind7",
    "agent_blind9",
    "agent_blind11",
    "agent_blind13",
    "agent_blind15",
    "agent_blind17",
];

/// Whether the shipped model trained on the groups of `AGENT_FILES[source]`
/// (on the first file, all but the held-out third).
fn trains(source: usize) -> bool {
    source == 0 || AGENT_FILES.get(source).is_some_and(|f| TRAINED_SETS.contains(&f.2))
}

/// Index in [`AGENT_FILES`] of the targeted set, the last (every update a
/// state flipped by an opposite word): reported on its own row, and left
/// out of the pooled one, which it would tilt.
const TARGETED: usize = AGENT_FILES.len() - 1;

/// The records of `benches/data/FILE`, one JSON object per line; `None`
/// when the file is absent.
fn read_jsonl<T: serde::de::DeserializeOwned>(file: &str) -> Option<Vec<T>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data").join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
            .collect(),
    )
}

/// Groups written only to train the judge (by helpers that saw neither the
/// judge nor the evaluated files): dumped as "agent_train" rows, which the
/// trainer uses only when asked (`--with-training-file`), never dreamt here.
const TRAIN_FILE: &str = "agent_memory_train.jsonl";

fn load_train_groups() -> Vec<Group> {
    let groups: Vec<Group> = read_jsonl(TRAIN_FILE).unwrap_or_else(|| panic!("benches/data/{TRAIN_FILE} is missing"));
    groups.into_iter().map(|g| Group { source: AGENT_FILES.len(), ..g }).collect()
}

fn load_groups() -> Vec<Group> {
    let mut all = Vec::new();
    for (source, (file, _, _)) in AGENT_FILES.iter().enumerate() {
        let groups: Vec<Group> = read_jsonl(file).unwrap_or_else(|| panic!("benches/data/{file} is missing"));
        all.extend(groups.into_iter().map(|g| Group { source, ..g }));
    }
    all
}

/// A value changed several times: each step supersedes the one before,
/// and the near misses (another attribute, or a related subject) stay.
#[derive(serde::Deserialize)]
struct Chain {
    group: String,
    steps: Vec<Dated>,
    near_misses: Vec<Dated>,
}

/// Written blind, like the blind sets, and never trained on.
const CHAIN_FILE: &str = "agent_memory_chains.jsonl";

/// Chains of updates (A → B → C), each in its own namespace: after the
/// dreams, the share of earlier steps no longer active, of chains that end
/// with only the newest step active, and of near misses touched.
fn chains(model: Arc<BertEmbedder>) {
    let Some(chains) = read_jsonl::<Chain>(CHAIN_FILE) else {
        println!("benches/data/{CHAIN_FILE} not found: the chain rows are skipped");
        return;
    };
    println!();
    println!(
        "## Chains of updates ({} chains of {} steps, {} near misses; {CHAIN_FILE}, written blind, never trained on). Shares with their 95% Wilson interval, in percent",
        chains.len(),
        chains.iter().map(|c| c.steps.len()).sum::<usize>(),
        chains.iter().map(|c| c.near_misses.len()).sum::<usize>()
    );
    println!();
    println!("| judge | dreams | earlier steps retired | chains ending at the newest step only | near misses touched |");
    println!("|---|---|---|---|---|");
    let trained: Arc<dyn PairJudge> = Arc::new(TrainedJudge::default());
    let mut runs: Vec<(String, Arc<dyn PairJudge>, usize)> =
        vec![("trained (default)".into(), trained.clone(), 1), ("trained (default)".into(), trained, 3)];
    if std::env::var_os("DREAMDB_JUDGE_ONLY_TRAINED").is_none() {
        runs.push(("cosine ≥ 0.90 merge, ≥ 0.75 update".into(), Arc::new(CosineJudge { dup: 0.90, update: 0.75 }), 1));
    }
    runs.extend(sweep().into_iter().map(|(name, j)| (name, Arc::new(j) as Arc<dyn PairJudge>, 1)));
    // The labels as verdicts: what the dream's planning makes of a judge
    // that is always right about the pairs it is shown.
    let mut step_of: HashMap<String, (usize, usize)> = HashMap::new();
    for (ci, c) in chains.iter().enumerate() {
        step_of.extend(c.steps.iter().enumerate().map(|(si, d)| (d.text.clone(), (ci, si))));
    }
    runs.push(("the labels (planning alone)".into(), Arc::new(LabelJudge(step_of)), 1));
    let verbose = std::env::var_os("DREAMDB_JUDGE_VERBOSE").is_some();
    for (name, judge, dreams) in runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let mem = Memory::builder(dir.path()).embedder(model.clone()).sync_writes(false).open().expect("open");
        let mut ids: Vec<(Vec<EntryId>, Vec<EntryId>)> = Vec::new();
        for c in &chains {
            let ns = format!("chain-{}", c.group);
            let entry = |d: &Dated| NewEntry::new(d.text.clone()).namespace(ns.clone()).created_at(day(&d.date));
            let got = mem.remember_batch(c.steps.iter().chain(&c.near_misses).map(entry).collect()).expect("remember");
            ids.push((got[..c.steps.len()].to_vec(), got[c.steps.len()..].to_vec()));
        }
        let (_, touched) = dream_times(&mem, &judge, dreams);
        let active = |id: EntryId| mem.get(id).expect("get").expect("entry").status == Status::Active;
        let (mut earlier, mut retired, mut complete, mut nears, mut hit) = (0, 0, 0, 0, 0);
        for (c, (steps, near)) in chains.iter().zip(&ids) {
            let (last, before) = steps.split_last().expect("steps");
            let gone = before.iter().filter(|s| !active(**s)).count();
            earlier += before.len();
            retired += gone;
            let ok = gone == before.len() && active(*last);
            complete += usize::from(ok);
            if !ok && verbose {
                let st: Vec<String> = steps.iter().map(|s| format!("{:?}", mem.get(*s).expect("get").expect("entry").status)).collect();
                eprintln!("[chain {name}, {dreams} dreams] {}: {st:?}", c.group);
            }
            for n in near {
                nears += 1;
                let h = touched.contains(n) || !active(*n);
                hit += usize::from(h);
                if h && verbose {
                    eprintln!("[chain {name}, {dreams} dreams] near miss touched: {:?}", mem.get(*n).expect("get").expect("entry").text);
                }
            }
        }
        println!("| {name} | {dreams} | {} | {} | {} |", share(retired, earlier), share(complete, chains.len()), share(hit, nears));
    }
}

/// Dream `n` times (at least once): the first dream's report with the
/// changes of the later dreams added, and every
/// entry any of the dreams changed or pointed a change at.
fn dream_times(mem: &Memory, judge: &Arc<dyn PairJudge>, n: usize) -> (dreamdb::dream::DreamReport, BTreeSet<EntryId>) {
    let mut first = None;
    let mut touched = BTreeSet::new();
    for _ in 0..n.max(1) {
        let r = mem.dream(&DreamOptions { judge: judge.clone(), ..Default::default() }).expect("dream");
        touched.extend(r.changes.iter().flat_map(|c| [Some(c.entry), c.target].into_iter().flatten()));
        // The verbose lines find what touched a statement in any dream.
        match &mut first {
            None => first = Some(r),
            Some(f) => f.changes.extend(r.changes),
        }
    }
    (first.expect("one dream"), touched)
}

/// Verdicts from the chain labels: a later step of the same chain updates
/// an earlier one; every other pair is distinct.
struct LabelJudge(HashMap<String, (usize, usize)>);

impl PairJudge for LabelJudge {
    fn judge(&self, a: &Entry, b: &Entry, _cosine: f32) -> Verdict {
        let decision = match (self.0.get(&a.text), self.0.get(&b.text)) {
            (Some(x), Some(y)) if x.0 == y.0 && x.1 != y.1 => Decision::Update,
            _ => Decision::Distinct,
        };
        Verdict { decision, reason: "labels".into(), scores: Vec::new() }
    }

    fn same_fact(&self, _: &Entry, _: &Entry, _: f32) -> bool {
        false
    }
}

/// One import and dreaming of the agent sets.
struct Run {
    name: String,
    judge: Arc<dyn PairJudge>,
    dreams: usize,
    /// The near misses written an hour after the update, not after the fact.
    near_after: bool,
    /// Print only the pooled never-trained-on row.
    pooled_only: bool,
}

impl Run {
    fn new(name: &str, judge: Arc<dyn PairJudge>) -> Run {
        Run { name: name.to_string(), judge, dreams: 1, near_after: false, pooled_only: false }
    }
}

/// `DREAMDB_JUDGE_PAIRS`: the default judge on every ordered pair within
/// each agent group, one TSV row each.
fn group_verdicts(model: &BertEmbedder, path: &Path) {
    let groups = load_groups();
    let texts: BTreeSet<String> = groups.iter().flat_map(|g| g.items().into_iter().map(|i| i.0)).collect();
    let vecs = embed_all(model, &texts);
    // `DREAMDB_JUDGE_MERGE_BAR=P` shows the verdicts at another merge bar
    // (and so the vetoes that stand below the shipped one).
    let bar = std::env::var("DREAMDB_JUDGE_MERGE_BAR").ok().map(|b| b.parse::<f32>().expect("DREAMDB_JUDGE_MERGE_BAR: a probability"));
    let judge = TrainedJudge::with_bars(bar, None).expect("DREAMDB_JUDGE_MERGE_BAR: a probability from 0 to 1");
    let clean = |t: &str| t.replace(['\t', '\n'], " ");
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the pairs file"));
    writeln!(out, "set\ttrained\tgroup\trole_a\trole_b\tcosine\tdecision\tp_duplicate\tp_update\treason\ta\tb").expect("write");
    let mut rows = 0;
    for (gi, g) in groups.iter().enumerate() {
        let trained = trains(g.source) && !(g.source == 0 && held_out(gi));
        let items = g.items();
        for (i, (a, ra, ta)) in items.iter().enumerate() {
            for (j, (b, rb, tb)) in items.iter().enumerate() {
                if i == j {
                    continue;
                }
                let c = cos(&vecs, a, b);
                let v = judge.judge(&entry(a, *ta), &entry(b, *tb), c);
                let score = |k: &str| v.scores.iter().find(|(n, _)| n == k).map_or(-1.0, |(_, x)| *x);
                writeln!(
                    out,
                    "{}\t{}\t{}\t{ra}\t{rb}\t{c:.4}\t{:?}\t{:.4}\t{:.4}\t{}\t{}\t{}",
                    AGENT_FILES[g.source].2,
                    u8::from(trained),
                    g.group,
                    v.decision,
                    score("p_duplicate"),
                    score("p_update"),
                    clean(&v.reason),
                    clean(a),
                    clean(b)
                )
                .expect("write");
                rows += 1;
            }
        }
    }
    eprintln!("wrote {rows} pairs to {}", path.display());
}

fn agent_memory(model: Arc<BertEmbedder>) {
    let groups = load_groups();
    // Rows: each file, the first file's held-out groups, and every group
    // the judge never trained on.
    let row_of = |gi: usize| -> Vec<usize> {
        let s = groups[gi].source;
        let mut r = vec![if s == 0 { 0 } else { s + 1 }];
        if (!trains(s) && s != TARGETED) || (s == 0 && held_out(gi)) {
            r.push(AGENT_FILES.len() + 1);
        }
        if s == 0 && held_out(gi) {
            r.push(1);
        }
        r
    };
    let mut labels: Vec<String> = vec![AGENT_FILES[0].1.into(), "held out".into()];
    labels.extend(AGENT_FILES[1..].iter().enumerate().map(|(i, f)| {
        if trains(i + 1) {
            format!("{} (trained on)", f.1)
        } else {
            f.1.to_string()
        }
    }));
    labels.push("all never trained on".into());
    let mut n_groups = vec![0usize; labels.len()];
    for gi in 0..groups.len() {
        for r in row_of(gi) {
            n_groups[r] += 1;
        }
    }
    let sizes: Vec<String> = AGENT_FILES[1..]
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} ({} groups{})", f.0, n_groups[i + 2], if trains(i + 1) { ", trained on" } else { "" }))
        .collect();
    println!(
        "## Agent-memory set ({} groups: fact, paraphrases, later update, near misses; {} of them held out from training) and blind sets {} (written without seeing the judge or the first set; the odd ones up to 17 train the judge, the others never). One dream, near misses written an hour after the fact, unless the row says otherwise. Shares with their 95% Wilson interval, in percent",
        n_groups[0],
        n_groups[1],
        sizes.join(", ")
    );
    println!();
    // Each statement under the date it was written on, when asked: the
    // agent sets as a journal of notes would keep them.
    let stamped = std::env::var_os("DREAMDB_JUDGE_STAMPED").is_some();
    if stamped {
        println!("Every statement written under its date: \"[2024-01-22] ...\".");
        println!();
    }
    println!("| judge | groups | paraphrases merged | updates resolved to newest | near misses touched | paraphrases left active |");
    println!("|---|---|---|---|---|---|");
    let trained: Arc<dyn PairJudge> = Arc::new(TrainedJudge::default());
    let mut runs = vec![
        Run::new("trained (default)", trained.clone()),
        // What a user sees after dreaming again, and with the other order
        // in time: a dream may only take what the last one left.
        Run { dreams: 3, pooled_only: true, ..Run::new("trained (default), 3 dreams", trained.clone()) },
        Run {
            dreams: 3,
            near_after: true,
            pooled_only: true,
            ..Run::new("trained (default), near misses written after the update, 3 dreams", trained)
        },
        Run::new("heuristic", Arc::new(HeuristicJudge::default())),
        Run::new("cosine ≥ 0.90 merge, ≥ 0.75 update", Arc::new(CosineJudge { dup: 0.90, update: 0.75 })),
    ];
    if std::env::var_os("DREAMDB_JUDGE_ONLY_TRAINED").is_some() {
        runs.truncate(3);
    }
    runs.extend(sweep().into_iter().map(|(name, j)| Run::new(&name, Arc::new(j))));
    let verbose = std::env::var_os("DREAMDB_JUDGE_VERBOSE").is_some();
    let note = |text: &str, date: &str| if stamped { format!("[{date}] {text}") } else { text.to_string() };
    for Run { name, judge, dreams, near_after, pooled_only } in runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let mem = Memory::builder(dir.path()).embedder(model.clone()).sync_writes(false).open().expect("open");
        let mut ids: Vec<(EntryId, Vec<EntryId>, EntryId, Vec<EntryId>)> = Vec::new();
        for g in &groups {
            // One namespace per group and file: two files may use one slug.
            let ns = format!("{}-{}", g.source, g.group);
            let fact_at = day(&g.fact.date);
            let mut batch = vec![NewEntry::new(note(&g.fact.text, &g.fact.date)).namespace(ns.clone()).created_at(fact_at)];
            for p in &g.paraphrases {
                batch.push(NewEntry::new(note(p, &g.fact.date)).namespace(ns.clone()).created_at(fact_at));
            }
            batch.push(NewEntry::new(note(&g.update.text, &g.update.date)).namespace(ns.clone()).created_at(day(&g.update.date)));
            for n in &g.near_misses {
                let (near_at, date) = if near_after { (day(&g.update.date) + 3_600_000, &g.update.date) } else { (fact_at + 3_600_000, &g.fact.date) };
                batch.push(NewEntry::new(note(n, date)).namespace(ns.clone()).created_at(near_at));
            }
            let got = mem.remember_batch(batch).expect("remember");
            let np = g.paraphrases.len();
            ids.push((got[0], got[1..1 + np].to_vec(), got[1 + np], got[2 + np..].to_vec()));
        }
        let (report, touched) = dream_times(&mem, &judge, dreams);
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
        if verbose {
            for c in &report.changes {
                let target = c.target.map(|t| get(t).text).unwrap_or_default();
                eprintln!("[{name}] {:?} {:?} -> {:?}: {}", c.kind, c.text, target, c.reason);
            }
        }
        // Per row: paraphrases, merged, updates resolved, near misses,
        // touched, and paraphrases left active: those that still state the
        // outdated value after the dream, merged into a fact left active or
        // not merged and not superseded with the fact.
        let mut counts = vec![[0usize; 6]; labels.len()];
        for (gi, (fact, paras, update, nears)) in ids.iter().enumerate() {
            let mut c = [0usize; 6];
            for p in paras {
                c[0] += 1;
                let merged = root(*p) == root(*fact);
                c[1] += usize::from(merged);
                c[5] += usize::from(get(root(*p)).status == Status::Active && root(*p) != root(*update));
                if !merged && verbose && dreams == 1 {
                    let (f, q) = (get(*fact), get(*p));
                    let v = model.embed(&[f.text.as_str(), q.text.as_str()]).expect("embed");
                    let cosine = dreamdb::index::dot(&v[0], &v[1]);
                    let why = judge.judge(&f, &q, cosine);
                    eprintln!("[{name}] paraphrase not merged: {:?} / {:?} (cosine {cosine:.2}; {:?}: {})", f.text, q.text, why.decision, why.reason);
                }
            }
            // Resolved: the fact (through any merge) is superseded by the update, which stays active.
            let r = get(root(*fact));
            let resolved = r.status == Status::Superseded && r.superseded_by == Some(*update) && get(*update).status == Status::Active;
            c[2] += usize::from(resolved);
            if !resolved && verbose {
                let by = r.superseded_by.map(|s| get(s).text);
                let (f, u) = (get(*fact), get(*update));
                let v = model.embed(&[f.text.as_str(), u.text.as_str()]).expect("embed");
                let cosine = dreamdb::index::dot(&v[0], &v[1]);
                let why = judge.judge(&f, &u, cosine);
                eprintln!(
                    "[{name}] update not resolved: {:?} ({:?}, superseded by {by:?}) vs {:?} ({:?}); the fact {:?} against it: cosine {cosine:.2}, {:?}: {}",
                    r.text, r.status, u.text, u.status, f.text, why.decision, why.reason
                );
            }
            for n in nears {
                c[3] += 1;
                let hit = touched.contains(n) || get(*n).status != Status::Active;
                c[4] += usize::from(hit);
                if hit && verbose {
                    let ch = report.changes.iter().find(|ch| ch.entry == *n || ch.target == Some(*n));
                    let other = ch.and_then(|ch| if ch.entry == *n { ch.target } else { Some(ch.entry) }).map(|o| get(o).text);
                    eprintln!("[{name}] near miss touched: {:?} via {:?}", get(*n).text, ch.map(|ch| (&ch.text, other, &ch.reason)));
                }
            }
            for r in row_of(gi) {
                for (k, v) in c.iter().enumerate() {
                    counts[r][k] += v;
                }
            }
        }
        for ((which, c), n) in labels.iter().zip(&counts).zip(&n_groups).skip(if pooled_only { labels.len() - 1 } else { 0 }) {
            println!("| {name} | {which} ({n}) | {} | {} | {} | {} |", share(c[1], c[0]), share(c[2], *n), share(c[4], c[3]), share(c[5], c[0]));
        }
    }
}
