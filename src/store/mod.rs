//! RocksDB, the source of truth.
//!
//! Column families (the key layout is documented in ARCHITECTURE.md):
//! - `entries`: entry id (u64 BE) → `Entry`
//! - `vectors`: entry id → the entry's embedding (f32 LE)
//! - `ext_ids`: namespace, 0x00, external id → entry id
//! - `sessions`: session id → `Session`
//! - `turns`: session id, turn seq (u32 BE) → `Turn`
//! - `embed_cache`: sha256(model fingerprint, text) → embedding
//! - `history`: entry id, event seq → `Event` (the audit trail)
//! - `dreams`: dream id → `DreamReport`
//! - `meta`: named values: format version, model identity, counters,
//!   index checkpoint manifest.
//!
//! Every write goes through one `WriteBatch`, so a record, its vector, its
//! id mappings and the counters that name it land together or not at all.

pub(crate) mod codec;

use std::path::{Path, PathBuf};

use rocksdb::{ColumnFamily, ColumnFamilyDescriptor, IteratorMode, Options, WriteBatch, WriteOptions, DB};
use serde::{de::DeserializeOwned, Serialize};

use crate::entry::{Entry, EntryId, Session, SessionId, Turn};
use crate::error::{Error, Result};
use codec::{decode, encode, id_key};

pub(crate) const CF_ENTRIES: &str = "entries";
pub(crate) const CF_VECTORS: &str = "vectors";
pub(crate) const CF_EXT_IDS: &str = "ext_ids";
pub(crate) const CF_SESSIONS: &str = "sessions";
pub(crate) const CF_TURNS: &str = "turns";
pub(crate) const CF_EMBED_CACHE: &str = "embed_cache";
pub(crate) const CF_HISTORY: &str = "history";
pub(crate) const CF_META: &str = "meta";
pub(crate) const CF_DREAMS: &str = "dreams";

const ALL_CFS: [&str; 9] = [
    CF_ENTRIES,
    CF_VECTORS,
    CF_EXT_IDS,
    CF_SESSIONS,
    CF_TURNS,
    CF_EMBED_CACHE,
    CF_HISTORY,
    CF_META,
    CF_DREAMS,
];

pub(crate) const META_FORMAT: &[u8] = b"format_version";
pub(crate) const META_MODEL: &[u8] = b"model";
pub(crate) const META_COUNTERS: &[u8] = b"counters";
pub(crate) const META_INDEX_MANIFEST: &[u8] = b"index_manifest";

/// Counters persisted with every write that advances them.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub(crate) struct Counters {
    pub next_entry: u64,
    pub next_session: u64,
    pub next_event: u64,
    pub next_dream: u64,
    /// Change sequence: bumped by every write that changes an entry's text,
    /// vector or status. Derived indexes record the value they reflect.
    pub seq: u64,
}

/// The RocksDB handle with typed accessors.
pub(crate) struct Store {
    db: DB,
    path: PathBuf,
    sync_writes: bool,
}

impl Store {
    /// Open or create the database at `path`.
    pub fn open(path: &Path, sync_writes: bool) -> Result<Store> {
        std::fs::create_dir_all(path)?;
        let mut opts = Options::default();
        opts.create_if_missing(true);
        opts.create_missing_column_families(true);
        opts.set_compression_type(rocksdb::DBCompressionType::Lz4);
        opts.set_keep_log_file_num(4);
        let cfs = ALL_CFS.iter().map(|name| {
            let mut o = Options::default();
            o.set_compression_type(rocksdb::DBCompressionType::Lz4);
            ColumnFamilyDescriptor::new(*name, o)
        });
        let db = DB::open_cf_descriptors(&opts, path, cfs).map_err(|e| {
            let msg = e.to_string();
            // RocksDB reports a held LOCK file as an IO error naming the lock.
            if msg.contains("LOCK") || msg.contains("lock hold") || msg.contains("Resource temporarily unavailable") {
                Error::Locked { path: path.to_path_buf() }
            } else {
                Error::Storage(e)
            }
        })?;
        Ok(Store { db, path: path.to_path_buf(), sync_writes })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn cf(&self, name: &str) -> &ColumnFamily {
        // Every column family in ALL_CFS is created at open, so a missing
        // handle would be a bug in this module, not bad data.
        #[allow(clippy::expect_used)]
        self.db.cf_handle(name).expect("column family created at open")
    }

    /// Write a batch; synced to disk when the store was opened with `sync_writes`.
    pub fn write(&self, batch: WriteBatch) -> Result<()> {
        let mut wo = WriteOptions::default();
        wo.set_sync(self.sync_writes);
        self.db.write_opt(batch, &wo)?;
        Ok(())
    }

    /// Write a batch without waiting for fsync (bookkeeping such as recall counts).
    pub fn write_relaxed(&self, batch: WriteBatch) -> Result<()> {
        let mut wo = WriteOptions::default();
        wo.set_sync(false);
        self.db.write_opt(batch, &wo)?;
        Ok(())
    }

    pub fn get_raw(&self, cf: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.db.get_cf(self.cf(cf), key)?)
    }

    pub fn get_meta<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>> {
        match self.get_raw(CF_META, key)? {
            Some(b) => Ok(Some(decode(&b, &format!("meta {}", String::from_utf8_lossy(key)))?)),
            None => Ok(None),
        }
    }

    pub fn put_meta<T: Serialize>(&self, batch: &mut WriteBatch, key: &[u8], value: &T) {
        batch.put_cf(self.cf(CF_META), key, encode(value));
    }

    pub fn get_entry(&self, id: EntryId) -> Result<Option<Entry>> {
        match self.get_raw(CF_ENTRIES, &id_key(id))? {
            Some(b) => Ok(Some(decode(&b, &format!("entry {id}"))?)),
            None => Ok(None),
        }
    }

    pub fn put_entry(&self, batch: &mut WriteBatch, entry: &Entry) {
        batch.put_cf(self.cf(CF_ENTRIES), id_key(entry.id), encode(entry));
    }

    pub fn get_vector(&self, id: EntryId, dim: usize) -> Result<Option<Vec<f32>>> {
        match self.get_raw(CF_VECTORS, &id_key(id))? {
            Some(b) => Ok(Some(codec::decode_vector(&b, dim, &format!("vector of entry {id}"))?)),
            None => Ok(None),
        }
    }

    /// Visit every entry in id order.
    pub fn for_each_entry(&self, mut f: impl FnMut(Entry) -> Result<()>) -> Result<()> {
        for item in self.db.iterator_cf(self.cf(CF_ENTRIES), IteratorMode::Start) {
            let (k, v) = item?;
            let id = codec::key_id(&k)?;
            f(decode(&v, &format!("entry {id}"))?)?;
        }
        Ok(())
    }

    pub fn ext_key(namespace: &str, external_id: &str) -> Vec<u8> {
        let mut k = Vec::with_capacity(namespace.len() + external_id.len() + 1);
        k.extend_from_slice(namespace.as_bytes());
        k.push(0);
        k.extend_from_slice(external_id.as_bytes());
        k
    }

    pub fn lookup_external(&self, namespace: &str, external_id: &str) -> Result<Option<EntryId>> {
        match self.get_raw(CF_EXT_IDS, &Self::ext_key(namespace, external_id))? {
            Some(b) => Ok(Some(codec::key_id(&b)?)),
            None => Ok(None),
        }
    }

    pub fn get_session(&self, id: SessionId) -> Result<Option<Session>> {
        match self.get_raw(CF_SESSIONS, &id_key(id))? {
            Some(b) => Ok(Some(decode(&b, &format!("session {id}"))?)),
            None => Ok(None),
        }
    }

    pub fn put_session(&self, batch: &mut WriteBatch, s: &Session) {
        batch.put_cf(self.cf(CF_SESSIONS), id_key(s.id), encode(s));
    }

    pub fn turn_key(session: SessionId, seq: u32) -> [u8; 12] {
        let mut k = [0u8; 12];
        k[..8].copy_from_slice(&session.to_be_bytes());
        k[8..].copy_from_slice(&seq.to_be_bytes());
        k
    }

    pub fn put_turn(&self, batch: &mut WriteBatch, t: &Turn) {
        batch.put_cf(self.cf(CF_TURNS), Self::turn_key(t.session, t.seq), encode(t));
    }

    /// All turns of a session, in order.
    pub fn turns(&self, session: SessionId) -> Result<Vec<Turn>> {
        let mut ro = rocksdb::ReadOptions::default();
        ro.set_iterate_range(rocksdb::PrefixRange(session.to_be_bytes().to_vec()));
        let mut out = Vec::new();
        for item in self.db.iterator_cf_opt(self.cf(CF_TURNS), ro, IteratorMode::Start) {
            let (_, v) = item?;
            out.push(decode(&v, &format!("turn of session {session}"))?);
        }
        Ok(out)
    }

    /// Visit every session in id order.
    pub fn for_each_session(&self, mut f: impl FnMut(Session) -> Result<()>) -> Result<()> {
        for item in self.db.iterator_cf(self.cf(CF_SESSIONS), IteratorMode::Start) {
            let (k, v) = item?;
            let id = codec::key_id(&k)?;
            f(decode(&v, &format!("session {id}"))?)?;
        }
        Ok(())
    }

    /// Visit every key/value of a column family whose key starts with `prefix`.
    pub fn scan_prefix(&self, cf: &str, prefix: &[u8], mut f: impl FnMut(&[u8], &[u8]) -> Result<()>) -> Result<()> {
        let mut ro = rocksdb::ReadOptions::default();
        ro.set_iterate_range(rocksdb::PrefixRange(prefix.to_vec()));
        for item in self.db.iterator_cf_opt(self.cf(cf), ro, IteratorMode::Start) {
            let (k, v) = item?;
            f(&k, &v)?;
        }
        Ok(())
    }

    /// Compact every column family (reclaims space after merges and erases).
    pub fn compact(&self) {
        for name in ALL_CFS {
            self.db.compact_range_cf(self.cf(name), None::<&[u8]>, None::<&[u8]>);
        }
    }

    /// Flush, then compact every column family down to and including the
    /// bottom level, so deleted values leave the SST files (erase).
    pub fn compact_all(&self) -> Result<()> {
        self.flush()?;
        let mut o = rocksdb::CompactOptions::default();
        o.set_bottommost_level_compaction(rocksdb::BottommostLevelCompaction::Force);
        o.set_exclusive_manual_compaction(true);
        for name in ALL_CFS {
            self.db.compact_range_cf_opt(self.cf(name), None::<&[u8]>, None::<&[u8]>, &o);
        }
        Ok(())
    }

    /// A RocksDB checkpoint of the whole database in `dir` (must not exist).
    pub fn checkpoint_to(&self, dir: &Path) -> Result<()> {
        let cp = rocksdb::checkpoint::Checkpoint::new(&self.db)?;
        cp.create_checkpoint(dir)?;
        Ok(())
    }

    /// Flush memtables so the next open replays no WAL.
    pub fn flush(&self) -> Result<()> {
        for name in ALL_CFS {
            self.db.flush_cf(self.cf(name))?;
        }
        Ok(())
    }
}
