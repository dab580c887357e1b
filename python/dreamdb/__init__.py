"""dreamdb: an embedded, offline memory engine for AI agents.

Open a store with :class:`Memory`, ``remember`` what the agent learns, log
work sessions turn by turn with ``begin_session`` / ``log_turn`` /
``end_session``, ``dream`` between sessions to consolidate, and ``recall``
what fits a query. The engine is Rust (RocksDB, a local embedding model,
HNSW and BM25); calls that embed, search or dream release the GIL.

Errors are subclasses of :class:`DreamdbError`.
"""

from ._dreamdb import (
    Closed,
    Corruption,
    DreamdbError,
    DuplicateExternalId,
    Entry,
    FormatVersion,
    Hit,
    InvalidInput,
    Locked,
    Memory,
    ModelError,
    ModelMismatch,
    NotFound,
    StorageError,
    __version__,
)

__all__ = [
    "Memory",
    "Entry",
    "Hit",
    "DreamdbError",
    "InvalidInput",
    "NotFound",
    "DuplicateExternalId",
    "Locked",
    "ModelMismatch",
    "FormatVersion",
    "Corruption",
    "ModelError",
    "StorageError",
    "Closed",
    "__version__",
]
