//! Recall quality on LoCoMo through dreamdb's public API, for each retrieval
//! mode (hybrid, dense, lexical) in one run.
//!
//! Every turn becomes one entry (`"{speaker}: {text}"`, namespace
//! `conv{N}`, external id = its `dia_id`, created at its session's date);
//! each question is asked with k=20 within its own conversation. Reported:
//! recall@k (mean fraction of a question's evidence turns in the top k) and
//! hit@k (share of questions with at least one evidence turn in the top k)
//! for k = 1, 5, 10, 20, overall and per category, and `recall` latency
//! (query embedding included), beside the reference figures of
//! ../shared/data/README.md.
//!
//! `cargo bench --bench locomo` (model installed: models/install.sh; data in
//! ../shared/data or `$DREAMDB_DATA`). Environment:
//! - `DREAMDB_EVAL_MODES=hybrid,dense,lexical`: modes to run (default all);
//! - `DREAMDB_EVAL_LIMIT=N`: only the first N questions (quick runs);
//! - `DREAMDB_EVAL_CAPTIONS=1`: append ` [photo: caption]` to turns sharing a
//!   photo (default off, as in the reference setup);
//! - `DREAMDB_EVAL_JSON=path`: also write the summary as JSON;
//! - `DREAMDB_EVAL_SESSIONS=1`: load each LoCoMo session through the session
//!   API instead (`begin_session_at`, `log_turn_with`, `end_session`), so the
//!   turns become episodes whose context holds their neighbours and date;
//! - `DREAMDB_EVAL_EMBED_CONTEXT=1`: embed that context with the turn;
//! - `DREAMDB_EVAL_SWEEP=1`: after the modes, reopen the store with a grid of
//!   hybrid weights (`RecallWeights`) and print recall for each (query
//!   embeddings are memoised, so each point costs only the searches).
//!
//! Evidence: a few evidence strings hold several ids (`"D8:6; D9:17"`,
//! `"D9:1 D4:4 D4:6"`); they are split on `;` and whitespace and
//! de-duplicated. Ids that still do not resolve to a turn of the question's
//! conversation are dropped, and questions left without evidence are
//! skipped; both are counted in the output. The reference counted 1,977
//! questions, which suggests it did not split those strings.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, ModelIdentity};
use dreamdb::{parse_rfc3339, Filter, Hit, Memory, NewEntry, NewTurn, Outcome, RecallMode, RecallQuery, RecallWeights, Role};

/// Memoises query embeddings so a sweep re-embeds nothing. Off while the
/// modes are timed, so each mode's latency includes its query embedding.
struct Memo {
    inner: Arc<BertEmbedder>,
    on: std::sync::atomic::AtomicBool,
    seen: std::sync::Mutex<HashMap<String, Vec<f32>>>,
}

impl Embedder for Memo {
    fn identity(&self) -> &ModelIdentity {
        self.inner.identity()
    }
    fn embed(&self, texts: &[&str]) -> dreamdb::Result<Vec<Vec<f32>>> {
        if texts.len() != 1 || !self.on.load(std::sync::atomic::Ordering::Relaxed) {
            return self.inner.embed(texts);
        }
        if let Some(v) = self.seen.lock().expect("memo lock").get(texts[0]) {
            return Ok(vec![v.clone()]);
        }
        let v = self.inner.embed(texts)?;
        self.seen.lock().expect("memo lock").insert(texts[0].to_string(), v[0].clone());
        Ok(v)
    }
}

/// The dia_id a hit stands for: its external id, or for an episode the
/// turn it came from.
fn hit_id(h: &Hit, turns: &HashMap<(u64, u32), String>) -> Option<String> {
    h.entry
        .external_id
        .clone()
        .or_else(|| h.entry.source.as_ref().and_then(|s| turns.get(&(s.session, s.first_turn)).cloned()))
}
use serde_json::json;
use support::{locomo, pct};

const KS: [usize; 4] = [1, 5, 10, 20];
const K_MAX: usize = 20;
const CATEGORIES: [(u64, &str); 5] =
    [(1, "multi-hop"), (2, "temporal"), (3, "open-domain"), (4, "single-hop"), (5, "adversarial")];
/// Reference rows of ../shared/data/README.md: recall@1, @5, @10, @20.
const REFERENCE: [(&str, [f64; 4]); 3] = [
    ("BM25 (Okapi)", [0.247, 0.453, 0.527, 0.604]),
    ("dense, exact cosine", [0.135, 0.327, 0.415, 0.519]),
    ("RRF of the two (k=60)", [0.196, 0.435, 0.536, 0.645]),
];

/// A question ready to ask: its namespace and its resolved evidence ids.
struct Case {
    namespace: String,
    question: String,
    evidence: Vec<String>,
    category: u64,
}

/// Sums of recall@k and hit@k over questions.
#[derive(Default, Clone)]
struct Tally {
    n: usize,
    recall: [f64; 4],
    hit: [f64; 4],
}

impl Tally {
    fn add(&mut self, ranked: &[String], evidence: &[String]) {
        self.n += 1;
        for (i, &k) in KS.iter().enumerate() {
            let found = evidence.iter().filter(|e| ranked.iter().take(k).any(|r| r == *e)).count();
            self.recall[i] += found as f64 / evidence.len() as f64;
            self.hit[i] += if found > 0 { 1.0 } else { 0.0 };
        }
    }
    fn recall_at(&self, i: usize) -> f64 {
        self.recall[i] / self.n.max(1) as f64
    }
    fn hit_at(&self, i: usize) -> f64 {
        self.hit[i] / self.n.max(1) as f64
    }
    fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("questions".into(), json!(self.n));
        for (i, k) in KS.iter().enumerate() {
            m.insert(format!("recall@{k}"), json!(self.recall_at(i)));
            m.insert(format!("hit@{k}"), json!(self.hit_at(i)));
        }
        serde_json::Value::Object(m)
    }
}

/// What one mode scored.
struct ModeResult {
    name: &'static str,
    all: Tally,
    by_category: BTreeMap<u64, Tally>,
    /// Per-query `recall` latency in ms, sorted.
    latency: Vec<f64>,
}

fn mode_name(mode: RecallMode) -> &'static str {
    match mode {
        RecallMode::Hybrid => "hybrid",
        RecallMode::Dense => "dense",
        RecallMode::Lexical => "lexical",
    }
}

/// Parse a LoCoMo session date such as "1:56 pm on 8 May, 2023" (taken as
/// UTC) into Unix milliseconds.
fn parse_session_date(s: &str) -> Option<i64> {
    const MONTHS: &str = "january february march april may june july august september october november december";
    let (clock, date) = s.trim().split_once(" on ")?;
    let (hm, ampm) = clock.trim().split_once(' ')?;
    let (h, m) = hm.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let hour = match ampm.to_ascii_lowercase().as_str() {
        "am" if (1..=12).contains(&h) => h % 12,
        "pm" if (1..=12).contains(&h) => h % 12 + 12,
        _ => return None,
    };
    let mut parts = date.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty());
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.split(' ').position(|mo| mo == month)? + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let rfc = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{m:02}:00Z");
    parse_rfc3339(&rfc).ok()
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn main() {
    let Some(data) = locomo() else {
        println!("LoCoMo data not found: skipping the LoCoMo evaluation");
        return;
    };
    let captions = env_flag("DREAMDB_EVAL_CAPTIONS");
    let limit: Option<usize> = std::env::var("DREAMDB_EVAL_LIMIT")
        .ok()
        .map(|s| s.trim().parse().expect("DREAMDB_EVAL_LIMIT is a number of questions"));
    let modes: Vec<RecallMode> = match std::env::var("DREAMDB_EVAL_MODES") {
        Ok(list) => list
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .map(|s| RecallMode::from_str(&s).unwrap_or_else(|e| panic!("DREAMDB_EVAL_MODES: {e}")))
            .collect(),
        Err(_) => vec![RecallMode::Hybrid, RecallMode::Dense, RecallMode::Lexical],
    };

    // Turns -> entries, and the dia_ids of each conversation.
    let mut ids_of: HashMap<usize, HashSet<&str>> = HashMap::new();
    let mut bad_dates: HashSet<&str> = HashSet::new();
    let mut entries = Vec::with_capacity(data.turns.len());
    for t in &data.turns {
        ids_of.entry(t.conversation).or_default().insert(t.dia_id.as_str());
        let mut text = format!("{}: {}", t.speaker, t.text);
        if let (true, Some(c)) = (captions, &t.caption) {
            text.push_str(&format!(" [photo: {c}]"));
        }
        let mut e = NewEntry::new(text).namespace(format!("conv{}", t.conversation)).external_id(t.dia_id.clone());
        match parse_session_date(&t.date) {
            Some(ms) => e = e.created_at(ms),
            None => drop(bad_dates.insert(t.date.as_str())),
        }
        entries.push(e);
    }
    if !bad_dates.is_empty() {
        println!("{} session dates did not parse (created_at left unset): {:?}", bad_dates.len(), bad_dates);
    }

    // Questions -> cases with resolved evidence.
    let (mut split_strings, mut skipped_ids, mut skipped_questions) = (0usize, Vec::new(), 0usize);
    let mut cases = Vec::new();
    for q in &data.questions {
        let known = ids_of.get(&q.conversation);
        let mut evidence: Vec<String> = Vec::new();
        for raw in &q.evidence {
            let parts: Vec<&str> =
                raw.split(|c: char| c == ';' || c.is_whitespace()).filter(|p| !p.is_empty()).collect();
            split_strings += usize::from(parts.len() > 1);
            for id in parts {
                if !known.is_some_and(|k| k.contains(id)) {
                    skipped_ids.push(format!("conv{}:{id}", q.conversation));
                } else if !evidence.iter().any(|e| e == id) {
                    evidence.push(id.to_string());
                }
            }
        }
        if evidence.is_empty() {
            skipped_questions += 1;
            continue;
        }
        cases.push(Case {
            namespace: format!("conv{}", q.conversation),
            question: q.question.clone(),
            evidence,
            category: q.category,
        });
    }
    println!("# dreamdb LoCoMo recall evaluation");
    println!();
    println!(
        "{} turns, {} questions; {split_strings} evidence strings held several ids (split); skipped {} evidence ids \
         that do not resolve {:?} and {skipped_questions} questions without resolvable evidence; {} questions remain",
        data.turns.len(),
        data.questions.len(),
        skipped_ids.len(),
        skipped_ids,
        cases.len()
    );
    if let Some(n) = limit {
        cases.truncate(n);
        println!("DREAMDB_EVAL_LIMIT: asking the first {} questions", cases.len());
    }
    println!("captions appended: {}", if captions { "yes" } else { "no" });

    // Store.
    let model_dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    let opts = BertOptions { device: DeviceChoice::Cpu, ..Default::default() };
    let model = Arc::new(BertEmbedder::new(&model_dir, opts).expect("model loads"));
    let memo = Arc::new(Memo { inner: model, on: Default::default(), seen: Default::default() });
    let embedder: Arc<dyn Embedder> = memo.clone();
    let dir = tempfile::TempDir::new().expect("temporary directory");
    let sessions_mode = env_flag("DREAMDB_EVAL_SESSIONS");
    let embed_context = env_flag("DREAMDB_EVAL_EMBED_CONTEXT");
    // Recall tracking off: each mode then sees the same store, unchanged by the modes before it.
    let open = |w: RecallWeights| {
        Memory::builder(dir.path())
            .embedder(embedder.clone())
            .sync_writes(false)
            .track_recalls(false)
            .embed_context(embed_context)
            .recall_weights(w)
            .open()
            .expect("open a store in a temporary directory")
    };
    let mut mem = open(RecallWeights::default());
    let n = entries.len();
    let t = Instant::now();
    let mut turn_ids: HashMap<(u64, u32), String> = HashMap::new();
    if sessions_mode {
        // One LoCoMo session = one dreamdb session of the conversation's namespace.
        let mut i = 0;
        while i < data.turns.len() {
            let first = &data.turns[i];
            let at = parse_session_date(&first.date);
            let ns = format!("conv{}", first.conversation);
            let s = mem.begin_session_at(&ns, None, at).expect("begin_session_at");
            while i < data.turns.len()
                && data.turns[i].conversation == first.conversation
                && data.turns[i].session == first.session
            {
                let t = &data.turns[i];
                let mut text = t.text.clone();
                if let (true, Some(c)) = (captions, &t.caption) {
                    text.push_str(&format!(" [photo: {c}]"));
                }
                if text.trim().is_empty() {
                    text = "(no text)".into();
                }
                let turn = NewTurn { speaker: Some(t.speaker.clone()), at, ..NewTurn::new(Role::User, text) };
                let seq = mem.log_turn_with(s, turn).expect("log_turn_with");
                turn_ids.insert((s, seq), t.dia_id.clone());
                i += 1;
            }
            mem.end_session(s, Outcome { success: true, score: None, note: None }).expect("end_session");
        }
    } else {
        let mut entries = entries.into_iter().peekable();
        while entries.peek().is_some() {
            let chunk: Vec<NewEntry> = entries.by_ref().take(512).collect();
            mem.remember_batch(chunk).expect("remember_batch");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest ({}{}): {n} turns in {secs:.1} s ({:.0} entries/s)",
        if sessions_mode { "sessions → episodes with context" } else { "one entry per turn" },
        if embed_context { ", context embedded" } else { "" },
        n as f64 / secs
    );
    println!();

    // Ask.
    let mut results: Vec<ModeResult> = Vec::new();
    'modes: for &mode in &modes {
        let mut r = ModeResult {
            name: mode_name(mode),
            all: Tally::default(),
            by_category: BTreeMap::new(),
            latency: Vec::new(),
        };
        let t = Instant::now();
        for c in &cases {
            let query = RecallQuery {
                text: c.question.clone(),
                k: K_MAX,
                filter: Filter { namespaces: vec![c.namespace.clone()], ..Default::default() },
                mode,
            };
            let started = Instant::now();
            let hits = match mem.recall(&query) {
                Ok(h) => h,
                Err(e) => {
                    println!("mode {} unavailable: {e}", r.name);
                    continue 'modes;
                }
            };
            r.latency.push(started.elapsed().as_secs_f64() * 1e3);
            let ranked: Vec<String> = hits.iter().filter_map(|h| hit_id(h, &turn_ids)).collect();
            r.all.add(&ranked, &c.evidence);
            r.by_category.entry(c.category).or_default().add(&ranked, &c.evidence);
        }
        r.latency.sort_by(f64::total_cmp);
        println!("mode {}: {} questions in {:.1} s", r.name, r.all.n, t.elapsed().as_secs_f64());
        results.push(r);
    }
    println!();
    report(&results);

    if env_flag("DREAMDB_EVAL_SWEEP") {
        memo.on.store(true, std::sync::atomic::Ordering::Relaxed);
        println!();
        println!("## Hybrid weight sweep (recall@k; other weights at their defaults)");
        println!();
        println!("| dense | lexical | rrf_k | candidates | recall@5 | recall@10 | recall@20 |");
        println!("|---|---|---|---|---|---|---|");
        for dense in [0.0f32, 0.3, 0.5, 0.7, 1.0] {
            for rrf_k in [2.0f32, 5.0, 10.0, 20.0] {
                for candidates in [50usize] {
                    let w = RecallWeights { dense, lexical: 1.0, rrf_k, candidates, ..Default::default() };
                    drop(mem);
                    mem = open(w);
                    let mut tally = Tally::default();
                    for c in &cases {
                        let query = RecallQuery {
                            text: c.question.clone(),
                            k: K_MAX,
                            filter: Filter { namespaces: vec![c.namespace.clone()], ..Default::default() },
                            mode: RecallMode::Hybrid,
                        };
                        let hits = mem.recall(&query).expect("recall");
                        let ranked: Vec<String> = hits.iter().filter_map(|h| hit_id(h, &turn_ids)).collect();
                        tally.add(&ranked, &c.evidence);
                    }
                    let j = tally.to_json();
                    println!(
                        "| {dense} | 1.0 | {rrf_k} | {candidates} | {:.3} | {:.3} | {:.3} |",
                        j["recall@5"].as_f64().unwrap_or(f64::NAN),
                        j["recall@10"].as_f64().unwrap_or(f64::NAN),
                        j["recall@20"].as_f64().unwrap_or(f64::NAN)
                    );
                }
            }
        }
    }

    if let Ok(path) = std::env::var("DREAMDB_EVAL_JSON") {
        let mut out = serde_json::Map::new();
        for r in &results {
            let mut m = r.all.to_json();
            m["p50_ms"] = json!(pct(&r.latency, 0.5));
            m["p99_ms"] = json!(pct(&r.latency, 0.99));
            let cats: serde_json::Map<String, serde_json::Value> =
                r.by_category.iter().map(|(c, t)| (c.to_string(), t.to_json())).collect();
            m["by_category"] = serde_json::Value::Object(cats);
            out.insert(r.name.to_string(), m);
        }
        let text = serde_json::to_string_pretty(&out).expect("summary serialises");
        std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("write DREAMDB_EVAL_JSON={path}: {e}"));
        println!("\nsummary written to {path}");
    }
}

fn report(results: &[ModeResult]) {
    println!("## Summary (k=20 per query, own conversation only)");
    println!();
    println!("| mode | questions | recall@1 | recall@5 | recall@10 | recall@20 | hit@10 | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in results {
        let a = &r.all;
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.2} | {:.2} |",
            r.name,
            a.n,
            a.recall_at(0),
            a.recall_at(1),
            a.recall_at(2),
            a.recall_at(3),
            a.hit_at(2),
            pct(&r.latency, 0.5),
            pct(&r.latency, 0.99)
        );
    }
    for (name, v) in REFERENCE {
        println!(
            "| reference (shared/data/README.md): {name} | 1977 | {:.3} | {:.3} | {:.3} | {:.3} | | | |",
            v[0], v[1], v[2], v[3]
        );
    }
    println!();
    println!("## hit@k (share of questions with an evidence turn in the top k)");
    println!();
    println!("| mode | hit@1 | hit@5 | hit@10 | hit@20 |");
    println!("|---|---|---|---|---|");
    for r in results {
        let a = &r.all;
        println!("| {} | {:.3} | {:.3} | {:.3} | {:.3} |", r.name, a.hit_at(0), a.hit_at(1), a.hit_at(2), a.hit_at(3));
    }
    println!();
    println!("## recall@10 by category");
    println!();
    let names: Vec<&str> = results.iter().map(|r| r.name).collect();
    println!("| category | questions | {} |", names.join(" | "));
    println!("|---|---|{}", "---|".repeat(names.len()));
    for (cat, label) in CATEGORIES {
        let n = results.first().and_then(|r| r.by_category.get(&cat)).map_or(0, |t| t.n);
        let cells: Vec<String> = results
            .iter()
            .map(|r| r.by_category.get(&cat).map_or("-".to_string(), |t| format!("{:.3}", t.recall_at(2))))
            .collect();
        println!("| {cat} ({label}) | {n} | {} |", cells.join(" | "));
    }
}
