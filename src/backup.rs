//! Online backup and restore.
//!
//! A backup is a complete store directory: a RocksDB checkpoint (SST files
//! hard-linked when the backup is on the same file system, copied
//! otherwise) plus copies of the HNSW checkpoint and the BM25 index. It is
//! taken under the write lock, right after an index checkpoint, so the
//! three agree; recalls go on meanwhile, writers wait (for about as long as
//! copying the index files takes). A backup opens like any store, and
//! `Memory::restore_backup` copies one to a new place.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::memory::Memory;

/// What [`Memory::backup`] wrote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupReport {
    /// The backup directory.
    pub path: PathBuf,
    /// Entries in the backup.
    pub entries: usize,
    /// Change sequence the backup reflects.
    pub seq: u64,
    /// Files in the backup.
    pub files: usize,
    /// Bytes in the backup (hard links counted in full).
    pub bytes: u64,
    /// Time taken.
    pub millis: u64,
}

/// A directory that exists and holds something is never written over.
fn require_free(dir: &Path) -> Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(Error::invalid(format!("{} exists and is not empty; choose a new directory", dir.display())));
    }
    if dir.exists() {
        std::fs::remove_dir(dir)?;
    }
    Ok(())
}

/// Copy a directory tree; files that vanish while it runs (an index merge
/// deleting its inputs) are skipped, as the index's own metadata no longer
/// names them.
fn copy_tree(from: &Path, to: &Path, files: &mut usize, bytes: &mut u64) -> Result<()> {
    std::fs::create_dir_all(to)?;
    let mut items: Vec<std::fs::DirEntry> = std::fs::read_dir(from)?.filter_map(|e| e.ok()).collect();
    // tantivy's meta.json first: the segment files it names are then
    // still there to copy.
    items.sort_by_key(|e| (e.file_name() != "meta.json", e.file_name()));
    for e in items {
        let src = e.path();
        let dst = to.join(e.file_name());
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            copy_tree(&src, &dst, files, bytes)?;
        } else if kind.is_file() {
            if e.file_name() == "LOCK" || e.file_name().to_string_lossy().ends_with(".lock") {
                continue;
            }
            match std::fs::copy(&src, &dst) {
                Ok(n) => {
                    *files += 1;
                    *bytes += n;
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err.into()),
            }
        }
    }
    Ok(())
}

fn tree_size(dir: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut b = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => {
                    n += 1;
                    b += m.len();
                }
                Err(_) => {}
            }
        }
    }
    (n, b)
}

fn sync_tree(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir)?.flatten() {
        let p = e.path();
        if p.is_dir() {
            sync_tree(&p)?;
        } else {
            std::fs::File::open(&p)?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

impl Memory {
    /// Write a consistent backup of the store to `dir` (a new or empty
    /// directory) while the store stays in use.
    pub fn backup(&self, dir: impl AsRef<Path>) -> Result<BackupReport> {
        let dir = dir.as_ref();
        require_free(dir)?;
        let started = Instant::now();
        let counters = self.write.lock();
        self.checkpoint_locked(&counters)?;
        self.store.checkpoint_to(dir)?;
        let root = self.store.path();
        let (mut files, mut bytes) = tree_size(dir);
        for sub in ["index", "lexical"] {
            if root.join(sub).exists() {
                copy_tree(&root.join(sub), &dir.join(sub), &mut files, &mut bytes)?;
            }
        }
        let entries = self.state.read().catalog.len();
        let seq = counters.seq;
        drop(counters);
        sync_tree(dir)?;
        Ok(BackupReport {
            path: dir.to_path_buf(),
            entries,
            seq,
            files,
            bytes,
            millis: started.elapsed().as_millis() as u64,
        })
    }

    /// Restore the backup in `backup` as a new store at `target` (a new or
    /// empty directory); open it afterwards like any store. The backup
    /// itself is left as it was.
    pub fn restore_backup(backup: impl AsRef<Path>, target: impl AsRef<Path>) -> Result<()> {
        let (backup, target) = (backup.as_ref(), target.as_ref());
        if !backup.join("CURRENT").exists() {
            return Err(Error::invalid(format!("{} is not a dreamdb backup (no RocksDB CURRENT file)", backup.display())));
        }
        require_free(target)?;
        let (mut files, mut bytes) = (0, 0);
        copy_tree(backup, target, &mut files, &mut bytes)?;
        sync_tree(target)?;
        Ok(())
    }
}
