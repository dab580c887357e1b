//! The audit history: one event per change to an entry.
//!
//! Each event keeps the entry as it was before the change, so any change
//! (a merge, a supersession, a forget) can be explained and undone.
//! Key: entry id (u64 BE), event number (u64 BE) in the `history` column
//! family, so an entry's story is one prefix scan.

use serde::{Deserialize, Serialize};

use crate::entry::{Entry, EntryId, Millis};

/// What happened to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Created by `remember` or `import`.
    Created,
    /// Changed by `update`.
    Updated,
    /// Removed by `forget`.
    Forgotten,
    /// Moved to the archive.
    Archived,
    /// Made active again.
    Restored,
    /// Folded into another entry by a dream (`merged_into`).
    Merged,
    /// Replaced by newer evidence by a dream (`superseded_by`).
    Superseded,
    /// Put back as it was before a dream, by `undo`.
    Undone,
    /// Removed with every trace by `erase`; the event keeps no text.
    Erased,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Global event number, increasing.
    pub number: u64,
    /// The entry concerned.
    pub entry: EntryId,
    /// When.
    pub at: Millis,
    /// What.
    pub action: Action,
    /// Why, when the engine (not the agent) decided it.
    pub reason: Option<String>,
    /// The entry before the change (`None` for a creation).
    pub before: Option<Entry>,
    /// The dream that made the change, if a dream did.
    pub dream: Option<u64>,
}

pub(crate) fn event_key(entry: EntryId, number: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&entry.to_be_bytes());
    k[8..].copy_from_slice(&number.to_be_bytes());
    k
}
