//! Dream time against store size: n entries (with their embeddings
//! cached, as after import), a tenth of them near-duplicates or updates of
//! another, dreamt once; the growth from 10k to 30k (and 100k with
//! `DREAMDB_BENCH_DREAM_MAX=100000`) shows the scaling.
//!
//! `cargo bench --bench dream`. Uses the deterministic hash embedder: the
//! figure is the engine's work (neighbour search, judging, the atomic
//! apply), not the model's.
//!
//! `DREAMDB_BENCH_DREAM_TEXT=1` measures the candidate bar on real text
//! instead: every statement of the agent-memory sets
//! (benches/data/agent_memory*.jsonl) in one namespace, embedded with the
//! installed model, and dry-run dreams that judge pairs down to a cosine of
//! 0.6 and down to the default bar, in turn; the hash embedder's
//! neighbours nearly all pass either bar, so only real text shows what the
//! lower bar costs.

#[path = "support/agent_sets.rs"]
mod agent_sets;

use std::sync::Arc;
use std::time::Instant;

use agent_sets::Group;
use dreamdb::dream::DreamOptions;
use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, HashEmbedder};
use dreamdb::{Memory, NewEntry};

fn main() {
    if std::env::var_os("DREAMDB_BENCH_DREAM_TEXT").is_some() {
        return real_text();
    }
    let max: usize = std::env::var("DREAMDB_BENCH_DREAM_MAX").ok().and_then(|s| s.parse().ok()).unwrap_or(30_000);
    println!("| entries | ingest (s) | dream (s) | pairs judged | merges | supersessions | dream µs per entry |");
    println!("|---|---|---|---|---|---|---|");
    for n in [10_000usize, 30_000, 100_000].into_iter().filter(|n| *n <= max) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mem = Memory::builder(dir.path())
            .embedder(Arc::new(HashEmbedder::new(384)))
            .sync_writes(false)
            .track_recalls(false)
            .open()
            .expect("open");
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
        let t = Instant::now();
        let entries: Vec<NewEntry> = (0..n)
            .map(|i| {
                let base = i - i % 10;
                let text = if i % 10 == 1 {
                    // A near-duplicate of its group's first entry.
                    format!("Service {base} of the {} cluster runs on host {}.", words[base % 10], base * 7 % 1000)
                } else if i % 10 == 2 {
                    // An update of it: same subject, another number.
                    format!("Service {base} of the {} cluster now runs on host {}.", words[base % 10], base * 7 % 1000 + 1)
                } else {
                    format!("Service {i} of the {} cluster runs on host {}.", words[i % 10], i * 7 % 1000)
                };
                NewEntry::new(text).namespace("bench").created_at(1_700_000_000_000 + i as i64)
            })
            .collect();
        for chunk in entries.chunks(2048) {
            mem.remember_batch(chunk.to_vec()).expect("remember");
        }
        let ingest = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let r = mem.dream(&DreamOptions::default()).expect("dream");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| {n} | {ingest:.1} | {secs:.2} | {} | {} | {} | {:.0} |",
            r.pairs_judged,
            r.count(dreamdb::dream::ChangeKind::Merge),
            r.count(dreamdb::dream::ChangeKind::Supersede),
            secs * 1e6 / n as f64
        );
        eprintln!("phases at {n}: {:?}", r.phase_millis);
        // Supersessions within one service ("Service 120 ... host 840" by
        // "Service 120 ... now ... host 841") are the planted updates; any
        // other is a wrong one.
        let service = |t: &str| t.split_whitespace().nth(1).map(str::to_string);
        let (mut right, mut wrong) = (0, 0);
        for c in r.changes.iter().filter(|c| c.kind == dreamdb::dream::ChangeKind::Supersede) {
            let target = c.target.and_then(|t| mem.get(t).ok().flatten()).map(|e| e.text).unwrap_or_default();
            if service(&c.text) == service(&target) {
                right += 1;
            } else {
                wrong += 1;
            }
        }
        eprintln!("supersessions at {n}: {right} within a service (of {} planted updates), {wrong} across services", n / 10);
    }
}

/// The candidate bar on real text (see the module's doc).
fn real_text() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .expect("benches/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("agent_memory") && n.ends_with(".jsonl")))
        .collect();
    files.sort();
    // Dated as the judge bench dates them (`Group::items`). Records of
    // another layout (the chains) have no single fact: left out.
    let mut entries = Vec::new();
    for f in &files {
        for line in std::fs::read_to_string(f).expect("read").lines().filter(|l| !l.trim().is_empty()) {
            let Ok(g) = serde_json::from_str::<Group>(line) else { continue };
            entries.extend(g.items().into_iter().map(|(t, _, at)| NewEntry::new(t).namespace("bench").created_at(at)));
        }
    }
    let model_dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    let model = Arc::new(BertEmbedder::new(&model_dir, BertOptions { device: DeviceChoice::Cpu, ..Default::default() }).expect("model"));
    let dir = tempfile::tempdir().expect("tempdir");
    let mem = Memory::builder(dir.path()).embedder(model).sync_writes(false).track_recalls(false).open().expect("open");
    let n = entries.len();
    let t = Instant::now();
    for chunk in entries.chunks(512) {
        mem.remember_batch(chunk.to_vec()).expect("remember");
    }
    println!("{n} statements of {} files in one namespace, embedded and stored in {:.0} s", files.len(), t.elapsed().as_secs_f64());
    println!("| candidate bar | dream, dry run (s) | pairs judged | merges | supersessions |");
    println!("|---|---|---|---|---|");
    let default_bar = DreamOptions::default().candidate_similarity;
    let mut secs = [0.0f64; 2];
    // Alternated, twice each: the machine is shared and noisy.
    for round in 0..4 {
        let i = round % 2;
        let bar = if i == 0 { 0.6 } else { default_bar };
        let t = Instant::now();
        let r = mem.dream(&DreamOptions { dry_run: true, candidate_similarity: bar, ..Default::default() }).expect("dream");
        let s = t.elapsed().as_secs_f64();
        secs[i] += s;
        println!(
            "| {bar:.2} | {s:.2} | {} | {} | {} |",
            r.pairs_judged,
            r.count(dreamdb::dream::ChangeKind::Merge),
            r.count(dreamdb::dream::ChangeKind::Supersede)
        );
    }
    println!("dream time at {default_bar:.2} against 0.6: {:.2}x (sum of two runs each)", secs[1] / secs[0]);
}
