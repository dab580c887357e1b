//! `dreamdb._dreamdb`: the native part of the `dreamdb` Python package.
//!
//! A thin layer over [`dreamdb::Memory`]: arguments become the engine's
//! types while attached to the interpreter, the engine call runs detached
//! (`Python::detach`, so other Python threads run during embedding, search
//! and dreaming), and results come back as small frozen classes (`Entry`,
//! `Hit`) or as dicts shaped like the CLI's JSON. Engine errors become
//! subclasses of `DreamdbError` carrying the engine's message.

use std::path::PathBuf;

use parking_lot::RwLock;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use dreamdb::dream::DreamOptions;
use dreamdb::embed::DeviceChoice;
use dreamdb::{
    Entry, EntryUpdate, Error, Kind, Memory, Millis, NewEntry, NewTurn, Outcome, RecallMode, RecallQuery, Role, Status,
};

mod errors {
    use pyo3::create_exception;
    use pyo3::exceptions::PyException;

    create_exception!(dreamdb, DreamdbError, PyException, "Base class of every dreamdb error.");
    create_exception!(dreamdb, InvalidInput, DreamdbError, "The engine cannot accept an argument.");
    create_exception!(dreamdb, NotFound, DreamdbError, "No entry, session or dream with that id.");
    create_exception!(dreamdb, DuplicateExternalId, DreamdbError, "The external id is taken in that namespace.");
    create_exception!(dreamdb, Locked, DreamdbError, "The store is open in another process or handle.");
    create_exception!(dreamdb, ModelMismatch, DreamdbError, "The store was built with another embedding model.");
    create_exception!(dreamdb, FormatVersion, DreamdbError, "The store was written by an incompatible dreamdb.");
    create_exception!(dreamdb, Corruption, DreamdbError, "Data on disk is not what the engine wrote.");
    create_exception!(dreamdb, ModelError, DreamdbError, "The embedding model could not be found or loaded.");
    create_exception!(dreamdb, StorageError, DreamdbError, "RocksDB, the filesystem, the tensor library or the lexical index failed.");
    create_exception!(dreamdb, Closed, DreamdbError, "The Memory has been closed.");
}

use errors::*;

/// An engine failure, made `Send` so it can leave the detached closure; it
/// becomes a Python exception once the interpreter is attached again.
enum Failure {
    Closed,
    Db(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Db(e)
    }
}

fn to_py(f: Failure) -> PyErr {
    let e = match f {
        Failure::Closed => return Closed::new_err("this Memory is closed"),
        Failure::Db(e) => e,
    };
    let msg = e.to_string();
    match e {
        Error::InvalidInput(_) => InvalidInput::new_err(msg),
        Error::NotFound(_) => NotFound::new_err(msg),
        Error::DuplicateExternalId { .. } => DuplicateExternalId::new_err(msg),
        Error::Locked { .. } => Locked::new_err(msg),
        Error::ModelMismatch { .. } => ModelMismatch::new_err(msg),
        Error::FormatVersion { .. } => FormatVersion::new_err(msg),
        Error::Corruption(_) => Corruption::new_err(msg),
        Error::Model(_) => ModelError::new_err(msg),
        Error::Storage(_) | Error::Io(_) | Error::Embedding(_) | Error::Lexical(_) => StorageError::new_err(msg),
        _ => DreamdbError::new_err(msg),
    }
}

fn invalid(msg: impl Into<String>) -> PyErr {
    InvalidInput::new_err(format!("invalid input: {}", msg.into()))
}

fn db<T>(r: dreamdb::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_py(Failure::Db(e)))
}

// ----- conversions -----

/// A time argument: an aware or naive `datetime` (naive means local time,
/// as `datetime.timestamp()` reads it) or an RFC 3339 string.
fn millis_of(v: &Bound<'_, PyAny>) -> PyResult<Millis> {
    if let Ok(s) = v.cast::<PyString>() {
        return db(dreamdb::parse_rfc3339(s.to_str()?));
    }
    let datetime = v.py().import("datetime")?.getattr("datetime")?;
    if v.is_instance(&datetime)? {
        let secs: f64 = v.call_method0("timestamp")?.extract()?;
        return Ok((secs * 1000.0).round() as Millis);
    }
    Err(PyTypeError::new_err(format!(
        "expected a datetime or an RFC 3339 string, got {}",
        v.get_type().name()?
    )))
}

fn opt_millis(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Millis>> {
    v.filter(|v| !v.is_none()).map(millis_of).transpose()
}

/// Unix milliseconds as an aware UTC `datetime`.
fn datetime_of(py: Python<'_>, ms: Millis) -> PyResult<Py<PyAny>> {
    let m = py.import("datetime")?;
    let utc = m.getattr("timezone")?.getattr("utc")?;
    let dt = m.getattr("datetime")?.call_method1("fromtimestamp", (ms as f64 / 1000.0, utc))?;
    Ok(dt.unbind())
}

fn kind_of(s: &str) -> PyResult<Kind> {
    db(s.parse())
}

/// `str` or a sequence of `str` (a lone string is one item, not its characters).
fn strings(v: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if v.is_none() => Ok(Vec::new()),
        Some(v) => {
            if let Ok(s) = v.extract::<String>() {
                return Ok(vec![s]);
            }
            v.extract::<Vec<String>>()
                .map_err(|_| PyTypeError::new_err(format!("{what} must be a str or a list of str")))
        }
    }
}

/// Any JSON-serialisable Python value, through the standard `json` module.
fn json_of(v: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let text: String = v
        .py()
        .import("json")?
        .call_method1("dumps", (v,))
        .map_err(|e| invalid(format!("metadata is not JSON-serialisable: {e}")))?
        .extract()?;
    serde_json::from_str(&text).map_err(|e| invalid(format!("metadata is not valid JSON: {e}")))
}

/// A serialisable engine value as plain Python objects (dicts, lists, ...).
fn py_of<T: serde::Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(v).map_err(|e| DreamdbError::new_err(format!("cannot encode result: {e}")))?;
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

fn metadata_of(py: Python<'_>, m: Option<&str>) -> PyResult<Py<PyAny>> {
    match m {
        None => Ok(py.None()),
        Some(s) => Ok(py.import("json")?.call_method1("loads", (s,))?.unbind()),
    }
}

// ----- result classes -----

/// A stored memory. Frozen: a snapshot of the entry when it was read.
#[pyclass(module = "dreamdb", name = "Entry", frozen)]
struct PyEntry(Entry);

#[pymethods]
impl PyEntry {
    #[getter]
    fn id(&self) -> u64 {
        self.0.id
    }
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn namespace(&self) -> &str {
        &self.0.namespace
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.0.tags.clone()
    }
    #[getter]
    fn importance(&self) -> f32 {
        self.0.importance
    }
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }
    #[getter]
    fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }
    #[getter]
    fn context(&self) -> Option<&str> {
        self.0.context.as_deref()
    }
    #[getter]
    fn metadata(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        metadata_of(py, self.0.metadata.as_deref())
    }
    #[getter]
    fn created_at(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        datetime_of(py, self.0.created_at)
    }
    #[getter]
    fn updated_at(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        datetime_of(py, self.0.updated_at)
    }
    #[getter]
    fn recall_count(&self) -> u32 {
        self.0.recall_count
    }
    #[getter]
    fn merged_into(&self) -> Option<u64> {
        self.0.merged_into
    }
    #[getter]
    fn superseded_by(&self) -> Option<u64> {
        self.0.superseded_by
    }
    #[getter]
    fn provenance(&self) -> Vec<u64> {
        self.0.provenance.clone()
    }
    #[getter]
    fn session(&self) -> Option<u64> {
        self.0.source.as_ref().map(|s| s.session)
    }

    /// Every field as a dict (times as aware UTC datetimes).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        entry_dict(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "Entry(id={}, namespace={:?}, kind={:?}, status={:?}, text={:?})",
            self.0.id,
            self.0.namespace,
            self.0.kind.as_str(),
            self.0.status.as_str(),
            self.0.text
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyEntry>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __hash__(&self) -> u64 {
        self.0.id ^ self.0.seq.rotate_left(32)
    }
}

fn entry_dict<'py>(py: Python<'py>, e: &Entry) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", e.id)?;
    d.set_item("text", &e.text)?;
    d.set_item("namespace", &e.namespace)?;
    d.set_item("kind", e.kind.as_str())?;
    d.set_item("tags", &e.tags)?;
    d.set_item("importance", e.importance)?;
    d.set_item("status", e.status.as_str())?;
    d.set_item("external_id", &e.external_id)?;
    d.set_item("context", &e.context)?;
    d.set_item("metadata", metadata_of(py, e.metadata.as_deref())?)?;
    d.set_item("created_at", datetime_of(py, e.created_at)?)?;
    d.set_item("updated_at", datetime_of(py, e.updated_at)?)?;
    d.set_item("recall_count", e.recall_count)?;
    d.set_item("merged_into", e.merged_into)?;
    d.set_item("superseded_by", e.superseded_by)?;
    d.set_item("provenance", &e.provenance)?;
    d.set_item("session", e.source.as_ref().map(|s| s.session))?;
    Ok(d)
}

/// One recalled memory: the entry's fields and the scores that ranked it.
#[pyclass(module = "dreamdb", name = "Hit", frozen)]
struct PyHit(dreamdb::Hit);

#[pymethods]
impl PyHit {
    #[getter]
    fn id(&self) -> u64 {
        self.0.entry.id
    }
    #[getter]
    fn text(&self) -> &str {
        &self.0.entry.text
    }
    /// The ranking score (fused in hybrid mode, cosine in dense mode, BM25 in lexical mode).
    #[getter]
    fn score(&self) -> f32 {
        self.0.score
    }
    /// Cosine similarity, when the dense retriever found the entry.
    #[getter]
    fn dense(&self) -> Option<f32> {
        self.0.dense
    }
    /// BM25 score, when the lexical retriever found the entry.
    #[getter]
    fn lexical(&self) -> Option<f32> {
        self.0.lexical
    }
    #[getter]
    fn namespace(&self) -> &str {
        &self.0.entry.namespace
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.entry.kind.as_str()
    }
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.0.entry.tags.clone()
    }
    #[getter]
    fn importance(&self) -> f32 {
        self.0.entry.importance
    }
    #[getter]
    fn status(&self) -> &'static str {
        self.0.entry.status.as_str()
    }
    #[getter]
    fn external_id(&self) -> Option<&str> {
        self.0.entry.external_id.as_deref()
    }
    #[getter]
    fn metadata(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        metadata_of(py, self.0.entry.metadata.as_deref())
    }
    #[getter]
    fn created_at(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        datetime_of(py, self.0.entry.created_at)
    }
    /// The whole entry.
    #[getter]
    fn entry(&self) -> PyEntry {
        PyEntry(self.0.entry.clone())
    }

    /// The entry's fields plus `score`, `dense` and `lexical`, as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = entry_dict(py, &self.0.entry)?;
        d.set_item("score", self.0.score)?;
        d.set_item("dense", self.0.dense)?;
        d.set_item("lexical", self.0.lexical)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Hit(id={}, score={:.4}, namespace={:?}, kind={:?}, text={:?})",
            self.0.entry.id,
            self.0.score,
            self.0.entry.namespace,
            self.0.entry.kind.as_str(),
            self.0.entry.text
        )
    }
}

// ----- the store -----

/// An open dreamdb store. See the package docs and `dreamdb/_dreamdb.pyi`.
#[pyclass(module = "dreamdb", name = "Memory", frozen)]
struct PyMemory {
    /// `None` once closed. Engine calls take the read side while detached;
    /// `close` takes the write side, so it waits for calls in flight.
    inner: RwLock<Option<Memory>>,
    path: PathBuf,
}

impl PyMemory {
    /// Run `f` on the open store with the interpreter detached.
    fn run<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        T: Send,
        F: Send + FnOnce(&Memory) -> Result<T, Failure>,
    {
        py.detach(|| {
            let guard = self.inner.read();
            match guard.as_ref() {
                Some(m) => f(m),
                None => Err(Failure::Closed),
            }
        })
        .map_err(to_py)
    }
}

/// The fields `remember` and `remember_batch` accept.
const ENTRY_FIELDS: [&str; 9] =
    ["text", "namespace", "kind", "tags", "importance", "external_id", "created_at", "metadata", "context"];

#[allow(clippy::too_many_arguments)]
fn new_entry(
    text: String,
    namespace: Option<String>,
    kind: Option<&str>,
    tags: Option<&Bound<'_, PyAny>>,
    importance: Option<f32>,
    external_id: Option<String>,
    created_at: Option<&Bound<'_, PyAny>>,
    metadata: Option<&Bound<'_, PyAny>>,
    context: Option<String>,
) -> PyResult<NewEntry> {
    Ok(NewEntry {
        text,
        namespace: namespace.unwrap_or_default(),
        kind: kind.map(kind_of).transpose()?.unwrap_or_default(),
        tags: strings(tags, "tags")?,
        importance,
        created_at: opt_millis(created_at)?,
        external_id,
        metadata: metadata.filter(|m| !m.is_none()).map(json_of).transpose()?,
        context,
        ..Default::default()
    })
}

fn entry_from_item<'py>(item: &Bound<'py, PyAny>) -> PyResult<NewEntry> {
    if let Ok(text) = item.extract::<String>() {
        return Ok(NewEntry::new(text));
    }
    let d = item
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("remember_batch takes str items or dicts with a \"text\" key"))?;
    for key in d.keys() {
        let k: String = key.extract()?;
        if !ENTRY_FIELDS.contains(&k.as_str()) {
            return Err(invalid(format!("unknown field {k:?} in a remember_batch item; expected {}", ENTRY_FIELDS.join(", "))));
        }
    }
    let get = |k: &str| -> PyResult<Option<Bound<'py, PyAny>>> { Ok(d.get_item(k)?.filter(|v| !v.is_none())) };
    let text: String = get("text")?.ok_or_else(|| invalid("a remember_batch item has no \"text\""))?.extract()?;
    let kind: Option<String> = get("kind")?.map(|v| v.extract()).transpose()?;
    new_entry(
        text,
        get("namespace")?.map(|v| v.extract()).transpose()?,
        kind.as_deref(),
        get("tags")?.as_ref(),
        get("importance")?.map(|v| v.extract()).transpose()?,
        get("external_id")?.map(|v| v.extract()).transpose()?,
        get("created_at")?.as_ref(),
        get("metadata")?.as_ref(),
        get("context")?.map(|v| v.extract()).transpose()?,
    )
}

#[pymethods]
impl PyMemory {
    /// Open (or create) the store at `path`. The model is looked up as the
    /// CLI does ($DREAMDB_MODEL, ./models/cache, the Hugging Face cache)
    /// unless `model_dir` is given.
    #[new]
    #[pyo3(signature = (path, model_dir=None, *, device="auto", sync_writes=true, track_recalls=true, session_episodes=true))]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        model_dir: Option<PathBuf>,
        device: &str,
        sync_writes: bool,
        track_recalls: bool,
        session_episodes: bool,
    ) -> PyResult<Self> {
        let device: DeviceChoice = db(device.parse())?;
        let mut b = Memory::builder(&path)
            .device(device)
            .sync_writes(sync_writes)
            .track_recalls(track_recalls);
        if !session_episodes {
            b = b.session_episodes(None);
        }
        if let Some(dir) = model_dir {
            b = b.model_dir(dir);
        }
        let mem = py.detach(|| b.open()).map_err(|e| to_py(Failure::Db(e)))?;
        Ok(PyMemory { inner: RwLock::new(Some(mem)), path })
    }

    /// The store directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Whether `close()` has run.
    #[getter]
    fn closed(&self) -> bool {
        self.inner.read().is_none()
    }

    /// Checkpoint the indexes, flush and release the store (its lock too).
    /// Waits for calls in flight on other threads. Closing twice is a no-op.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| match self.inner.write().take() {
            Some(m) => m.close().map_err(Failure::Db),
            None => Ok(()),
        })
        .map_err(to_py)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        let state = if self.closed() { "closed" } else { "open" };
        format!("Memory({:?}, {state})", self.path.display().to_string())
    }

    /// Store one memory; returns its id once the write is durable.
    #[pyo3(signature = (text, *, namespace=None, kind=None, tags=None, importance=None, external_id=None, created_at=None, metadata=None, context=None))]
    #[allow(clippy::too_many_arguments)]
    fn remember(
        &self,
        py: Python<'_>,
        text: String,
        namespace: Option<String>,
        kind: Option<&str>,
        tags: Option<&Bound<'_, PyAny>>,
        importance: Option<f32>,
        external_id: Option<String>,
        created_at: Option<&Bound<'_, PyAny>>,
        metadata: Option<&Bound<'_, PyAny>>,
        context: Option<String>,
    ) -> PyResult<u64> {
        let e = new_entry(text, namespace, kind, tags, importance, external_id, created_at, metadata, context)?;
        self.run(py, move |m| Ok(m.remember(e)?))
    }

    /// Store many memories in one atomic write (all or none). Items are
    /// strings or dicts with the keyword arguments of `remember`.
    fn remember_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        if items.cast::<PyString>().is_ok() {
            return Err(PyTypeError::new_err("remember_batch takes a list of items, not a str"));
        }
        let entries = items.try_iter()?.map(|i| entry_from_item(&i?)).collect::<PyResult<Vec<_>>>()?;
        self.run(py, move |m| Ok(m.remember_batch(entries)?))
    }

    /// The entry with this id, or `None`.
    fn get(&self, py: Python<'_>, id: u64) -> PyResult<Option<PyEntry>> {
        Ok(self.run(py, |m| Ok(m.get(id)?))?.map(PyEntry))
    }

    /// The entry with this external id in `namespace`, or `None`.
    #[pyo3(signature = (external_id, namespace="default"))]
    fn get_by_external_id(&self, py: Python<'_>, external_id: &str, namespace: &str) -> PyResult<Option<PyEntry>> {
        Ok(self.run(py, |m| Ok(m.get_by_external_id(namespace, external_id)?))?.map(PyEntry))
    }

    /// Change an entry (a new text is re-embedded); returns it as it is now.
    #[pyo3(signature = (id, *, text=None, kind=None, tags=None, importance=None, metadata=None, context=None))]
    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        py: Python<'_>,
        id: u64,
        text: Option<String>,
        kind: Option<&str>,
        tags: Option<&Bound<'_, PyAny>>,
        importance: Option<f32>,
        metadata: Option<&Bound<'_, PyAny>>,
        context: Option<String>,
    ) -> PyResult<PyEntry> {
        let u = EntryUpdate {
            text,
            kind: kind.map(kind_of).transpose()?,
            tags: tags.filter(|t| !t.is_none()).map(|t| strings(Some(t), "tags")).transpose()?,
            importance,
            metadata: metadata.filter(|m| !m.is_none()).map(json_of).transpose()?,
            context,
        };
        Ok(PyEntry(self.run(py, move |m| Ok(m.update(id, u)?))?))
    }

    /// Remove an entry from memory (its history keeps a record).
    fn forget(&self, py: Python<'_>, id: u64) -> PyResult<()> {
        self.run(py, |m| Ok(m.forget(id)?))
    }

    /// Move an entry to the archive; recall skips it unless asked.
    #[pyo3(signature = (id, reason=None))]
    fn archive(&self, py: Python<'_>, id: u64, reason: Option<String>) -> PyResult<PyEntry> {
        Ok(PyEntry(self.run(py, |m| Ok(m.archive(id, reason.as_deref())?))?))
    }

    /// Make an archived, merged or superseded entry active again.
    fn restore(&self, py: Python<'_>, id: u64) -> PyResult<PyEntry> {
        Ok(PyEntry(self.run(py, |m| Ok(m.restore(id)?))?))
    }

    /// The `k` memories that best match `query`, best first.
    #[pyo3(signature = (query, k=10, *, namespace=None, kinds=None, tags=None, since=None, until=None, statuses=None, as_of=None, mode="hybrid"))]
    #[allow(clippy::too_many_arguments)]
    fn recall(
        &self,
        py: Python<'_>,
        query: String,
        k: usize,
        namespace: Option<&Bound<'_, PyAny>>,
        kinds: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
        since: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        statuses: Option<&Bound<'_, PyAny>>,
        as_of: Option<&Bound<'_, PyAny>>,
        mode: &str,
    ) -> PyResult<Vec<PyHit>> {
        let mode: RecallMode = db(mode.parse())?;
        let mut q = RecallQuery::new(query, k).mode(mode);
        q.filter.namespaces = strings(namespace, "namespace")?;
        q.filter.kinds = strings(kinds, "kinds")?.iter().map(|s| kind_of(s)).collect::<PyResult<_>>()?;
        q.filter.tags = strings(tags, "tags")?;
        q.filter.statuses = strings(statuses, "statuses")?
            .iter()
            .map(|s| db(s.parse::<Status>()))
            .collect::<PyResult<_>>()?;
        q.filter.since = opt_millis(since)?;
        q.filter.until = opt_millis(until)?;
        q.filter.as_of = opt_millis(as_of)?;
        let hits = self.run(py, move |m| Ok(m.recall(&q)?))?;
        Ok(hits.into_iter().map(PyHit).collect())
    }

    /// Start a work session; returns its id.
    #[pyo3(signature = (namespace="default", title=None, *, at=None))]
    fn begin_session(
        &self,
        py: Python<'_>,
        namespace: &str,
        title: Option<String>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let at = opt_millis(at)?;
        self.run(py, |m| Ok(m.begin_session_at(namespace, title.as_deref(), at)?))
    }

    /// Append a turn to an open session; returns its position (from 0).
    /// `role` is user, assistant, tool or system; `error` marks a failed step.
    #[pyo3(signature = (session, text, role="user", *, error=false, speaker=None, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn log_turn(
        &self,
        py: Python<'_>,
        session: u64,
        text: String,
        role: &str,
        error: bool,
        speaker: Option<String>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u32> {
        let role: Role = db(role.parse())?;
        let t = NewTurn { role, speaker, text, error, at: opt_millis(at)? };
        self.run(py, move |m| Ok(m.log_turn_with(session, t)?))
    }

    /// Close a session with its outcome; its turns become `episode` entries.
    /// Returns the session as a dict.
    #[pyo3(signature = (session, success, *, score=None, note=None))]
    fn end_session(
        &self,
        py: Python<'_>,
        session: u64,
        success: bool,
        score: Option<f32>,
        note: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let s = self.run(py, move |m| Ok(m.end_session(session, Outcome { success, score, note })?))?;
        py_of(py, &s)
    }

    /// A session as a dict, or `None`.
    fn session(&self, py: Python<'_>, id: u64) -> PyResult<Py<PyAny>> {
        match self.run(py, |m| Ok(m.session(id)?))? {
            Some(s) => py_of(py, &s),
            None => Ok(py.None()),
        }
    }

    /// Every session as a dict, in id order.
    fn sessions(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.sessions()?))?)
    }

    /// The turns of a session, as dicts.
    fn turns(&self, py: Python<'_>, session: u64) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.turns(session)?))?)
    }

    /// Run one dream and return its report as a dict (`dream_id`,
    /// `changes` with `kind`, `entry`, `target`, `namespace`, `text`,
    /// `reason`, `scores`, ...). `dry_run=True` plans and changes nothing.
    /// `merge_threshold` / `update_threshold` (0 to 1) replace the judge's
    /// bars; higher is stricter.
    #[pyo3(signature = (dry_run=false, *, namespaces=None, min_sessions=None, archive_after_days=None, capacity=None, merge_threshold=None, update_threshold=None))]
    #[allow(clippy::too_many_arguments)]
    fn dream(
        &self,
        py: Python<'_>,
        dry_run: bool,
        namespaces: Option<&Bound<'_, PyAny>>,
        min_sessions: Option<usize>,
        archive_after_days: Option<f32>,
        capacity: Option<usize>,
        merge_threshold: Option<f32>,
        update_threshold: Option<f32>,
    ) -> PyResult<Py<PyAny>> {
        let mut o = DreamOptions {
            dry_run,
            namespaces: strings(namespaces, "namespaces")?,
            judge: std::sync::Arc::new(db(dreamdb::dream::TrainedJudge::with_bars(merge_threshold, update_threshold))?),
            ..Default::default()
        };
        if let Some(n) = min_sessions {
            o.min_sessions = n;
        }
        o.archive_after_days = archive_after_days;
        o.capacity = capacity;
        let r = self.run(py, move |m| Ok(m.dream(&o)?))?;
        py_of(py, &r)
    }

    /// How a dream would judge two statements, `newer` learned after
    /// `older`, as a dict: `decision` ("duplicate", "update" or
    /// "distinct"), `reason`, `cosine`, `signals` (what pushed each
    /// probability) and `scores` (both probabilities and every feature).
    /// Stores nothing.
    #[pyo3(signature = (older, newer, *, merge_threshold=None, update_threshold=None))]
    fn judge(
        &self,
        py: Python<'_>,
        older: String,
        newer: String,
        merge_threshold: Option<f32>,
        update_threshold: Option<f32>,
    ) -> PyResult<Py<PyAny>> {
        let judge = db(dreamdb::dream::TrainedJudge::with_bars(merge_threshold, update_threshold))?;
        let r = self.run(py, move |m| Ok(m.judge_pair(&older, &newer, &judge)?))?;
        py_of(py, &r)
    }

    /// Every dream's report, oldest first.
    fn dreams(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.dreams()?))?)
    }

    /// Put back everything a dream changed; returns `restored`, `removed`
    /// (insights deleted) and `skipped` (changed since) entry ids.
    fn undo(&self, py: Python<'_>, dream_id: u64) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.undo(dream_id)?))?)
    }

    /// Store-wide figures as a dict (entries per namespace and status, ...).
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.stats()?))?)
    }

    /// The audit events of an entry, oldest first, as dicts (`action`,
    /// `at`, `reason`, `dream`, and `before`: the entry before the change).
    fn history(&self, py: Python<'_>, id: u64) -> PyResult<Py<PyAny>> {
        py_of(py, &self.run(py, |m| Ok(m.history(id)?))?)
    }

    /// The namespace's active memory as Markdown, at most `budget` bytes.
    #[pyo3(signature = (namespace="default", budget=8192))]
    fn memory_file(&self, py: Python<'_>, namespace: &str, budget: usize) -> PyResult<String> {
        self.run(py, |m| Ok(m.memory_file(namespace, budget)?))
    }

    /// Persist the vector indexes now (close does it too).
    fn checkpoint(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |m| Ok(m.checkpoint()?))
    }
}

#[pymodule]
fn _dreamdb(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyMemory>()?;
    m.add_class::<PyEntry>()?;
    m.add_class::<PyHit>()?;
    m.add("DreamdbError", py.get_type::<DreamdbError>())?;
    m.add("InvalidInput", py.get_type::<InvalidInput>())?;
    m.add("NotFound", py.get_type::<NotFound>())?;
    m.add("DuplicateExternalId", py.get_type::<DuplicateExternalId>())?;
    m.add("Locked", py.get_type::<Locked>())?;
    m.add("ModelMismatch", py.get_type::<ModelMismatch>())?;
    m.add("FormatVersion", py.get_type::<FormatVersion>())?;
    m.add("Corruption", py.get_type::<Corruption>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    m.add("Closed", py.get_type::<Closed>())?;
    Ok(())
}
