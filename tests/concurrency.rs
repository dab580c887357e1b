//! Concurrency: recalls from several threads while a writer remembers, a
//! forgetter forgets and a dreamer dreams. No error, no deadlock (the test
//! finishes), no forgotten entry returned after `forget` returned, and the
//! store and its indexes agree afterwards. The long variant with figures is
//! `cargo bench --bench load`.

#[path = "../benches/support/workload.rs"]
mod workload;

use std::sync::Arc;

use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::index::IndexParams;
use dreamdb::{Memory, NewEntry};

#[test]
fn readers_writers_forgets_and_dreams_run_together_without_errors_or_stale_hits() {
    let dir = tempfile::tempdir().unwrap();
    let mem = Memory::builder(dir.path())
        .embedder(Arc::new(HashEmbedder::new(64)) as Arc<dyn Embedder>)
        // HNSW from 100 entries, frequent checkpoints: the paths that lock most.
        .index_params(IndexParams { flat_limit: 100, ..Default::default() })
        .checkpoint_every(200)
        .open()
        .unwrap();
    let seed: Vec<NewEntry> =
        (0..400).map(|i| NewEntry::new(format!("seed memory {i} about topic {} of the project", i % 23))).collect();
    mem.remember_batch(seed).unwrap();
    let mem = Arc::new(mem);
    let queries: Vec<String> = (0..50).map(|i| format!("what about topic {i} of the project")).collect();
    // Rounds of 2 seconds until every kind of work has been done enough,
    // at most 10: on a loaded 2-core machine one round can go to a dream
    // holding both cores, and what is checked is that the operations run
    // together correctly, not how many fit in a fixed time.
    let mut total = workload::LoadReport::default();
    for _ in 0..10 {
        let r = workload::run(mem.clone(), 2.0, 3, queries.clone(), true);
        total.errors.extend(r.errors);
        total.stale_hits += r.stale_hits;
        total.recalls += r.recalls;
        total.remembered += r.remembered;
        total.forgotten += r.forgotten;
        total.dreams += r.dreams;
        total.seconds += r.seconds;
        if !total.errors.is_empty() || total.stale_hits > 0 || enough(&total) {
            break;
        }
    }
    assert!(total.errors.is_empty(), "{:?}", total.errors);
    assert_eq!(total.stale_hits, 0, "forgotten entries were returned after forget returned");
    assert!(enough(&total), "{total:?}");
    let check = mem.check().unwrap();
    assert!(check.is_consistent(), "{:?}", check.problems);
}

fn enough(r: &workload::LoadReport) -> bool {
    r.recalls > 50 && r.remembered > 20 && r.forgotten >= 3 && r.dreams >= 1
}
