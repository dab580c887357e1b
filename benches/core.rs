//! Engine-core figures, each beside a baseline measured in the same run:
//! embedding throughput, query embedding latency, HNSW recall@10 and
//! queries/s against exact search, and end-to-end `recall` latency.
//!
//! `cargo bench --bench core` (with the model installed: models/install.sh).
//! `DREAMDB_BENCH_N` sets the synthetic vector count (default 20,000).
//! LoCoMo (../shared/data) supplies real texts; without it those rows are skipped.

#[path = "support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Instant;

use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, Precision};
use dreamdb::index::{IndexParams, NamespaceIndex};
use dreamdb::{Memory, NewEntry, RecallQuery};
use support::{clustered, locomo, pct};

fn model_at(precision: Precision) -> Arc<BertEmbedder> {
    let dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    let opts = BertOptions { device: DeviceChoice::Cpu, precision, ..Default::default() };
    Arc::new(BertEmbedder::new(&dir, opts).expect("model loads"))
}

fn model() -> Arc<BertEmbedder> {
    model_at(Precision::default())
}

fn main() {
    let n: usize = std::env::var("DREAMDB_BENCH_N").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    println!("# dreamdb core bench ({} threads available)", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    println!();
    println!("| measure | dreamdb | baseline (same run) | ratio |");
    println!("|---|---|---|---|");
    let data = locomo();
    let model = model();
    if let Some(d) = &data {
        embedding(d);
    }
    if std::env::var("DREAMDB_BENCH_EMBED_ONLY").is_ok() {
        return;
    }
    ann(n);
    if let Some(d) = &data {
        end_to_end(&model, d);
    }
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn query_latency(model: &BertEmbedder, d: &support::Locomo) -> Vec<f64> {
    let mut lat: Vec<f64> = d
        .questions
        .iter()
        .take(300)
        .map(|q| {
            let t = Instant::now();
            model.embed(&[q.question.as_str()]).unwrap();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    lat
}

/// fp32 in file order (the baseline), fp32 length-sorted, and 8-bit
/// length-sorted, interleaved so machine noise hits all three alike.
fn embedding(d: &support::Locomo) {
    let texts: Vec<String> = d.turns.iter().take(2000).map(|t| format!("{}: {}", t.speaker, t.text)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let f32m = model_at(Precision::F32);
    let q8m = model_at(Precision::Q8);
    f32m.embed(&refs[..64]).unwrap(); // load weights, warm caches
    q8m.embed(&refs[..64]).unwrap();
    let rounds: usize = std::env::var("DREAMDB_BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let (mut unsorted, mut sorted, mut q8) = (0.0, 0.0, 0.0);
    let (mut vf, mut vq) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        // Baseline: batches of 32 in file order (each call sorts only its own 32).
        let t = Instant::now();
        for chunk in refs.chunks(32) {
            f32m.embed(chunk).unwrap();
        }
        unsorted += t.elapsed().as_secs_f64();
        let t = Instant::now();
        vf = f32m.embed(&refs).unwrap();
        sorted += t.elapsed().as_secs_f64();
        let t = Instant::now();
        vq = q8m.embed(&refs).unwrap();
        q8 += t.elapsed().as_secs_f64();
    }
    let per_s = |secs: f64| (rounds * refs.len()) as f64 / secs;
    let (unsorted, sorted, q8) = (per_s(unsorted), per_s(sorted), per_s(q8));
    println!(
        "| embedding fp32, 2,000 LoCoMo turns, batch 32 (texts/s) | {sorted:.1} (length-sorted) | {unsorted:.1} (file order) | {:.2}x |",
        sorted / unsorted
    );
    let cosines: Vec<f32> = vf.iter().zip(&vq).map(|(a, b)| cos(a, b)).collect();
    let min = cosines.iter().copied().fold(f32::INFINITY, f32::min);
    let mean = cosines.iter().sum::<f32>() / cosines.len() as f32;
    println!(
        "| embedding q8, 2,000 LoCoMo turns, batch 32 (texts/s; cosine to fp32 min {min:.4}, mean {mean:.4}) | {q8:.1} (length-sorted) | {sorted:.1} (fp32 length-sorted) | {:.2}x |",
        q8 / sorted
    );
    let lf = query_latency(&f32m, d);
    let lq = query_latency(&q8m, d);
    println!(
        "| query embedding, one LoCoMo question (ms) | q8 p50 {:.2}, p99 {:.2} | fp32 p50 {:.2}, p99 {:.2} | {:.2}x |",
        pct(&lq, 0.5),
        pct(&lq, 0.99),
        pct(&lf, 0.5),
        pct(&lf, 0.99),
        pct(&lf, 0.5) / pct(&lq, 0.5)
    );
}

fn ann(n: usize) {
    let (dim, nq, k) = (384, 500, 10);
    let seed = 7;
    let data = clustered(seed, n + nq, dim);
    let items: Vec<(u64, Vec<f32>)> = data[..n].iter().cloned().enumerate().map(|(i, v)| (i as u64, v)).collect();
    let params = IndexParams::default();
    // The exact baseline: a flat index over the same vectors (contiguous scan).
    let flat = NamespaceIndex::build(dim, IndexParams { flat_limit: usize::MAX, ..params }, items.clone());
    let t = Instant::now();
    let mut ix = NamespaceIndex::build(dim, params, items);
    let build = t.elapsed().as_secs_f64();
    assert!(ix.is_hnsw());
    println!("| HNSW build, {n} x {dim} (s, M=16, ef_construction=200) | {build:.1} | | |");
    let queries = &data[n..];
    let t = Instant::now();
    let exact: Vec<Vec<u64>> =
        queries.iter().map(|q| flat.search(q, k, &|_| true).into_iter().map(|h| h.0).collect()).collect();
    let exact_qps = nq as f64 / t.elapsed().as_secs_f64();
    for ef in [16, 32, 64, 128, 256] {
        ix.set_ef_search(ef).unwrap();
        let t = Instant::now();
        let mut found = 0;
        for (q, want) in queries.iter().zip(&exact) {
            found += ix.search(q, k, &|_| true).iter().filter(|h| want.contains(&h.0)).count();
        }
        let qps = nq as f64 / t.elapsed().as_secs_f64();
        let recall = found as f64 / (nq * k) as f64;
        println!(
            "| HNSW ef={ef}: recall@10 {recall:.4}, queries/s (1 thread) | {qps:.0} | {exact_qps:.0} (exact scan) | {:.1}x |",
            qps / exact_qps
        );
    }
}

fn end_to_end(model: &Arc<BertEmbedder>, d: &support::Locomo) {
    let dir = tempfile::tempdir().unwrap();
    let mem = Memory::builder(dir.path()).embedder(model.clone()).sync_writes(false).open().unwrap();
    let entries: Vec<NewEntry> = d.turns.iter().map(|t| NewEntry::new(format!("{}: {}", t.speaker, t.text))).collect();
    let n = entries.len();
    let t = Instant::now();
    for chunk in entries.chunks(512) {
        mem.remember_batch(chunk.to_vec()).unwrap();
    }
    let ingest = n as f64 / t.elapsed().as_secs_f64();
    let texts: Vec<String> = d.turns.iter().take(2000).map(|t| format!("{} again: {}", t.speaker, t.text)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let t = Instant::now();
    model.embed(&refs).unwrap();
    let embed_only = refs.len() as f64 / t.elapsed().as_secs_f64();
    println!(
        "| remember_batch, all {n} LoCoMo turns (entries/s) | {ingest:.1} | {embed_only:.1} (embedding alone) | {:.2}x |",
        ingest / embed_only
    );
    mem.close().unwrap();
    let t = Instant::now();
    let mem = Memory::builder(dir.path()).embedder(model.clone()).open().unwrap();
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "| open a {n}-entry store (ms) | {open_ms:.0} ({} graph loaded, {} built) | | |",
        mem.open_report().namespaces_loaded,
        mem.open_report().graphs_built
    );
    let mut lat = Vec::new();
    let mut emb = Vec::new();
    for q in d.questions.iter().take(500) {
        let t = Instant::now();
        mem.embedder().embed(&[q.question.as_str()]).unwrap();
        emb.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        mem.recall(&RecallQuery::new(q.question.clone(), 10)).unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    lat.sort_by(f64::total_cmp);
    emb.sort_by(f64::total_cmp);
    println!(
        "| recall k=10 end to end, {n} entries (ms) | p50 {:.2}, p99 {:.2} | p50 {:.2}, p99 {:.2} (query embedding alone) | {:.2}x |",
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        pct(&emb, 0.5),
        pct(&emb, 0.99),
        pct(&lat, 0.5) / pct(&emb, 0.5)
    );
}
