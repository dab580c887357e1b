//! One error type for the whole engine.
//!
//! Corruption, model mismatch, a locked store and invalid input each have
//! their own variant so callers (and the CLI's exit codes) can tell them
//! apart; nothing in the engine unwraps data read from disk or from a caller.

use std::path::PathBuf;

/// The result type used throughout dreamdb.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in dreamdb.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller passed something the engine cannot accept.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// No entry, session or namespace with that identifier.
    #[error("not found: {0}")]
    NotFound(String),

    /// The external id is already used by another entry in that namespace.
    #[error("external id {external_id:?} already used by entry {existing} in namespace {namespace:?}")]
    DuplicateExternalId {
        /// Namespace of the clash.
        namespace: String,
        /// The external id given.
        external_id: String,
        /// The entry that already holds it.
        existing: u64,
    },

    /// Another process (or another handle in this process) has the store open.
    #[error("store is locked: {path} is already open in another process or handle")]
    Locked {
        /// The store directory.
        path: PathBuf,
    },

    /// The store was written with a different embedding model or dimension.
    #[error(
        "embedding model mismatch: the store at {path} was built with {stored} ({stored_dim} dims), \
         but this handle uses {requested} ({requested_dim} dims); open it with the same model \
         or re-embed into a new store"
    )]
    ModelMismatch {
        /// The store directory.
        path: PathBuf,
        /// The model identity recorded in the store.
        stored: String,
        /// Its dimension.
        stored_dim: usize,
        /// The model identity this handle uses.
        requested: String,
        /// Its dimension.
        requested_dim: usize,
    },

    /// The store was written by an incompatible version of dreamdb.
    #[error("format version mismatch: the store at {path} has format version {stored}, this build reads version {supported}")]
    FormatVersion {
        /// The store directory.
        path: PathBuf,
        /// The version recorded in the store.
        stored: u8,
        /// The version this build reads and writes.
        supported: u8,
    },

    /// Data on disk is not what the engine wrote.
    #[error("corrupt data: {0}")]
    Corruption(String),

    /// The embedding model could not be found or loaded.
    #[error("model error: {0}")]
    Model(String),

    /// An error from RocksDB.
    #[error("storage error: {0}")]
    Storage(#[from] rocksdb::Error),

    /// An error from the filesystem.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),

    /// An error from the tensor library while embedding.
    #[error("embedding error: {0}")]
    Embedding(#[from] candle_core::Error),

    /// An error from the lexical index.
    #[error("lexical index error: {0}")]
    Lexical(String),
}

impl Error {
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidInput(msg.into())
    }
    pub(crate) fn corrupt(msg: impl Into<String>) -> Self {
        Error::Corruption(msg.into())
    }
}
