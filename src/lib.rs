//! # dreamdb
//!
//! An embedded memory engine for AI agents: agents `remember` entries, log
//! work sessions turn by turn, and `recall` the memories that fit a query.
//! Text is embedded with a local model (candle), indexed with HNSW
//! (hnsw_rs) and stored in RocksDB, fully offline.
//!
//! ```no_run
//! use dreamdb::{Memory, NewEntry, RecallQuery};
//!
//! # fn main() -> dreamdb::Result<()> {
//! let mem = Memory::open("/tmp/agent-memory")?; // default model: all-MiniLM-L6-v2
//! mem.remember(NewEntry::new("The deploy script lives in tools/deploy.sh").tag("ops"))?;
//! for hit in mem.recall(&RecallQuery::new("where is the deployment script?", 5))? {
//!     println!("{:.3} {}", hit.score, hit.entry.text);
//! }
//! # Ok(()) }
//! ```
//!
//! Layout (see ARCHITECTURE.md): [`store`](crate::store) is RocksDB, the
//! source of truth; `embed` turns text into vectors; `index` holds the
//! per-namespace vector indexes derived from the store; `memory` is the
//! API that ties them together; [`server`] puts a store behind MCP (stdio)
//! and a JSON HTTP API.

#![deny(missing_docs, unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod backup;
mod check;
pub mod dream;
pub mod embed;
mod entry;
mod erase;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod history;
pub mod import;
pub mod index;
mod lexical;
mod memory;
mod recall;
pub mod redact;
pub mod server;
mod store;

pub use entry::{
    format_date, format_rfc3339, now_millis, parse_rfc3339, Entry, EntryId, Kind, Millis, Outcome, Role, Session, SessionId,
    SessionStatus, Source, Status, Turn, DEFAULT_NAMESPACE,
};
pub use backup::BackupReport;
pub use check::CheckReport;
pub use erase::{EraseReport, ERASED};
pub use error::{Error, Result};
pub use history::{Action, Event};
pub use memory::{
    EntryUpdate, Memory, MemoryBuilder, NamespaceStats, NewEntry, NewTurn, OpenReport, Stats, MAX_TEXT_BYTES,
};
pub use recall::{Filter, Hit, RecallMode, RecallQuery, RecallWeights};
pub use redact::Redaction;
