//! Load under a mixed workload: recall threads with a writer, a forgetter
//! and a dreamer on one store, with the real model (query embedding
//! included). Prints recalls/s, p50/p99, writes and the stale-hit count.
//!
//! `cargo bench --bench load` (DREAMDB_LOAD_SECS, DREAMDB_LOAD_READERS,
//! DREAMDB_LOAD_ENTRIES; DREAMDB_LOAD_HASH=1 swaps in the hash embedder to
//! measure the engine without the model).

#[path = "support/workload.rs"]
mod workload;

use std::sync::Arc;
use std::time::Instant;

use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::{Memory, NewEntry};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let secs: f64 = env("DREAMDB_LOAD_SECS", 20.0);
    let readers: usize = env("DREAMDB_LOAD_READERS", 4);
    let n: usize = env("DREAMDB_LOAD_ENTRIES", 5000);
    let hash = std::env::var_os("DREAMDB_LOAD_HASH").is_some();
    let dir = tempfile::tempdir()?;
    let mut b = Memory::builder(dir.path());
    if hash {
        b = b.embedder(Arc::new(HashEmbedder::new(384)) as Arc<dyn Embedder>);
    }
    let mem = b.open()?;
    let t = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(256) {
        let batch = chunk
            .iter()
            .map(|i| NewEntry::new(format!("memory {i}: the {} service {} after the {} change", ["billing", "search", "deploy", "auth"][i % 4], ["failed", "recovered", "slowed down"][i % 3], i % 97)))
            .collect();
        mem.remember_batch(batch)?;
    }
    eprintln!("seeded {n} entries in {:.1} s", t.elapsed().as_secs_f64());
    let queries: Vec<String> = (0..200).map(|i| format!("why did the {} service fail after change {i}", ["billing", "search", "deploy", "auth"][i % 4])).collect();
    let mem = Arc::new(mem);
    // Baseline in the same run: the same readers with nothing else going on.
    let base = workload::run(mem.clone(), secs / 3.0, readers, queries.clone(), false);
    let r = workload::run(mem.clone(), secs, readers, queries, true);
    let check = mem.check()?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("machine load average at the end: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!("| embedder | readers | entries | workload | recalls/s | p50 ms | p99 ms | remembered/s | forgets | dreams | errors | stale hits | consistent |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let name = if hash { "hash" } else { "all-MiniLM-L6-v2" };
    println!(
        "| {name} | {readers} | {n} | recalls alone (baseline) | {:.0} | {:.2} | {:.2} | | | | {} | | |",
        base.recalls as f64 / base.seconds,
        base.recall_p50_ms,
        base.recall_p99_ms,
        base.errors.len()
    );
    println!(
        "| {} | {readers} | {n} | with writer, forgetter, dreamer | {:.0} ({:.2}x) | {:.2} | {:.2} | {:.0} | {} | {} | {} | {} | {} |",
        name,
        r.recalls as f64 / r.seconds,
        (r.recalls as f64 / r.seconds) / (base.recalls as f64 / base.seconds).max(1e-9),
        r.recall_p50_ms,
        r.recall_p99_ms,
        r.remembered as f64 / r.seconds,
        r.forgotten,
        r.dreams,
        r.errors.len(),
        r.stale_hits,
        check.is_consistent()
    );
    if !r.errors.is_empty() || r.stale_hits > 0 || !check.is_consistent() {
        anyhow::bail!("load run failed: errors {:?}, stale {}, problems {:?}", r.errors, r.stale_hits, check.problems);
    }
    Ok(())
}
