//! Persisting HNSW graphs so that opening a large store loads them instead
//! of rebuilding.
//!
//! Layout: `<store>/index/<namespace hash>-<seq>/` holds hnsw_rs's
//! `graph.hnsw.graph` and `graph.hnsw.data` plus our `slots.bin` (slot →
//! entry id). A checkpoint is written to a temporary directory, fsynced and
//! renamed; only then is the manifest (with each file's length and CRC32)
//! written to RocksDB. hnsw_rs dumps are not crash-safe and its loader
//! panics on bad bytes, so nothing is loaded whose checksum does not match.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Backend, HnswIndex, IndexParams, NamespaceIndex};
use crate::entry::EntryId;
use crate::error::{Error, Result};
use crate::store::codec;

/// What the last checkpoint holds; stored in RocksDB's meta column family.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct IndexManifest {
    /// Store change sequence the checkpoint reflects.
    pub seq: u64,
    pub namespaces: Vec<NsCheckpoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct NsCheckpoint {
    pub namespace: String,
    /// Directory name under `<store>/index/`.
    pub dir: String,
    /// (file name, length, crc32) of every file in the directory.
    pub files: Vec<(String, u64, u32)>,
}

fn ns_hash(ns: &str) -> String {
    Sha256::digest(ns.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn file_crc(path: &Path) -> Result<(u64, u32)> {
    let mut f = File::open(path)?;
    let mut h = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        len += n as u64;
        h.update(&buf[..n]);
    }
    Ok((len, h.finalize()))
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Dump every HNSW namespace that changed since `previous` (unchanged ones
/// keep their directory) and return the new manifest. The caller persists
/// the manifest and then calls [`remove_stale`].
pub(crate) fn write_checkpoint(
    index_dir: &Path,
    namespaces: &HashMap<String, NamespaceIndex>,
    seq: u64,
    previous: &IndexManifest,
) -> Result<IndexManifest> {
    std::fs::create_dir_all(index_dir)?;
    let mut out = IndexManifest { seq, namespaces: Vec::new() };
    let mut names: Vec<&String> = namespaces.keys().collect();
    names.sort();
    for name in names {
        let ns = &namespaces[name];
        let Backend::Hnsw(h) = ns.backend() else { continue };
        if h.len() == 0 {
            continue;
        }
        if !ns.dirty {
            if let Some(prev) = previous.namespaces.iter().find(|c| &c.namespace == name) {
                out.namespaces.push(prev.clone());
                continue;
            }
        }
        let dir_name = format!("{}-{seq}", ns_hash(name));
        let final_dir = index_dir.join(&dir_name);
        let tmp = index_dir.join(format!("tmp-{dir_name}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        h.dump(&tmp)?;
        let mut slots = File::create(tmp.join("slots.bin"))?;
        slots.write_all(&codec::encode(&ns.slots().to_vec()))?;
        drop(slots);
        let mut files = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&tmp)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            File::open(&p)?.sync_all()?;
            let (len, crc) = file_crc(&p)?;
            let fname = p.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            files.push((fname, len, crc));
        }
        sync_dir(&tmp)?;
        if final_dir.exists() {
            std::fs::remove_dir_all(&final_dir)?;
        }
        std::fs::rename(&tmp, &final_dir)?;
        sync_dir(index_dir)?;
        out.namespaces.push(NsCheckpoint { namespace: name.clone(), dir: dir_name, files });
    }
    Ok(out)
}

/// Remove checkpoint directories the manifest no longer names.
pub(crate) fn remove_stale(index_dir: &Path, manifest: &IndexManifest) -> Result<()> {
    let Ok(rd) = std::fs::read_dir(index_dir) else { return Ok(()) };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !manifest.namespaces.iter().any(|c| c.dir == name) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    Ok(())
}

/// Load one namespace's checkpoint after checking every file against the manifest.
pub(crate) fn load_checkpoint(
    index_dir: &Path,
    ckpt: &NsCheckpoint,
    dim: usize,
    params: IndexParams,
) -> Result<NamespaceIndex> {
    let dir = index_dir.join(&ckpt.dir);
    for (name, len, crc) in &ckpt.files {
        let path = dir.join(name);
        let (l, c) = file_crc(&path).map_err(|e| Error::corrupt(format!("index file {}: {e}", path.display())))?;
        if l != *len || c != *crc {
            return Err(Error::corrupt(format!(
                "index file {} does not match its checkpoint (length {l} vs {len}, crc {c:08x} vs {crc:08x})",
                path.display()
            )));
        }
    }
    let slots: Vec<EntryId> = codec::decode(&std::fs::read(dir.join("slots.bin"))?, "index slot table")?;
    let hnsw = HnswIndex::load(&dir, dim, params.hnsw)?;
    NamespaceIndex::from_parts(dim, params, hnsw, slots)
}

