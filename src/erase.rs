//! Erasure: remove every trace of an entry or a namespace.
//!
//! `forget` keeps an audit event with the entry as it was, so a mistaken
//! forget can be explained and undone. `erase` is for what must not be kept
//! at all (a leaked secret, a user's request to delete their data): the
//! entry, its vector, its embedding-cache rows, its external id, its
//! history (replaced by one text-free `Erased` event), its text in dream
//! reports, its source turns, the lines it contributed to its session
//! neighbours' context, its BM25 document and its vector in the HNSW graph.
//! The indexes are rewritten (tantivy segments merged, the namespace graph
//! rebuilt and checkpointed) and RocksDB is flushed and compacted down to
//! the bottom level, so the bytes leave the files on disk, not only the
//! live view. That makes `erase` slow (seconds on large stores); it is not
//! meant for routine deletes.

use std::collections::{BTreeSet, HashMap, HashSet};

use rocksdb::WriteBatch;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::dream::DreamReport;
use crate::entry::{Entry, EntryId, SessionId, Turn};
use crate::error::{Error, Result};
use crate::history::{event_key, Action, Event};
use crate::memory::{validate_namespace, Memory};
use crate::store::codec::{decode, encode, id_key};
use crate::store::{
    Store, CF_DREAMS, CF_EMBED_CACHE, CF_ENTRIES, CF_EXT_IDS, CF_HISTORY, CF_SESSIONS, CF_TURNS, CF_VECTORS,
    META_COUNTERS,
};

/// Replaces erased text wherever a record has to stay (a turn, a dream report).
pub const ERASED: &str = "[erased]";

/// What `erase` removed.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EraseReport {
    /// Entries erased.
    pub entries: Vec<EntryId>,
    /// Sessions erased whole (namespace erase).
    pub sessions: usize,
    /// Turns whose text was erased.
    pub turns: usize,
    /// History events removed.
    pub history_events: usize,
    /// Dream reports whose text was scrubbed.
    pub dream_reports: usize,
    /// Other entries whose context quoted an erased turn, scrubbed.
    pub contexts_scrubbed: usize,
    /// Other entries whose own text contains an erased text (an insight
    /// quoting an episode, say). Not erased: erase them too if needed.
    pub quoted_by: Vec<EntryId>,
}

impl Memory {
    /// Erase one entry everywhere (see the module docs). Errors with
    /// `NotFound` when the entry does not exist.
    pub fn erase(&self, id: EntryId) -> Result<EraseReport> {
        let e = self.store.get_entry(id)?.ok_or_else(|| Error::NotFound(format!("entry {id}")))?;
        self.erase_entries(vec![e], Vec::new())
    }

    /// Erase a whole namespace: every entry, session and turn in it, with
    /// everything `erase` removes for an entry. Other namespaces keep
    /// their data. Errors with `NotFound` when the namespace has nothing.
    pub fn erase_namespace(&self, namespace: &str) -> Result<EraseReport> {
        validate_namespace(namespace)?;
        let mut entries = Vec::new();
        self.store.for_each_entry(|e| {
            if e.namespace == namespace {
                entries.push(e);
            }
            Ok(())
        })?;
        let mut sessions = Vec::new();
        self.store.for_each_session(|s| {
            if s.namespace == namespace {
                sessions.push(s.id);
            }
            Ok(())
        })?;
        if entries.is_empty() && sessions.is_empty() {
            return Err(Error::NotFound(format!("namespace {namespace:?}")));
        }
        self.erase_entries(entries, sessions)
    }

    fn cache_key(&self, text: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.embedder.identity().fingerprint.as_bytes());
        h.update([0u8]);
        h.update(text.as_bytes());
        h.finalize().into()
    }

    fn erase_entries(&self, entries: Vec<Entry>, sessions: Vec<SessionId>) -> Result<EraseReport> {
        // No dream may plan over entries while they vanish.
        let _dream = self.dreaming.lock();
        let mut counters = self.write.lock();
        let mut c = *counters;
        c.seq += 1;
        let mut r = EraseReport::default();
        let mut batch = WriteBatch::default();
        // Re-read under the lock: the caller's copies may be stale.
        let mut gone: Vec<Entry> = Vec::new();
        for e in entries {
            if let Some(cur) = self.store.get_entry(e.id)? {
                gone.push(cur);
            }
        }
        let mut ids: HashSet<EntryId> = gone.iter().map(|e| e.id).collect();
        // Duplicates merged into an erased entry say the same thing: they go
        // too (and those merged into them, to the end of the chain).
        loop {
            let mut more = Vec::new();
            self.store.for_each_entry(|o| {
                if !ids.contains(&o.id) && o.merged_into.is_some_and(|k| ids.contains(&k)) {
                    more.push(o);
                }
                Ok(())
            })?;
            if more.is_empty() {
                break;
            }
            ids.extend(more.iter().map(|e| e.id));
            gone.extend(more);
        }
        let whole_sessions: HashSet<SessionId> = sessions.iter().copied().collect();
        let mut texts: Vec<String> = Vec::new();
        // Turns to blank: (session, seq) → the line neighbours quote.
        let mut blank: HashMap<SessionId, BTreeSet<u32>> = HashMap::new();

        for e in &gone {
            batch.delete_cf(self.store.cf(CF_ENTRIES), id_key(e.id));
            batch.delete_cf(self.store.cf(CF_VECTORS), id_key(e.id));
            if let Some(x) = &e.external_id {
                batch.delete_cf(self.store.cf(CF_EXT_IDS), Store::ext_key(&e.namespace, x));
            }
            // The cache is keyed by what was embedded: the text, or the
            // text with its context. Drop both forms.
            batch.delete_cf(self.store.cf(CF_EMBED_CACHE), self.cache_key(&e.text));
            if let Some(ctx) = &e.context {
                batch.delete_cf(self.store.cf(CF_EMBED_CACHE), self.cache_key(&format!("{}\n{ctx}", e.text)));
            }
            let mut events = Vec::new();
            self.store.scan_prefix(CF_HISTORY, &id_key(e.id), |k, _| {
                events.push(k.to_vec());
                Ok(())
            })?;
            r.history_events += events.len();
            for k in events {
                batch.delete_cf(self.store.cf(CF_HISTORY), k);
            }
            let number = c.next_event;
            c.next_event += 1;
            let ev = Event { number, entry: e.id, at: crate::entry::now_millis(), action: Action::Erased, reason: None, before: None, dream: None };
            batch.put_cf(self.store.cf(CF_HISTORY), event_key(e.id, number), encode(&ev));
            if let Some(src) = &e.source {
                if !whole_sessions.contains(&src.session) {
                    blank.entry(src.session).or_default().extend(src.first_turn..=src.last_turn);
                }
            }
            texts.push(e.text.clone());
            r.entries.push(e.id);
        }

        // Sessions erased whole, and single turns blanked.
        for s in &whole_sessions {
            batch.delete_cf(self.store.cf(CF_SESSIONS), id_key(*s));
            for t in self.store.turns(*s)? {
                batch.delete_cf(self.store.cf(CF_TURNS), Store::turn_key(t.session, t.seq));
                r.turns += 1;
            }
            r.sessions += 1;
        }
        let mut quoted_lines: Vec<String> = Vec::new();
        for (s, seqs) in &blank {
            for mut t in self.store.turns(*s)? {
                if seqs.contains(&t.seq) && t.text != ERASED {
                    // Episode entries quote a turn as "speaker: text".
                    let who = t.speaker.clone().unwrap_or_else(|| format!("{:?}", t.role).to_lowercase());
                    quoted_lines.push(format!("{who}: {}", t.text));
                    texts.push(t.text.clone());
                    t.text = ERASED.to_string();
                    self.store.put_turn(&mut batch, &Turn { ..t });
                    r.turns += 1;
                }
            }
        }

        // Other entries: contexts that quote an erased turn are scrubbed;
        // entries superseded by an erased one stay superseded without the
        // link (as with forget); texts that quote an erased text are reported.
        let mut rescrubbed: Vec<Entry> = Vec::new();
        self.store.for_each_entry(|mut o| {
            if ids.contains(&o.id) {
                return Ok(());
            }
            if texts.iter().any(|t| !t.is_empty() && o.text.contains(t.as_str())) {
                r.quoted_by.push(o.id);
            }
            let mut changed = false;
            if let Some(ctx) = &o.context {
                if quoted_lines.iter().any(|l| ctx.contains(l.as_str())) {
                    let kept: Vec<&str> =
                        ctx.lines().filter(|line| !quoted_lines.iter().any(|q| q.as_str() == *line)).collect();
                    o.context = Some(kept.join("\n"));
                    r.contexts_scrubbed += 1;
                    changed = true;
                }
            }
            if o.superseded_by.is_some_and(|n| ids.contains(&n)) {
                o.superseded_by = None;
                changed = true;
            }
            if changed {
                rescrubbed.push(o);
            }
            Ok(())
        })?;
        for o in &mut rescrubbed {
            o.seq = c.seq;
            self.store.put_entry(&mut batch, o);
        }

        // Dream reports keep the change, lose the text.
        let mut reports = Vec::new();
        self.store.scan_prefix(CF_DREAMS, &[], |k, v| {
            let mut rep: DreamReport = decode(v, "dream report")?;
            let mut touched = false;
            for ch in &mut rep.changes {
                if ids.contains(&ch.entry) || texts.iter().any(|t| !t.is_empty() && ch.text.contains(t.as_str())) {
                    ch.text = ERASED.to_string();
                    touched = true;
                }
            }
            if touched {
                reports.push((k.to_vec(), rep));
            }
            Ok(())
        })?;
        r.dream_reports = reports.len();
        for (k, rep) in &reports {
            batch.put_cf(self.store.cf(CF_DREAMS), k, encode(rep));
        }

        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;

        // Derived indexes: drop, then rewrite their files without the data.
        for id in &ids {
            self.lexical.remove(*id);
        }
        for o in &rescrubbed {
            self.lexical.upsert(o.id, &o.namespace, &o.text, o.context.as_deref())?;
        }
        self.lexical.mark(c.seq);
        self.lexical.purge(c.seq)?;
        {
            let mut st = self.state.write();
            let mut touched: HashSet<String> = HashSet::new();
            for o in &rescrubbed {
                let ns = st.intern(&o.namespace);
                st.catalog.insert(o.id, crate::memory::Meta::of(o, ns));
            }
            for e in &gone {
                st.catalog.remove(&e.id);
                touched.insert(e.namespace.clone());
                if let Some(ix) = st.namespaces.get_mut(&e.namespace) {
                    ix.remove(e.id);
                }
            }
            for ns in touched {
                let empty = st.namespaces.get(&ns).map(|ix| ix.live_len() == 0).unwrap_or(false);
                if empty {
                    st.namespaces.remove(&ns);
                } else if let Some(ix) = st.namespaces.get_mut(&ns) {
                    // hnsw_rs cannot delete: only a rebuild drops the vectors.
                    ix.rebuild();
                }
            }
            st.changes_since_checkpoint += 1;
        }
        self.checkpoint_locked(&counters)?;
        self.store.flush()?;
        self.store.compact_all()?;
        Ok(r)
    }
}
