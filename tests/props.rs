//! Property test: random sequences of operations (remember, update,
//! forget, archive, erase, sessions, dreams, reopen) keep the store and
//! its indexes consistent (`Memory::check`), never bring back a forgotten
//! or erased entry, and never lose an entry except by forget/erase (or as
//! a merged duplicate of one). Uses the hash embedder: meaning does not
//! matter here, identical texts (so merges) do.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use dreamdb::dream::DreamOptions;
use dreamdb::embed::{Embedder, HashEmbedder};
use dreamdb::index::IndexParams;
use dreamdb::{EntryUpdate, Memory, NewEntry, Outcome, Role};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Remember { text: u8, ns: u8, n: u8 },
    Update { pick: u16, text: u8 },
    Forget { pick: u16 },
    Archive { pick: u16 },
    Erase { pick: u16 },
    Session { turns: u8, fail: bool },
    Dream,
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..12, 0u8..2, 1u8..4).prop_map(|(text, ns, n)| Op::Remember { text, ns, n }),
        2 => (any::<u16>(), 0u8..12).prop_map(|(pick, text)| Op::Update { pick, text }),
        2 => any::<u16>().prop_map(|pick| Op::Forget { pick }),
        1 => any::<u16>().prop_map(|pick| Op::Archive { pick }),
        1 => any::<u16>().prop_map(|pick| Op::Erase { pick }),
        2 => (1u8..4, any::<bool>()).prop_map(|(turns, fail)| Op::Session { turns, fail }),
        2 => Just(Op::Dream),
        1 => Just(Op::Reopen),
    ]
}

fn open(path: &Path) -> Memory {
    Memory::builder(path)
        .embedder(Arc::new(HashEmbedder::new(32)) as Arc<dyn Embedder>)
        .index_params(IndexParams { flat_limit: 8, ..Default::default() })
        .checkpoint_every(7)
        .open()
        .unwrap()
}

fn text(t: u8) -> String {
    format!("fact {t} about module {}", t % 5)
}

fn all(mem: &Memory) -> BTreeMap<u64, dreamdb::Entry> {
    let mut m = BTreeMap::new();
    mem.for_each_entry(|e| {
        m.insert(e.id, e);
        Ok(())
    })
    .unwrap();
    m
}

proptest! {
    // CI runs 10 cases; the long variant: DREAMDB_PROP_CASES=500 cargo test --release --test props
    #![proptest_config(ProptestConfig {
        cases: std::env::var("DREAMDB_PROP_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10),
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_operations_keep_store_and_indexes_consistent(ops in prop::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let mut mem = Some(open(dir.path()));
        let mut removed: BTreeSet<u64> = BTreeSet::new();
        for op in ops {
            let m = mem.as_ref().unwrap();
            let before = all(m);
            let ids: Vec<u64> = before.keys().copied().collect();
            let pick = |p: u16| (!ids.is_empty()).then(|| ids[p as usize % ids.len()]);
            let mut may_vanish: BTreeSet<u64> = BTreeSet::new();
            match &op {
                Op::Remember { text: t, ns, n } => {
                    let batch = (0..*n).map(|i| NewEntry::new(text(t.wrapping_add(i))).namespace(["a", "b"][*ns as usize])).collect();
                    m.remember_batch(batch).unwrap();
                }
                Op::Update { pick: p, text: t } => if let Some(id) = pick(*p) {
                    m.update(id, EntryUpdate { text: Some(text(*t)), ..Default::default() }).unwrap();
                },
                Op::Forget { pick: p } | Op::Erase { pick: p } => if let Some(id) = pick(*p) {
                    // Merged duplicates go with their keeper (also once archived:
                    // the link, not the status, says what they duplicate).
                    may_vanish.extend(before.values().filter(|e| e.merged_into.is_some()).map(|e| e.id));
                    if matches!(op, Op::Forget { .. }) { m.forget(id).unwrap() } else { m.erase(id).map(|_| ()).unwrap() }
                    prop_assert!(m.get(id).unwrap().is_none());
                    removed.insert(id);
                },
                Op::Archive { pick: p } => if let Some(id) = pick(*p) {
                    m.archive(id, None).unwrap();
                },
                Op::Session { turns, fail } => {
                    let s = m.begin_session("a", None).unwrap();
                    for i in 0..*turns {
                        m.log_turn(s, Role::Tool, &text(i), *fail).unwrap();
                    }
                    m.end_session(s, Outcome { success: !fail, score: None, note: None }).unwrap();
                }
                Op::Dream => {
                    m.dream(&DreamOptions { min_sessions: 2, ..Default::default() }).unwrap();
                }
                Op::Reopen => {
                    mem.take().unwrap().close().unwrap();
                    mem = Some(open(dir.path()));
                }
            }
            let m = mem.as_ref().unwrap();
            let report = m.check().unwrap();
            prop_assert!(report.is_consistent(), "after {:?}: {:?}", op, report.problems);
            let after = all(m);
            for id in &removed {
                prop_assert!(!after.contains_key(id), "entry {} came back after {:?}", id, op);
            }
            for id in before.keys() {
                if !after.contains_key(id) {
                    prop_assert!(removed.contains(id) || may_vanish.contains(id), "entry {} lost by {:?}", id, op);
                    removed.insert(*id);
                }
            }
        }
    }
}
