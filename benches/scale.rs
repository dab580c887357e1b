//! End to end at scale (issue 6): a store of `DREAMDB_SCALE_N` entries
//! (default 100,000) with the real model, printing one table.
//!
//! `cargo bench --bench scale`; `DREAMDB_PRECISION=q8|f32` picks the
//! embedding precision (default: the library's).
//!
//! Embedding 100k texts takes many minutes on two cores, so entries use
//! cached embeddings: each of the 5,882 LoCoMo turns is embedded once with
//! the real model (kept in $HOME/.cache/dreamdb/scale-vectors-*.f32, keyed
//! by the model fingerprint), and entry i is turn i mod 5,882 with a
//! variant suffix and that turn's vector plus seeded noise (cosine ≈ 0.97
//! to its turn), so the index sees the structure of real embeddings. A
//! caching `Embedder` hands the store those vectors and falls back to the
//! real model for every other text: queries, and the fresh texts of the
//! `remember_batch` throughput row, embed for real.
//!
//! `DREAMDB_SCALE_DIR=DIR` keeps the store in DIR instead of a temporary
//! directory. Open time and RSS are measured in a child process that only opens the
//! store and runs the recall workload, so ingest memory does not count.

#[path = "support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use dreamdb::dream::DreamOptions;
use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, ModelIdentity, Precision};
use dreamdb::{Memory, NewEntry, RecallQuery};
use support::{locomo, pct};

/// The real model, answering from a table of precomputed vectors first.
struct Cached {
    model: Arc<BertEmbedder>,
    table: HashMap<String, Vec<f32>>,
}

impl Embedder for Cached {
    fn identity(&self) -> &ModelIdentity {
        self.model.identity()
    }
    fn embed(&self, texts: &[&str]) -> dreamdb::Result<Vec<Vec<f32>>> {
        let missing: Vec<&str> = texts.iter().copied().filter(|t| !self.table.contains_key(*t)).collect();
        let mut fresh = self.model.embed(&missing)?.into_iter();
        Ok(texts.iter().map(|t| self.table.get(*t).cloned().unwrap_or_else(|| fresh.next().unwrap_or_default())).collect())
    }
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .map(|kib: f64| kib / 1024.0)
        .unwrap_or(f64::NAN)
}

fn model() -> Arc<BertEmbedder> {
    let precision: Precision =
        std::env::var("DREAMDB_PRECISION").ok().map(|s| s.parse().expect("DREAMDB_PRECISION")).unwrap_or_default();
    let dir = dreamdb::embed::default_model_dir().expect("model installed (models/install.sh)");
    Arc::new(BertEmbedder::new(&dir, BertOptions { device: DeviceChoice::Cpu, precision, ..Default::default() }).expect("model"))
}

/// Vectors of the LoCoMo turns, embedded once per model fingerprint.
fn turn_vectors(model: &BertEmbedder, texts: &[String]) -> Vec<Vec<f32>> {
    let dim = model.identity().dim;
    let fp = &model.identity().fingerprint[..16];
    let path = dirs_cache().join(format!("scale-vectors-{fp}-{}.f32", texts.len()));
    if let Ok(raw) = std::fs::read(&path) {
        if raw.len() == texts.len() * dim * 4 {
            let all: Vec<f32> = raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
            return all.chunks(dim).map(<[f32]>::to_vec).collect();
        }
    }
    let t = Instant::now();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = model.embed(&refs).expect("embed turns");
    eprintln!("embedded {} turns in {:.1} s (cached in {})", texts.len(), t.elapsed().as_secs_f64(), path.display());
    let bytes: Vec<u8> = v.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
    let _ = std::fs::write(&path, bytes);
    v
}

fn dirs_cache() -> std::path::PathBuf {
    std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default().join(".cache/dreamdb")
}

fn main() {
    let Some(d) = locomo() else { return };
    if let Ok(dir) = std::env::var("DREAMDB_SCALE_CHILD") {
        return child(Path::new(&dir), &d);
    }
    let n: usize = std::env::var("DREAMDB_SCALE_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let model = model();
    println!("# dreamdb at scale: {n} entries, model {}", model.identity());
    println!();
    println!("| measure | dreamdb | baseline (same run) | ratio |");
    println!("|---|---|---|---|");
    let turns: Vec<String> = d.turns.iter().map(|t| format!("{}: {}", t.speaker, t.text)).collect();
    let base = turn_vectors(&model, &turns);
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let dim = model.identity().dim;
    let mut table = HashMap::with_capacity(n);
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let j = i % turns.len();
        let text = if i < turns.len() { turns[j].clone() } else { format!("{} (note {})", turns[j], i / turns.len()) };
        let noise = 0.25 / (dim as f32).sqrt();
        let v = support::unit(&base[j].iter().map(|x| x + noise * (rng.random::<f32>() * 2.0 - 1.0) * 1.7).collect::<Vec<_>>());
        table.insert(text.clone(), v);
        entries.push(NewEntry::new(text).namespace("scale").created_at(1_700_000_000_000 + i as i64));
    }
    let cached = Arc::new(Cached { model: model.clone(), table });
    // DREAMDB_SCALE_DIR keeps the store there (for profiling an open).
    let keep = std::env::var_os("DREAMDB_SCALE_DIR").map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    let mem = Memory::builder(&path).embedder(cached.clone()).sync_writes(false).open().expect("open");
    let t = Instant::now();
    for chunk in entries.chunks(2048) {
        mem.remember_batch(chunk.to_vec()).expect("remember");
    }
    let ingest = n as f64 / t.elapsed().as_secs_f64();
    println!("| remember_batch of {n} entries, cached vectors (entries/s: storage + indexing only) | {ingest:.0} | | |");

    // Throughput with real embedding, on top of the full store, beside the
    // embedding alone on equally many fresh texts (interleaved twice).
    let fresh = |tag: &str| -> Vec<String> {
        d.turns.iter().take(1000).map(|t| format!("{} {tag}: {}", t.speaker, t.text)).collect()
    };
    let (mut emb_s, mut rem_s, mut count) = (0.0, 0.0, 0);
    for round in 0..2 {
        let a = fresh(&format!("embed-{round}"));
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        let t = Instant::now();
        model.embed(&refs).expect("embed");
        emb_s += t.elapsed().as_secs_f64();
        let b: Vec<NewEntry> = fresh(&format!("remember-{round}")).into_iter().map(|s| NewEntry::new(s).namespace("scale")).collect();
        count += b.len();
        let t = Instant::now();
        mem.remember_batch(b).expect("remember");
        rem_s += t.elapsed().as_secs_f64();
    }
    let (emb, rem) = (count as f64 / emb_s, count as f64 / rem_s);
    println!(
        "| remember_batch with embedding, 1,000 fresh turns x2 into the {n}-entry store (entries/s) | {rem:.1} | {emb:.1} (embedding alone) | {:.2}x |",
        rem / emb
    );
    mem.close().expect("close");

    // Open, RSS and recall latency in a fresh process.
    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .env("DREAMDB_SCALE_CHILD", &path)
        .output()
        .expect("child");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if !out.status.success() {
        eprintln!("child failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    let mem = Memory::builder(&path).embedder(cached).sync_writes(false).open().expect("reopen");
    let t = Instant::now();
    let r = mem.dream(&DreamOptions::default()).expect("dream");
    println!(
        "| dream over {} entries, cached vectors (s) | {:.1} ({} pairs judged, {} merges, {} supersessions) | | |",
        n + count,
        t.elapsed().as_secs_f64(),
        r.pairs_judged,
        r.count(dreamdb::dream::ChangeKind::Merge),
        r.count(dreamdb::dream::ChangeKind::Supersede)
    );
    eprintln!("dream phases (ms): {:?}", r.phase_millis);
}

fn child(dir: &Path, d: &support::Locomo) {
    let model = model();
    let rss0 = rss_mib();
    let t = Instant::now();
    let mem = Memory::builder(dir).embedder(model.clone()).open().expect("open");
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let entries = mem.stats().map(|s| s.entries).unwrap_or(0);
    let rss_open = rss_mib();
    let r = mem.open_report();
    println!(
        "| open the {entries}-entry store (ms) | {open_ms:.0} ({} graph loaded, {} built; entry scan {} ms beside graph load {} ms) | | |",
        r.namespaces_loaded, r.graphs_built, r.scan_millis, r.graph_load_millis
    );
    let (mut lat, mut emb) = (Vec::new(), Vec::new());
    for q in d.questions.iter().take(500) {
        let t = Instant::now();
        model.embed(&[q.question.as_str()]).expect("embed");
        emb.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        mem.recall(&RecallQuery::new(q.question.clone(), 10).namespaces(["scale"])).expect("recall");
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    lat.sort_by(f64::total_cmp);
    emb.sort_by(f64::total_cmp);
    let rss_recall = rss_mib();
    println!(
        "| recall k=10 end to end, {entries} entries, 500 LoCoMo questions (ms) | p50 {:.2}, p99 {:.2} | p50 {:.2}, p99 {:.2} (query embedding alone) | {:.2}x |",
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        pct(&emb, 0.5),
        pct(&emb, 0.99),
        pct(&lat, 0.5) / pct(&emb, 0.5)
    );
    let per = |mib: f64| (mib - rss0) * 1024.0 * 1024.0 / entries.max(1) as f64;
    println!(
        "| RSS (MiB; bytes per entry above the process with the model loaded lazily) | after open {:.0} ({:.0} B/entry), after the recall workload {:.0} ({:.0} B/entry) | {rss0:.0} before open | |",
        rss_open,
        per(rss_open),
        rss_recall,
        per(rss_recall)
    );
}
