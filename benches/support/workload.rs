//! A mixed concurrent workload over one store: reader threads recall while
//! a writer remembers, a forgetter forgets (and checks that what it forgot
//! is never returned after `forget` returns) and a dreamer dreams. Shared
//! by `tests/concurrency.rs` (short, asserts) and `benches/load.rs` (long,
//! prints figures).
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dreamdb::dream::DreamOptions;
use dreamdb::{Filter, Memory, NewEntry, RecallMode, RecallQuery};

/// What the workload did.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub seconds: f64,
    pub recalls: usize,
    pub recall_p50_ms: f64,
    pub recall_p99_ms: f64,
    pub remembered: usize,
    pub forgotten: usize,
    pub dreams: usize,
    pub errors: Vec<String>,
    /// Forgotten entries returned by a recall that started after `forget` returned.
    pub stale_hits: usize,
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Run the mix for `secs` with `readers` recall threads (and, with `mix`,
/// the writer, the forgetter and the dreamer; without, recalls alone: the
/// baseline).
pub fn run(mem: Arc<Memory>, secs: f64, readers: usize, queries: Vec<String>, mix: bool) -> LoadReport {
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(parking_lot::Mutex::new(Vec::<String>::new()));
    let stale = Arc::new(AtomicUsize::new(0));
    let queries = Arc::new(queries);
    let started = Instant::now();
    let mut handles = Vec::new();
    for r in 0..readers {
        let (mem, stop, errors, queries) = (mem.clone(), stop.clone(), errors.clone(), queries.clone());
        handles.push(std::thread::spawn(move || {
            let mut lat = Vec::new();
            let mut i = r;
            while !stop.load(Ordering::Relaxed) {
                let q = &queries[i % queries.len()];
                i += readers;
                let t = Instant::now();
                match mem.recall(&RecallQuery::new(q.as_str(), 10)) {
                    Ok(_) => lat.push(t.elapsed().as_secs_f64() * 1e3),
                    Err(e) => errors.lock().push(format!("recall: {e}")),
                }
            }
            (lat, 0usize, 0usize, 0usize)
        }));
    }
    if mix {
        let (mem, stop, errors) = (mem.clone(), stop.clone(), errors.clone());
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let batch = (0..4).map(|j| NewEntry::new(format!("fresh note {n}-{j} about the nightly build"))).collect();
                match mem.remember_batch(batch) {
                    Ok(ids) => n += ids.len(),
                    Err(e) => errors.lock().push(format!("remember: {e}")),
                }
            }
            (Vec::new(), n, 0, 0)
        }));
    }
    if mix {
        let (mem, stop, errors, stale) = (mem.clone(), stop.clone(), errors.clone(), stale.clone());
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("ephemeral marker qx{n}v about disposable item {n}");
                let id = match mem.remember(NewEntry::new(text.clone())) {
                    Ok(id) => id,
                    Err(e) => {
                        errors.lock().push(format!("remember: {e}"));
                        continue;
                    }
                };
                if let Err(e) = mem.forget(id) {
                    errors.lock().push(format!("forget: {e}"));
                    continue;
                }
                n += 1;
                // After forget returns, no recall may return the entry.
                for mode in [RecallMode::Hybrid, RecallMode::Dense, RecallMode::Lexical] {
                    match mem.recall(&RecallQuery::new(text.as_str(), 5).mode(mode)) {
                        Ok(hits) => stale.fetch_add(hits.iter().filter(|h| h.entry.id == id).count(), Ordering::Relaxed),
                        Err(e) => {
                            errors.lock().push(format!("recall after forget: {e}"));
                            0
                        }
                    };
                }
                if let Ok(v) = mem.embedder().embed(&[text.as_str()]) {
                    if let Ok(hits) = mem.recall_vector(&v[0], 5, &Filter::default()) {
                        stale.fetch_add(hits.iter().filter(|h| h.entry.id == id).count(), Ordering::Relaxed);
                    }
                }
            }
            (Vec::new(), 0, n, 0)
        }));
    }
    if mix {
        let (mem, stop, errors) = (mem.clone(), stop.clone(), errors.clone());
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                match mem.dream(&DreamOptions::default()) {
                    Ok(_) => n += 1,
                    Err(e) => errors.lock().push(format!("dream: {e}")),
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            (Vec::new(), 0, 0, n)
        }));
    }
    std::thread::sleep(Duration::from_secs_f64(secs));
    stop.store(true, Ordering::Relaxed);
    let mut r = LoadReport::default();
    let mut lat = Vec::new();
    for h in handles {
        let (l, rem, forg, dr) = h.join().expect("workload thread panicked");
        lat.extend(l);
        r.remembered += rem;
        r.forgotten += forg;
        r.dreams += dr;
    }
    r.seconds = started.elapsed().as_secs_f64();
    lat.sort_by(|a, b| a.total_cmp(b));
    r.recalls = lat.len();
    r.recall_p50_ms = pct(&lat, 0.5);
    r.recall_p99_ms = pct(&lat, 0.99);
    r.errors = std::mem::take(&mut *errors.lock());
    r.stale_hits = stale.load(Ordering::Relaxed);
    r
}
