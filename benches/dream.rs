//! Dream time against store size: n entries (with their embeddings
//! cached, as after import), a tenth of them near-duplicates or updates of
//! another, dreamt once; the growth from 10k to 30k (and 100k with
//! `DREAMDB_BENCH_DREAM_MAX=100000`) shows the scaling.
//!
//! `cargo bench --bench dream`. Uses the deterministic hash embedder: the
//! figure is the engine's work (neighbour search, judging, the atomic
//! apply), not the model's.

use std::sync::Arc;
use std::time::Instant;

use dreamdb::dream::DreamOptions;
use dreamdb::embed::HashEmbedder;
use dreamdb::{Memory, NewEntry};

fn main() {
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
