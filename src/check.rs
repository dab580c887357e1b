//! Consistency check: the store and every index derived from it agree.
//!
//! RocksDB is the source of truth; the catalog, the per-namespace vector
//! indexes and the BM25 index are derived from it. `Memory::check` compares
//! all of them id by id, and the dream records with the history events that
//! name them. The crash, property and concurrency tests call it after every
//! step that could break an invariant; `dreamdb check` runs it on a store.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use crate::entry::{EntryId, Status};
use crate::error::Result;
use crate::history::Event;
use crate::memory::Memory;
use crate::store::codec::{self, decode};
use crate::store::{CF_DREAMS, CF_HISTORY, CF_VECTORS};

/// What [`Memory::check`] found.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct CheckReport {
    /// Entries in the store.
    pub entries: usize,
    /// Active entries in the store.
    pub active: usize,
    /// Vectors in the store.
    pub vectors: usize,
    /// Ids in the dense indexes.
    pub dense_indexed: usize,
    /// Live documents in the BM25 index.
    pub lexical_docs: usize,
    /// Dream records.
    pub dreams: usize,
    /// Every disagreement, in words; empty when the store is consistent.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// No problem found.
    pub fn is_consistent(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Up to a few ids of a set, for messages.
fn some(ids: &BTreeSet<EntryId>) -> String {
    let shown: Vec<String> = ids.iter().take(8).map(|i| i.to_string()).collect();
    let more = if ids.len() > 8 { format!(" and {} more", ids.len() - 8) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

fn compare(problems: &mut Vec<String>, what: &str, store: &BTreeSet<EntryId>, other: &BTreeSet<EntryId>) {
    let missing: BTreeSet<EntryId> = store.difference(other).copied().collect();
    let extra: BTreeSet<EntryId> = other.difference(store).copied().collect();
    if !missing.is_empty() {
        problems.push(format!("{} entries missing from {what}: {}", missing.len(), some(&missing)));
    }
    if !extra.is_empty() {
        problems.push(format!("{} ids in {what} that the store does not have: {}", extra.len(), some(&extra)));
    }
}

impl Memory {
    /// Compare the store with the catalog, the dense indexes and the BM25
    /// index, id by id and namespace by namespace; check that merge and
    /// supersession links point at entries that exist, and that every
    /// history event of a dream has the dream's record (a dream lands whole
    /// or not at all). Holds the write lock for the duration, so the answer
    /// is about one moment; it reads every record, so it costs a full scan.
    pub fn check(&self) -> Result<CheckReport> {
        let _w = self.write.lock();
        self.lexical.refresh()?;
        let mut r = CheckReport::default();
        let mut by_ns: BTreeMap<String, BTreeSet<EntryId>> = BTreeMap::new();
        let mut ids = BTreeSet::new();
        let mut links = Vec::new();
        self.store.for_each_entry(|e| {
            r.entries += 1;
            if e.status == Status::Active {
                r.active += 1;
            }
            ids.insert(e.id);
            by_ns.entry(e.namespace.clone()).or_default().insert(e.id);
            for t in e.merged_into.iter().chain(e.superseded_by.iter()) {
                links.push((e.id, *t));
            }
            if e.status == Status::Merged && e.merged_into.is_none() {
                r.problems.push(format!("entry {} is merged but names no keeper", e.id));
            }
            Ok(())
        })?;
        for (from, to) in links {
            if !ids.contains(&to) {
                r.problems.push(format!("entry {from} links to entry {to}, which does not exist"));
            }
        }

        let mut vectors = BTreeSet::new();
        self.store.scan_prefix(CF_VECTORS, &[], |k, v| {
            let id = codec::key_id(k)?;
            codec::decode_vector(v, self.dim, &format!("vector of entry {id}"))?;
            vectors.insert(id);
            Ok(())
        })?;
        r.vectors = vectors.len();
        compare(&mut r.problems, "the vectors", &ids, &vectors);

        {
            let st = self.state.read();
            let catalog: BTreeSet<EntryId> = st.catalog.keys().copied().collect();
            compare(&mut r.problems, "the catalog", &ids, &catalog);
            for (id, m) in &st.catalog {
                if let Some(e) = self.store.get_entry(*id)? {
                    if *m.namespace != e.namespace || m.status != e.status {
                        r.problems.push(format!("catalog disagrees with the store about entry {id}"));
                    }
                }
            }
            let mut dense = BTreeSet::new();
            for (ns, ix) in &st.namespaces {
                let in_ix: BTreeSet<EntryId> = ix.ids().collect();
                let want = by_ns.get(ns).cloned().unwrap_or_default();
                compare(&mut r.problems, &format!("the dense index of namespace {ns:?}"), &want, &in_ix);
                dense.extend(in_ix);
            }
            for (ns, want) in &by_ns {
                if !st.namespaces.contains_key(ns) && !want.is_empty() {
                    r.problems.push(format!("namespace {ns:?} has {} entries but no dense index", want.len()));
                }
            }
            r.dense_indexed = dense.len();
        }

        let lexical: Vec<EntryId> = self.lexical.ids()?;
        r.lexical_docs = lexical.len();
        let lexical_set: BTreeSet<EntryId> = lexical.iter().copied().collect();
        if lexical_set.len() != lexical.len() {
            r.problems.push(format!("the BM25 index holds {} duplicate documents", lexical.len() - lexical_set.len()));
        }
        compare(&mut r.problems, "the BM25 index", &ids, &lexical_set);

        let mut dreams = HashSet::new();
        self.store.scan_prefix(CF_DREAMS, &[], |k, _| {
            dreams.insert(codec::key_id(k)?);
            Ok(())
        })?;
        r.dreams = dreams.len();
        let mut orphans = BTreeSet::new();
        self.store.scan_prefix(CF_HISTORY, &[], |_, v| {
            let ev: Event = decode(v, "history event")?;
            if let Some(d) = ev.dream {
                if !dreams.contains(&d) {
                    orphans.insert(d);
                }
            }
            Ok(())
        })?;
        if !orphans.is_empty() {
            r.problems.push(format!("history events of dreams without a record: {}", some(&orphans)));
        }
        Ok(r)
    }
}
