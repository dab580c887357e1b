//! [`Memory`]: the engine's public face.
//!
//! Invariants:
//! - RocksDB is written first, in one atomic batch per operation; the
//!   in-memory catalog and indexes are updated after, under the write lock,
//!   so readers never see an index entry the store does not have.
//! - Every change to an entry's text, vector or status takes a new value of
//!   the change sequence (`Counters::seq`), stored in the entry. Index
//!   checkpoints record the sequence they reflect; on open, entries with a
//!   higher sequence are re-applied and entries that no longer exist are
//!   dropped, so a crash between the store write and the checkpoint loses
//!   nothing.
//! - Writers are serialised by one mutex (which also guards the counters);
//!   recalls only take the read side of the state lock.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use parking_lot::{Mutex, RwLock};
use rocksdb::WriteBatch;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, ModelIdentity, Precision};
use crate::entry::{
    format_date, now_millis, Entry, EntryId, Kind, Millis, Outcome, Role, Session, SessionId, SessionStatus, Source,
    Status, Turn, DEFAULT_NAMESPACE,
};
use crate::error::{Error, Result};
use crate::history::{event_key, Action, Event};
use crate::index::{load_checkpoint, remove_stale, write_checkpoint, IndexManifest, IndexParams, NamespaceIndex};
use crate::lexical::LexicalIndex;
use crate::recall::{Filter, Hit, RecallMode, RecallQuery, RecallWeights};
use crate::redact::{Redaction, Redactor};
use crate::store::codec::{self, encode, id_key};
use crate::store::{
    Counters, Store, CF_EMBED_CACHE, CF_ENTRIES, CF_EXT_IDS, CF_HISTORY, CF_VECTORS, META_COUNTERS, META_FORMAT,
    META_INDEX_MANIFEST, META_MODEL,
};

/// Embedding-cache rows to write: content key and vector.
type CacheRows = Vec<([u8; 32], Vec<f32>)>;

/// Longest text accepted, in bytes (the model reads at most its token window anyway).
pub const MAX_TEXT_BYTES: usize = 1 << 20;
const MAX_NAMESPACE_BYTES: usize = 256;

/// A new memory to store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewEntry {
    /// The memory itself (required, non-empty).
    pub text: String,
    /// Namespace; `default` when empty.
    pub namespace: String,
    /// Kind; `fact` by default.
    pub kind: Kind,
    /// Tags.
    pub tags: Vec<String>,
    /// 0.0..=1.0; 0.5 when `None`.
    pub importance: Option<f32>,
    /// When the fact was stated; now when `None`.
    pub created_at: Option<Millis>,
    /// Caller id, unique within the namespace.
    pub external_id: Option<String>,
    /// Caller metadata.
    pub metadata: Option<serde_json::Value>,
    /// Text indexed with the entry but not returned as part of it
    /// (surrounding conversation, a title): BM25 always reads it, the
    /// embedding only when the store is opened with `embed_context`.
    pub context: Option<String>,
    /// The session turns it came from.
    pub source: Option<Source>,
    /// Entries it was derived from (an insight's supporting episodes).
    pub provenance: Vec<EntryId>,
}

impl NewEntry {
    /// The namespace this entry goes to: its own, or `default` when empty.
    pub fn namespace_or_default(&self) -> &str {
        if self.namespace.is_empty() {
            DEFAULT_NAMESPACE
        } else {
            &self.namespace
        }
    }

    /// Set the retrieval context.
    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }
    /// A fact in the default namespace.
    pub fn new(text: impl Into<String>) -> Self {
        NewEntry { text: text.into(), ..Default::default() }
    }
    /// Set the namespace.
    pub fn namespace(mut self, ns: impl Into<String>) -> Self {
        self.namespace = ns.into();
        self
    }
    /// Set the kind.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }
    /// Add a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }
    /// Set the external id.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }
    /// Set the creation time.
    pub fn created_at(mut self, at: Millis) -> Self {
        self.created_at = Some(at);
        self
    }
    /// Set the importance.
    pub fn importance(mut self, importance: f32) -> Self {
        self.importance = Some(importance);
        self
    }
}

/// Changes to an existing entry; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntryUpdate {
    /// New text (the entry is re-embedded).
    pub text: Option<String>,
    /// New kind.
    pub kind: Option<Kind>,
    /// New tags (replacing the old ones).
    pub tags: Option<Vec<String>>,
    /// New importance.
    pub importance: Option<f32>,
    /// New metadata.
    pub metadata: Option<serde_json::Value>,
    /// New retrieval context (the entry is re-indexed).
    pub context: Option<String>,
}

/// A turn to log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTurn {
    /// Who spoke.
    pub role: Role,
    /// The speaker's name (shown in episodes instead of the role).
    pub speaker: Option<String>,
    /// What was said or done (required).
    pub text: String,
    /// Whether the turn reports an error.
    pub error: bool,
    /// When; now when `None`.
    pub at: Option<Millis>,
}

impl NewTurn {
    /// A turn by `role`, now.
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        NewTurn { role, speaker: None, text: text.into(), error: false, at: None }
    }
}

/// What opening the store did, for logs and tests.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpenReport {
    /// Entries in the store.
    pub entries: usize,
    /// Namespaces whose HNSW graph was loaded from a checkpoint.
    pub namespaces_loaded: usize,
    /// Namespaces built from the vectors in the store (flat ones always are).
    pub namespaces_built: usize,
    /// HNSW graphs built from scratch (no usable checkpoint).
    pub graphs_built: usize,
    /// Entries re-applied to loaded graphs (written after the checkpoint).
    pub entries_replayed: usize,
    /// Checkpoints that failed verification and were rebuilt.
    pub checkpoints_rejected: usize,
    /// Entries re-applied to (or removed from) the lexical index.
    pub lexical_replayed: usize,
    /// Wall time of the open, in milliseconds.
    pub millis: u64,
    /// Milliseconds scanning the entries into the catalog (the graphs load
    /// meanwhile, on another thread).
    pub scan_millis: u64,
    /// Milliseconds loading the checkpointed graphs, searchable copies included.
    pub graph_load_millis: u64,
}

/// Per-namespace figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamespaceStats {
    /// Name.
    pub name: String,
    /// Entries by status.
    pub active: usize,
    /// Merged entries.
    pub merged: usize,
    /// Superseded entries.
    pub superseded: usize,
    /// Archived entries.
    pub archived: usize,
    /// `flat` or `hnsw`.
    pub index: &'static str,
    /// Live vectors in the index.
    pub indexed: usize,
    /// Tombstoned points in the index.
    pub tombstones: usize,
}

/// Store-wide figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Store directory.
    pub path: PathBuf,
    /// Model identity.
    pub model: String,
    /// Vector dimension.
    pub dim: usize,
    /// All entries.
    pub entries: usize,
    /// Sessions.
    pub sessions: usize,
    /// Per namespace.
    pub namespaces: Vec<NamespaceStats>,
    /// Current change sequence.
    pub seq: u64,
    /// Change sequence of the last index checkpoint.
    pub checkpoint_seq: u64,
    /// Documents in the lexical index.
    pub lexical_docs: u64,
}

/// Builder for [`Memory`]; each setter names its default.
#[derive(Clone)]
pub struct MemoryBuilder {
    path: PathBuf,
    model_dir: Option<PathBuf>,
    embedder: Option<Arc<dyn Embedder>>,
    bert: BertOptions,
    /// Whether `precision` was set: if not, a store made at another
    /// precision opens at that one instead of failing.
    precision_set: bool,
    index: IndexParams,
    weights: RecallWeights,
    sync_writes: bool,
    track_recalls: bool,
    checkpoint_every: usize,
    embed_context: bool,
    episodes: Option<usize>,
    redaction: Redaction,
}

impl MemoryBuilder {
    /// Embed an entry's retrieval context with its text (else only BM25
    /// reads the context). Default: false. On LoCoMo it lifts hybrid
    /// recall@10 from 0.713 to 0.725 (BENCHMARKS.md), but episode vectors
    /// then carry their neighbours, and dreaming's pattern search, which
    /// clusters episodes by their vectors, no longer sees the same error
    /// recurring across sessions.
    pub fn embed_context(mut self, yes: bool) -> Self {
        self.embed_context = yes;
        self
    }
    /// When a session ends, index each of its turns as an `episode` entry
    /// whose context holds `window` turns on each side and the session
    /// date; `None` turns this off. Default: `Some(1)`.
    pub fn session_episodes(mut self, window: Option<usize>) -> Self {
        self.episodes = window;
        self
    }
    /// How hybrid recall fuses and re-ranks. Default: [`RecallWeights::default`].
    pub fn recall_weights(mut self, weights: RecallWeights) -> Self {
        self.weights = weights;
        self
    }
    /// Model directory (plain, or a Hugging Face cache folder). Default:
    /// [`crate::embed::default_model_dir`].
    pub fn model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.model_dir = Some(dir.into());
        self
    }
    /// Use this embedder instead of loading a model (tests, custom models).
    pub fn embedder(mut self, embedder: Arc<dyn Embedder>) -> Self {
        self.embedder = Some(embedder);
        self
    }
    /// Device for the model. Default: `auto`.
    pub fn device(mut self, device: DeviceChoice) -> Self {
        self.bert.device = device;
        self
    }
    /// Weight precision of the embedding model. Default:
    /// [`Precision::default`]. Vectors of two precisions never share a
    /// store: when this is left unset, a store created at the other
    /// precision opens at its own; when it is set, such a store is refused
    /// with [`Error::ModelMismatch`].
    pub fn precision(mut self, precision: Precision) -> Self {
        self.bert.precision = precision;
        self.precision_set = true;
        self
    }
    /// Texts per forward pass. Default: 32.
    pub fn batch_size(mut self, n: usize) -> Self {
        self.bert.batch_size = n;
        self
    }
    /// Index parameters. Default: [`IndexParams::default`].
    pub fn index_params(mut self, params: IndexParams) -> Self {
        self.index = params;
        self
    }
    /// fsync every write before it is acknowledged. Default: true.
    pub fn sync_writes(mut self, yes: bool) -> Self {
        self.sync_writes = yes;
        self
    }
    /// Count recalls per entry (recall count, last recalled time). Default: true.
    pub fn track_recalls(mut self, yes: bool) -> Self {
        self.track_recalls = yes;
        self
    }
    /// What to redact from every text before it is embedded or stored
    /// (entries, contexts, session titles, turns). Default: secrets (API
    /// keys, tokens, private keys, passwords), not e-mail addresses.
    pub fn redaction(mut self, policy: Redaction) -> Self {
        self.redaction = policy;
        self
    }
    /// Checkpoint the indexes after this many changes. Default: 20,000.
    pub fn checkpoint_every(mut self, n: usize) -> Self {
        self.checkpoint_every = n.max(1);
        self
    }

    /// Open (or create) the store.
    pub fn open(self) -> Result<Memory> {
        let started = Instant::now();
        self.index.validate()?;
        self.weights.validate()?;
        let (embedder, bert): (Arc<dyn Embedder>, _) = match self.embedder {
            Some(e) => (e, None),
            None => {
                let dir = match self.model_dir {
                    Some(d) => d,
                    None => crate::embed::default_model_dir()?,
                };
                let bert = Arc::new(BertEmbedder::new(&dir, self.bert.clone())?);
                (bert.clone(), Some(bert))
            }
        };
        let store = Store::open(&self.path, self.sync_writes)?;
        // A store made at the other precision opens at its own unless the
        // caller asked for one.
        let embedder = match (&bert, self.precision_set, store.get_meta::<ModelIdentity>(META_MODEL)) {
            (Some(b), false, Ok(Some(stored))) if !stored.compatible(embedder.identity()) => {
                crate::embed::at_stored_precision(b, &stored, &self.bert)?.unwrap_or(embedder)
            }
            _ => embedder,
        };
        let identity = embedder.identity().clone();

        match store.get_meta::<u8>(META_FORMAT) {
            Ok(Some(v)) if v != codec::FORMAT_VERSION => {
                return Err(Error::FormatVersion { path: self.path, stored: v, supported: codec::FORMAT_VERSION })
            }
            Ok(_) => {}
            // A record from another format version fails to decode as ours.
            Err(Error::Corruption(_)) => {
                let raw = store.get_raw(crate::store::CF_META, META_FORMAT)?.unwrap_or_default();
                return Err(Error::FormatVersion {
                    path: self.path,
                    stored: raw.first().copied().unwrap_or(0),
                    supported: codec::FORMAT_VERSION,
                });
            }
            Err(e) => return Err(e),
        }
        match store.get_meta::<ModelIdentity>(META_MODEL)? {
            Some(stored) if !stored.compatible(&identity) => {
                return Err(Error::ModelMismatch {
                    path: self.path,
                    stored: stored.to_string(),
                    stored_dim: stored.dim,
                    requested: identity.to_string(),
                    requested_dim: identity.dim,
                })
            }
            Some(_) => {}
            None => {
                let mut b = WriteBatch::default();
                store.put_meta(&mut b, META_FORMAT, &codec::FORMAT_VERSION);
                store.put_meta(&mut b, META_MODEL, &identity);
                store.put_meta(&mut b, META_COUNTERS, &Counters::default());
                store.write(b)?;
            }
        }
        let counters: Counters = store.get_meta(META_COUNTERS)?.unwrap_or_default();
        let manifest: IndexManifest = store.get_meta(META_INDEX_MANIFEST)?.unwrap_or_default();

        let lexical = LexicalIndex::open(&store.path().join("lexical"))?;
        let (state, mut report) = load_state(&store, &lexical, counters.seq, identity.dim, self.index, manifest)?;
        report.millis = started.elapsed().as_millis() as u64;
        tracing::debug!(?report, "opened {}", self.path.display());

        Ok(Memory {
            store,
            embedder,
            dim: identity.dim,
            state: RwLock::new(state),
            lexical,
            weights: self.weights,
            write: Mutex::new(counters),
            track_recalls: self.track_recalls,
            checkpoint_every: self.checkpoint_every,
            embed_context: self.embed_context,
            episodes: self.episodes,
            redactor: Redactor::new(self.redaction),
            index_params: self.index,
            report,
            dreaming: Mutex::new(()),
            cancel: std::sync::atomic::AtomicBool::new(false),
            last_write: std::sync::atomic::AtomicI64::new(now_millis()),
        })
    }
}

/// Per-entry fields that filters read, kept in memory.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub(crate) namespace: Arc<str>,
    pub(crate) kind: Kind,
    pub(crate) status: Status,
    pub(crate) status_at: Option<Millis>,
    pub(crate) created_at: Millis,
    pub(crate) importance: f32,
    pub(crate) tags: Vec<String>,
    /// `merged_into` or `superseded_by`: the entry this one points at.
    pub(crate) link: Option<EntryId>,
}

impl Meta {
    pub(crate) fn of(e: &Entry, ns: Arc<str>) -> Self {
        Meta {
            namespace: ns,
            kind: e.kind,
            status: e.status,
            status_at: e.status_at,
            created_at: e.created_at,
            importance: e.importance,
            tags: e.tags.clone(),
            link: e.merged_into.or(e.superseded_by),
        }
    }

    pub(crate) fn accepted_by(&self, f: &Filter) -> bool {
        f.accepts(self.kind, self.status, self.status_at, self.created_at, &self.tags)
    }
}

pub(crate) struct State {
    pub(crate) catalog: HashMap<EntryId, Meta>,
    pub(crate) namespaces: HashMap<String, NamespaceIndex>,
    pub(crate) names: HashMap<String, Arc<str>>,
    pub(crate) manifest: IndexManifest,
    pub(crate) changes_since_checkpoint: usize,
}

impl State {
    pub(crate) fn intern(&mut self, ns: &str) -> Arc<str> {
        self.names.entry(ns.to_string()).or_insert_with(|| Arc::from(ns)).clone()
    }
}

fn index_dir(store: &Store) -> PathBuf {
    store.path().join("index")
}

/// Scan the store, load what checkpoints are valid, build the rest, and
/// re-apply what changed after the checkpoint.
fn load_state(
    store: &Store,
    lexical: &LexicalIndex,
    seq: u64,
    dim: usize,
    params: IndexParams,
    manifest: IndexManifest,
) -> Result<(State, OpenReport)> {
    let mut state = State {
        catalog: HashMap::new(),
        namespaces: HashMap::new(),
        names: HashMap::new(),
        manifest: manifest.clone(),
        changes_since_checkpoint: 0,
    };
    let mut report = OpenReport::default();
    let mut by_ns: HashMap<Arc<str>, Vec<(EntryId, u64)>> = HashMap::new();
    let lex_seq = lexical.committed_seq();
    let idir = index_dir(store);
    // The checkpointed graphs load on a second thread while this one scans
    // the entries: neither needs the other until the replay below, and at
    // 100k entries each takes about half of the open.
    let started = Instant::now();
    let ((mut checkpoints, load_time), scanned) = std::thread::scope(|scope| {
        let loader = scope.spawn(|| {
            let t = Instant::now();
            let loaded: HashMap<String, Result<NamespaceIndex>> = manifest
                .namespaces
                .iter()
                .map(|c| (c.namespace.clone(), load_checkpoint(&idir, c, dim, params)))
                .collect();
            (loaded, t.elapsed())
        });
        let scanned = scan_entries(store, lexical, lex_seq, &mut state, &mut by_ns, &mut report);
        report.scan_millis = started.elapsed().as_millis() as u64;
        let loaded = loader.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (loaded, scanned)
    });
    report.graph_load_millis = load_time.as_millis() as u64;
    scanned?;
    report.entries = state.catalog.len();
    for id in lexical.ids()? {
        if !state.catalog.contains_key(&id) {
            lexical.remove(id);
            report.lexical_replayed += 1;
        }
    }
    if report.lexical_replayed > 0 || lex_seq != seq {
        lexical.commit(seq)?;
    }

    let mut to_build: Vec<Arc<str>> = Vec::new();
    for (ns, ids) in &by_ns {
        let loaded = match checkpoints.remove(&**ns) {
            Some(Ok(ix)) => Some(ix),
            Some(Err(e)) => {
                tracing::warn!("index checkpoint of namespace {ns:?} rejected, rebuilding: {e}");
                report.checkpoints_rejected += 1;
                None
            }
            None => None,
        };
        let Some(mut ix) = loaded else {
            to_build.push(ns.clone());
            continue;
        };
        report.namespaces_loaded += 1;
        let current: HashSet<EntryId> = ids.iter().map(|(id, _)| *id).collect();
        let gone: Vec<EntryId> = ix.ids().filter(|id| !current.contains(id)).collect();
        let mut replayed = gone.len();
        for id in gone {
            ix.remove(id);
        }
        for &(id, seq) in ids {
            if seq > manifest.seq || !ix.contains(id) {
                if let Some(v) = store.get_vector(id, dim)? {
                    ix.upsert(id, &v);
                    replayed += 1;
                }
            }
        }
        report.entries_replayed += replayed;
        // Only this namespace's replays make its checkpoint stale.
        ix.dirty = replayed > 0;
        state.namespaces.insert(ns.to_string(), ix);
    }

    if !to_build.is_empty() {
        let wanted: HashSet<&str> = to_build.iter().map(|s| &**s).collect();
        let mut vectors: HashMap<Arc<str>, Vec<(EntryId, Vec<f32>)>> = HashMap::new();
        store.scan_prefix(CF_VECTORS, &[], |k, v| {
            let id = codec::key_id(k)?;
            if let Some(meta) = state.catalog.get(&id) {
                if wanted.contains(&*meta.namespace) {
                    let vec = codec::decode_vector(v, dim, &format!("vector of entry {id}"))?;
                    vectors.entry(meta.namespace.clone()).or_default().push((id, vec));
                }
            }
            Ok(())
        })?;
        for ns in to_build {
            let items = vectors.remove(&ns).unwrap_or_default();
            let ix = NamespaceIndex::build(dim, params, items);
            if ix.is_hnsw() {
                report.graphs_built += 1;
            }
            report.namespaces_built += 1;
            state.namespaces.insert(ns.to_string(), ix);
        }
    }
    Ok((state, report))
}

/// Scan every entry into the catalog, re-applying to the lexical index the
/// ones written after its last commit.
fn scan_entries(
    store: &Store,
    lexical: &LexicalIndex,
    lex_seq: u64,
    state: &mut State,
    by_ns: &mut HashMap<Arc<str>, Vec<(EntryId, u64)>>,
    report: &mut OpenReport,
) -> Result<()> {
    store.for_each_entry(|e| {
        if e.seq > lex_seq {
            lexical.upsert(e.id, &e.namespace, &e.text, e.context.as_deref())?;
            report.lexical_replayed += 1;
        }
        let ns = state.intern(&e.namespace);
        by_ns.entry(ns.clone()).or_default().push((e.id, e.seq));
        state.catalog.insert(e.id, Meta::of(&e, ns));
        Ok(())
    })
}

/// The episode entries of a closed session: one per turn, the turn's text
/// as the entry, its neighbours and the session date as context.
fn episode_entries(s: &Session, turns: &[Turn], window: usize) -> Vec<NewEntry> {
    let who = |t: &Turn| t.speaker.clone().unwrap_or_else(|| format!("{:?}", t.role).to_lowercase());
    let line = |t: &Turn| format!("{}: {}", who(t), t.text);
    (0..turns.len())
        .map(|i| {
            let t = &turns[i];
            let lo = i.saturating_sub(window);
            let hi = (i + window + 1).min(turns.len());
            let mut ctx: Vec<String> = (lo..hi).filter(|&j| j != i).map(|j| line(&turns[j])).collect();
            ctx.push(format!("(session {} on {}{})", s.id, format_date(t.at), s.title.as_deref().map(|x| format!(": {x}")).unwrap_or_default()));
            NewEntry {
                text: line(t),
                namespace: s.namespace.clone(),
                kind: Kind::Episode,
                tags: if t.error { vec!["episode".into(), "error".into()] } else { vec!["episode".into()] },
                created_at: Some(t.at),
                context: Some(ctx.join("\n")),
                source: Some(Source { session: s.id, first_turn: t.seq, last_turn: t.seq }),
                ..Default::default()
            }
        })
        .collect()
}

/// Check a namespace name.
pub(crate) fn validate_namespace(ns: &str) -> Result<()> {
    if ns.is_empty() || ns.len() > MAX_NAMESPACE_BYTES || ns.contains('\0') {
        return Err(Error::invalid(format!(
            "namespace must be 1..={MAX_NAMESPACE_BYTES} bytes without NUL, got {ns:?}"
        )));
    }
    Ok(())
}

pub(crate) fn validate_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid("text is empty"));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(format!("text is {} bytes; the limit is {MAX_TEXT_BYTES}", text.len())));
    }
    Ok(())
}

fn validate_importance(i: f32) -> Result<()> {
    if !(0.0..=1.0).contains(&i) {
        return Err(Error::invalid(format!("importance must be within 0.0..=1.0, got {i}")));
    }
    Ok(())
}

fn validate_tags(tags: &[String]) -> Result<()> {
    for t in tags {
        if t.trim().is_empty() || t.len() > 256 {
            return Err(Error::invalid(format!("tags must be 1..=256 bytes and not blank, got {t:?}")));
        }
    }
    Ok(())
}

/// The embedded memory engine. Cheap to share: wrap it in an `Arc` and call
/// it from any thread.
pub struct Memory {
    pub(crate) store: Store,
    pub(crate) embedder: Arc<dyn Embedder>,
    pub(crate) dim: usize,
    pub(crate) state: RwLock<State>,
    pub(crate) lexical: LexicalIndex,
    pub(crate) weights: RecallWeights,
    pub(crate) write: Mutex<Counters>,
    pub(crate) track_recalls: bool,
    pub(crate) checkpoint_every: usize,
    pub(crate) embed_context: bool,
    pub(crate) episodes: Option<usize>,
    pub(crate) redactor: Redactor,
    pub(crate) index_params: IndexParams,
    pub(crate) report: OpenReport,
    /// One dream at a time.
    pub(crate) dreaming: Mutex<()>,
    /// Set to ask a running dream to stop without applying anything.
    pub(crate) cancel: std::sync::atomic::AtomicBool,
    /// Time of the last write by the agent (for the idle trigger).
    pub(crate) last_write: std::sync::atomic::AtomicI64,
}

impl Memory {
    /// Open (or create) a store at `path` with the default model.
    pub fn open(path: impl AsRef<Path>) -> Result<Memory> {
        Memory::builder(path).open()
    }

    /// A builder for a store at `path`.
    pub fn builder(path: impl AsRef<Path>) -> MemoryBuilder {
        MemoryBuilder {
            path: path.as_ref().to_path_buf(),
            model_dir: None,
            embedder: None,
            bert: BertOptions::default(),
            precision_set: false,
            index: IndexParams::default(),
            weights: RecallWeights::default(),
            sync_writes: true,
            track_recalls: true,
            checkpoint_every: 20_000,
            embed_context: false,
            episodes: Some(1),
            redaction: Redaction::default(),
        }
    }

    /// What the last open did.
    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    /// The embedding model's identity.
    pub fn model(&self) -> &ModelIdentity {
        self.embedder.identity()
    }

    /// The embedder (to embed texts the same way the store does).
    pub fn embedder(&self) -> &Arc<dyn Embedder> {
        &self.embedder
    }

    /// Embed texts, reading and filling the content-hash cache. Returns the
    /// vectors and the cache rows to write with them.
    fn embed_cached(&self, texts: &[&str]) -> Result<(Vec<Vec<f32>>, CacheRows)> {
        let fp = &self.embedder.identity().fingerprint;
        let keys: Vec<[u8; 32]> = texts
            .iter()
            .map(|t| {
                let mut h = Sha256::new();
                h.update(fp.as_bytes());
                h.update([0u8]);
                // Keyed by what the model reads (a stamped text cached
                // before stamps were set aside is embedded again).
                h.update(crate::entry::without_date_stamp(t).as_bytes());
                h.finalize().into()
            })
            .collect();
        let mut out: Vec<Option<Vec<f32>>> = Vec::with_capacity(texts.len());
        for k in &keys {
            out.push(match self.store.get_raw(CF_EMBED_CACHE, k)? {
                Some(b) => codec::decode_vector(&b, self.dim, "cached embedding").ok(),
                None => None,
            });
        }
        // Embed each distinct missing text once.
        let mut missing: Vec<usize> = Vec::new();
        let mut first_of: HashMap<[u8; 32], usize> = HashMap::new();
        for (i, v) in out.iter().enumerate() {
            if v.is_none() && !first_of.contains_key(&keys[i]) {
                first_of.insert(keys[i], missing.len());
                missing.push(i);
            }
        }
        let fresh = self.embed_checked(&missing.iter().map(|&i| texts[i]).collect::<Vec<_>>())?;
        let mut new_rows = Vec::with_capacity(fresh.len());
        for (&i, v) in missing.iter().zip(&fresh) {
            new_rows.push((keys[i], v.clone()));
        }
        let vectors = out
            .into_iter()
            .enumerate()
            .map(|(i, v)| v.unwrap_or_else(|| fresh[first_of[&keys[i]]].clone()))
            .collect();
        Ok((vectors, new_rows))
    }

    pub(crate) fn embed_checked(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        // A date stamp says when a note was written, which the entry's time
        // says; embedded, it pulled "[2026-03-01] the user prefers dark
        // mode" away from the plain statement (cosine 0.74).
        let texts: Vec<&str> = texts.iter().map(|t| crate::entry::without_date_stamp(t)).collect();
        let vs = self.embedder.embed(&texts)?;
        if vs.len() != texts.len() {
            return Err(Error::Model(format!("embedder returned {} vectors for {} texts", vs.len(), texts.len())));
        }
        for v in &vs {
            if v.len() != self.dim || v.iter().any(|x| !x.is_finite()) {
                return Err(Error::Model(format!(
                    "embedder returned a vector of {} dims (expected {}) or with non-finite values",
                    v.len(),
                    self.dim
                )));
            }
        }
        Ok(vs)
    }

    fn touch(&self) {
        self.last_write.store(now_millis(), std::sync::atomic::Ordering::Relaxed);
    }

    /// Store one memory; returns its id once it is durable.
    pub fn remember(&self, entry: NewEntry) -> Result<EntryId> {
        Ok(self.remember_batch(vec![entry])?[0])
    }

    /// Store many memories in one atomic write (all or none); returns their
    /// ids in order. Texts are embedded in batches, cached by content hash.
    pub fn remember_batch(&self, entries: Vec<NewEntry>) -> Result<Vec<EntryId>> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        self.touch();
        self.insert_entries(entries, None, |_, _| Ok(()))
    }

    /// Take secrets out of everything an entry stores (see [`crate::redact`]).
    fn redact_entry(&self, e: &mut NewEntry) {
        let mut n = self.redactor.redact_string(&mut e.text);
        if let Some(c) = &mut e.context {
            n += self.redactor.redact_string(c);
        }
        if let Some(m) = &mut e.metadata {
            n += self.redact_json(m);
        }
        if n > 0 {
            tracing::info!("redacted {n} secret(s) from an entry before storing it");
        }
    }

    /// Redact caller metadata through its JSON text (so `"api_key": "…"`
    /// pairs are caught); returns how many secrets went.
    fn redact_json(&self, m: &mut serde_json::Value) -> usize {
        let mut s = m.to_string();
        let n = self.redactor.redact_string(&mut s);
        if n > 0 {
            *m = serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s));
        }
        n
    }

    /// What the embedding reads for an entry.
    fn embedding_text<'a>(&self, text: &'a str, context: Option<&'a str>) -> std::borrow::Cow<'a, str> {
        match context {
            Some(c) if self.embed_context => format!("{text}\n{c}").into(),
            _ => text.into(),
        }
    }

    /// Insert entries in one atomic batch; `extra` runs under the write
    /// lock and adds its own writes to the same batch (or aborts it).
    pub(crate) fn insert_entries(
        &self,
        entries: Vec<NewEntry>,
        dream: Option<(u64, &str)>,
        extra: impl FnOnce(&mut WriteBatch, &mut Counters) -> Result<()>,
    ) -> Result<Vec<EntryId>> {
        let mut entries = entries;
        for e in &mut entries {
            self.redact_entry(e);
        }
        let mut seen_ext = HashSet::new();
        for (i, e) in entries.iter().enumerate() {
            let at = |err: Error| match err {
                Error::InvalidInput(m) if entries.len() > 1 => Error::InvalidInput(format!("entry {i}: {m}")),
                other => other,
            };
            validate_text(&e.text).map_err(at)?;
            let ns = e.namespace_or_default();
            validate_namespace(ns).map_err(at)?;
            validate_tags(&e.tags).map_err(at)?;
            if let Some(i) = e.importance {
                validate_importance(i).map_err(at)?;
            }
            if let Some(x) = &e.external_id {
                if x.is_empty() || x.len() > 1024 {
                    return Err(at(Error::invalid("external id must be 1..=1024 bytes")));
                }
                if !seen_ext.insert((ns.to_string(), x.clone())) {
                    return Err(at(Error::invalid(format!("external id {x:?} appears twice in the batch"))));
                }
            }
        }
        let texts: Vec<std::borrow::Cow<str>> =
            entries.iter().map(|e| self.embedding_text(&e.text, e.context.as_deref())).collect();
        let texts: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        let (vectors, cache_rows) = self.embed_cached(&texts)?;

        let mut counters = self.write.lock();
        for e in &entries {
            if let Some(x) = &e.external_id {
                let ns = e.namespace_or_default();
                if let Some(existing) = self.store.lookup_external(ns, x)? {
                    return Err(Error::DuplicateExternalId {
                        namespace: ns.to_string(),
                        external_id: x.clone(),
                        existing,
                    });
                }
            }
        }
        let mut c = *counters;
        c.seq += 1;
        let now = now_millis();
        let mut batch = WriteBatch::default();
        let mut made = Vec::with_capacity(entries.len());
        for (e, v) in entries.into_iter().zip(&vectors) {
            let id = c.next_entry;
            c.next_entry += 1;
            let namespace = e.namespace_or_default().to_string();
            let entry = Entry {
                id,
                namespace,
                text: e.text,
                context: e.context,
                kind: e.kind,
                tags: e.tags,
                importance: e.importance.unwrap_or(0.5),
                created_at: e.created_at.unwrap_or(now),
                updated_at: now,
                last_recalled_at: None,
                recall_count: 0,
                status: Status::Active,
                merged_into: None,
                superseded_by: None,
                archived_at: None,
                status_at: None,
                source: e.source,
                provenance: e.provenance,
                external_id: e.external_id,
                metadata: e.metadata.map(|m| m.to_string()),
                seq: c.seq,
            };
            self.store.put_entry(&mut batch, &entry);
            batch.put_cf(self.store.cf(CF_VECTORS), id_key(id), codec::encode_vector(v));
            if let Some(x) = &entry.external_id {
                batch.put_cf(self.store.cf(CF_EXT_IDS), Store::ext_key(&entry.namespace, x), id_key(id));
            }
            self.push_dream_event(
                &mut batch,
                &mut c,
                id,
                now,
                Action::Created,
                dream.map(|d| d.1.to_string()),
                None,
                dream.map(|d| d.0),
            );
            made.push(entry);
        }
        for (k, v) in &cache_rows {
            batch.put_cf(self.store.cf(CF_EMBED_CACHE), k, codec::encode_vector(v));
        }
        extra(&mut batch, &mut c)?;
        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        for e in &made {
            self.lexical.upsert(e.id, &e.namespace, &e.text, e.context.as_deref())?;
        }
        self.lexical.mark(c.seq);

        let ids: Vec<EntryId> = made.iter().map(|e| e.id).collect();
        {
            let mut st = self.state.write();
            type Batch<'a> = Vec<(EntryId, &'a [f32])>;
            let mut by_ns: Vec<(&str, Batch)> = Vec::new();
            for (e, v) in made.iter().zip(&vectors) {
                let ns = st.intern(&e.namespace);
                st.catalog.insert(e.id, Meta::of(e, ns));
                match by_ns.iter_mut().find(|(n, _)| *n == e.namespace) {
                    Some((_, items)) => items.push((e.id, v)),
                    None => by_ns.push((&e.namespace, vec![(e.id, v)])),
                }
            }
            let (params, dim) = (self.index_params, self.dim);
            for (ns, items) in by_ns {
                st.namespaces
                    .entry(ns.to_string())
                    .or_insert_with(|| NamespaceIndex::new(dim, params))
                    .upsert_many(&items);
            }
            st.changes_since_checkpoint += made.len();
        }
        self.maybe_checkpoint(&counters)?;
        Ok(ids)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_event(
        &self,
        batch: &mut WriteBatch,
        c: &mut Counters,
        entry: EntryId,
        at: Millis,
        action: Action,
        reason: Option<String>,
        before: Option<Entry>,
    ) {
        self.push_dream_event(batch, c, entry, at, action, reason, before, None)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_dream_event(
        &self,
        batch: &mut WriteBatch,
        c: &mut Counters,
        entry: EntryId,
        at: Millis,
        action: Action,
        reason: Option<String>,
        before: Option<Entry>,
        dream: Option<u64>,
    ) {
        let number = c.next_event;
        c.next_event += 1;
        let ev = Event { number, entry, at, action, reason, before, dream };
        batch.put_cf(self.store.cf(CF_HISTORY), event_key(entry, number), encode(&ev));
    }

    /// An entry by id.
    pub fn get(&self, id: EntryId) -> Result<Option<Entry>> {
        self.store.get_entry(id)
    }

    /// An entry by external id within a namespace.
    pub fn get_by_external_id(&self, namespace: &str, external_id: &str) -> Result<Option<Entry>> {
        match self.store.lookup_external(namespace, external_id)? {
            Some(id) => self.get(id),
            None => Ok(None),
        }
    }

    /// Change an entry; a new text is re-embedded and re-indexed.
    pub fn update(&self, id: EntryId, update: EntryUpdate) -> Result<Entry> {
        let mut update = update;
        for s in update.text.iter_mut().chain(update.context.iter_mut()) {
            self.redactor.redact_string(s);
        }
        if let Some(m) = &mut update.metadata {
            self.redact_json(m);
        }
        if let Some(t) = &update.text {
            validate_text(t)?;
        }
        if let Some(c) = &update.context {
            validate_text(c)?;
        }
        if let Some(tags) = &update.tags {
            validate_tags(tags)?;
        }
        if let Some(i) = update.importance {
            validate_importance(i)?;
        }
        let current = self.store.get_entry(id)?.ok_or_else(|| Error::NotFound(format!("entry {id}")))?;
        let reindex = update.text.is_some() || update.context.is_some();
        let (vector, cache_rows) = if reindex {
            let text = update.text.as_deref().unwrap_or(&current.text);
            let context = update.context.as_deref().or(current.context.as_deref());
            let (mut v, rows) = self.embed_cached(&[self.embedding_text(text, context).as_ref()])?;
            (v.pop(), rows)
        } else {
            (None, Vec::new())
        };
        let mut counters = self.write.lock();
        let before = self.store.get_entry(id)?.ok_or_else(|| Error::NotFound(format!("entry {id}")))?;
        if before.text != current.text || before.context != current.context {
            return Err(Error::invalid(format!("entry {id} changed while it was being updated; retry")));
        }
        let mut c = *counters;
        c.seq += 1;
        let now = now_millis();
        let mut e = before.clone();
        if let Some(t) = update.text {
            e.text = t;
        }
        if let Some(c) = update.context {
            e.context = Some(c);
        }
        if let Some(k) = update.kind {
            e.kind = k;
        }
        if let Some(t) = update.tags {
            e.tags = t;
        }
        if let Some(i) = update.importance {
            e.importance = i;
        }
        if let Some(m) = update.metadata {
            e.metadata = Some(m.to_string());
        }
        e.updated_at = now;
        e.seq = c.seq;
        let mut batch = WriteBatch::default();
        self.store.put_entry(&mut batch, &e);
        if let Some(v) = &vector {
            batch.put_cf(self.store.cf(CF_VECTORS), id_key(id), codec::encode_vector(v));
        }
        for (k, v) in &cache_rows {
            batch.put_cf(self.store.cf(CF_EMBED_CACHE), k, codec::encode_vector(v));
        }
        self.push_event(&mut batch, &mut c, id, now, Action::Updated, None, Some(before));
        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        if vector.is_some() {
            self.lexical.upsert(id, &e.namespace, &e.text, e.context.as_deref())?;
        }
        self.lexical.mark(c.seq);
        {
            let mut st = self.state.write();
            let ns = st.intern(&e.namespace);
            st.catalog.insert(id, Meta::of(&e, ns));
            if let Some(v) = &vector {
                if let Some(ix) = st.namespaces.get_mut(&e.namespace) {
                    ix.upsert(id, v);
                }
            }
            st.changes_since_checkpoint += 1;
        }
        self.maybe_checkpoint(&counters)?;
        Ok(e)
    }

    /// Move an entry to the archive: recall skips it unless asked for
    /// archived entries (or `as_of` a time before the move).
    pub fn archive(&self, id: EntryId, reason: Option<&str>) -> Result<Entry> {
        self.set_status(id, Status::Archived, Action::Archived, reason)
    }

    /// Make an archived, merged or superseded entry active again.
    pub fn restore(&self, id: EntryId) -> Result<Entry> {
        self.set_status(id, Status::Active, Action::Restored, None)
    }

    fn set_status(&self, id: EntryId, status: Status, action: Action, reason: Option<&str>) -> Result<Entry> {
        let mut counters = self.write.lock();
        let before = self.store.get_entry(id)?.ok_or_else(|| Error::NotFound(format!("entry {id}")))?;
        if before.status == status {
            return Ok(before);
        }
        let mut c = *counters;
        c.seq += 1;
        let now = now_millis();
        let mut e = before.clone();
        e.status = status;
        e.status_at = Some(now);
        e.archived_at = (status == Status::Archived).then_some(now);
        if status == Status::Active {
            e.merged_into = None;
            e.superseded_by = None;
        }
        e.seq = c.seq;
        let mut batch = WriteBatch::default();
        self.store.put_entry(&mut batch, &e);
        self.push_event(&mut batch, &mut c, id, now, action, reason.map(str::to_string), Some(before));
        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        let mut st = self.state.write();
        let ns = st.intern(&e.namespace);
        st.catalog.insert(id, Meta::of(&e, ns));
        Ok(e)
    }

    /// Remove an entry from memory: its record, vector and external id go,
    /// and recall never returns it again. The history keeps an event with
    /// the entry as it was (use `erase` to remove every trace). Duplicates
    /// a dream merged into it say the same thing and are forgotten with it;
    /// entries it superseded stay superseded, without the link.
    pub fn forget(&self, id: EntryId) -> Result<()> {
        let mut counters = self.write.lock();
        let first = self.store.get_entry(id)?.ok_or_else(|| Error::NotFound(format!("entry {id}")))?;
        let mut c = *counters;
        c.seq += 1;
        let now = now_millis();
        let mut batch = WriteBatch::default();
        let mut gone: Vec<(EntryId, String)> = Vec::new();
        let mut unlinked: Vec<Entry> = Vec::new();
        let mut queue = vec![(first, None::<EntryId>)];
        while let Some((before, via)) = queue.pop() {
            let eid = before.id;
            {
                let st = self.state.read();
                for (&other, m) in &st.catalog {
                    if m.link != Some(eid) || gone.iter().any(|(g, _)| *g == other) {
                        continue;
                    }
                    let Some(o) = self.store.get_entry(other)? else { continue };
                    if o.merged_into == Some(eid) {
                        queue.push((o, Some(eid)));
                    } else if o.superseded_by == Some(eid) {
                        unlinked.push(o);
                    }
                }
            }
            batch.delete_cf(self.store.cf(CF_ENTRIES), id_key(eid));
            batch.delete_cf(self.store.cf(CF_VECTORS), id_key(eid));
            if let Some(x) = &before.external_id {
                batch.delete_cf(self.store.cf(CF_EXT_IDS), Store::ext_key(&before.namespace, x));
            }
            let ns = before.namespace.clone();
            let reason = via.map(|k| format!("merged into entry {k}, which was forgotten"));
            self.push_event(&mut batch, &mut c, eid, now, Action::Forgotten, reason, Some(before));
            gone.push((eid, ns));
        }
        for o in &mut unlinked {
            let before = o.clone();
            let newer = o.superseded_by.take();
            o.seq = c.seq;
            self.store.put_entry(&mut batch, o);
            let reason = newer.map(|n| format!("entry {n}, which superseded it, was forgotten"));
            self.push_event(&mut batch, &mut c, o.id, now, Action::Updated, reason, Some(before));
        }
        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        for (eid, _) in &gone {
            self.lexical.remove(*eid);
        }
        self.lexical.mark(c.seq);
        {
            let mut st = self.state.write();
            for (eid, ns) in &gone {
                st.catalog.remove(eid);
                if let Some(ix) = st.namespaces.get_mut(ns) {
                    ix.remove(*eid);
                }
            }
            for o in &unlinked {
                let ns = st.intern(&o.namespace);
                st.catalog.insert(o.id, Meta::of(o, ns));
            }
            st.changes_since_checkpoint += gone.len();
        }
        self.maybe_checkpoint(&counters)?;
        Ok(())
    }

    /// The audit history of an entry, oldest first (also for forgotten entries).
    pub fn history(&self, id: EntryId) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        self.store.scan_prefix(CF_HISTORY, &id_key(id), |_, v| {
            out.push(codec::decode(v, &format!("history of entry {id}"))?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The entries that best match a query, best first. In the default
    /// hybrid mode, dense and lexical candidates are fused by reciprocal
    /// rank and re-ranked by importance, recency and recall count
    /// ([`RecallWeights`]).
    pub fn recall(&self, query: &RecallQuery) -> Result<Vec<Hit>> {
        query.validate()?;
        let w = &self.weights;
        let n = w.candidates.max(query.k);
        let dense = match query.mode {
            RecallMode::Lexical => Vec::new(),
            _ => {
                let q = self.embed_checked(&[query.text.as_str()])?.remove(0);
                self.dense_candidates(&q, n, &query.filter)
            }
        };
        let lexical = match query.mode {
            RecallMode::Dense => Vec::new(),
            _ => self.lexical_candidates(&query.text, n, &query.filter)?,
        };
        let mut fused: HashMap<EntryId, (f32, Option<f32>, Option<f32>)> = HashMap::new();
        let single = query.mode != RecallMode::Hybrid;
        for (rank, (id, s)) in dense.iter().enumerate() {
            let f = if single { *s } else { w.dense / (w.rrf_k + rank as f32 + 1.0) };
            let slot = fused.entry(*id).or_insert((0.0, None, None));
            slot.0 += f;
            slot.1 = Some(*s);
        }
        for (rank, (id, s)) in lexical.iter().enumerate() {
            let f = if single { *s } else { w.lexical / (w.rrf_k + rank as f32 + 1.0) };
            let slot = fused.entry(*id).or_insert((0.0, None, None));
            slot.0 += f;
            slot.2 = Some(*s);
        }
        // Re-rank from the in-memory catalog, then load only the k winners
        // (the recall-count boost needs the entries themselves).
        let mut ranked: Vec<(EntryId, f32, Option<f32>, Option<f32>)> = Vec::with_capacity(fused.len());
        let mut loaded: HashMap<EntryId, Entry> = HashMap::new();
        {
            let st = self.state.read();
            for (id, (score, d, l)) in fused {
                let Some(m) = st.catalog.get(&id) else { continue }; // forgotten meanwhile
                let score = if single {
                    score
                } else {
                    let mut b = self.boost(m.importance, m.created_at, m.status);
                    if self.weights.recall_count > 0.0 {
                        let Some(e) = self.store.get_entry(id)? else { continue };
                        b += self.weights.recall_count * (1.0 + e.recall_count as f32).ln() / 101f32.ln();
                        loaded.insert(id, e);
                    }
                    score * b.max(0.0)
                };
                ranked.push((id, score, d, l));
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut hits = Vec::with_capacity(query.k);
        for (id, score, dense, lexical) in ranked {
            if hits.len() == query.k {
                break;
            }
            let entry = match loaded.remove(&id) {
                Some(e) => e,
                None => match self.store.get_entry(id)? {
                    Some(e) => e,
                    None => continue,
                },
            };
            hits.push(Hit { entry, score, dense, lexical });
        }
        self.count_recalls(&mut hits)?;
        Ok(hits)
    }

    /// Multiplicative re-ranking factor from what the engine knows about an entry.
    fn boost(&self, importance: f32, created_at: Millis, status: Status) -> f32 {
        let w = &self.weights;
        let mut b = 1.0 + w.importance * (importance - 0.5);
        if w.recency > 0.0 {
            let age_days = (now_millis() - created_at).max(0) as f32 / 86_400_000.0;
            b += w.recency * (-age_days / w.recency_half_life_days).exp2();
        }
        if status != Status::Active {
            b -= w.inactive_penalty;
        }
        b
    }

    pub(crate) fn dense_candidates(&self, q: &[f32], n: usize, filter: &Filter) -> Vec<(EntryId, f32)> {
        self.dense_candidates_ef(q, n, filter, self.index_params.hnsw.ef_search)
    }

    pub(crate) fn dense_candidates_ef(&self, q: &[f32], n: usize, filter: &Filter, ef: usize) -> Vec<(EntryId, f32)> {
        let st = self.state.read();
        let mut found: Vec<(EntryId, f32)> = Vec::new();
        for ns in filter.namespaces() {
            let Some(ix) = st.namespaces.get(&ns) else { continue };
            let accept = |id: EntryId| st.catalog.get(&id).is_some_and(|m| m.accepted_by(filter));
            found.extend(ix.search_ef(q, n, ef, &accept));
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(n);
        found
    }

    fn lexical_candidates(&self, text: &str, n: usize, filter: &Filter) -> Result<Vec<(EntryId, f32)>> {
        // Over-fetch: BM25 does not see kind, tag, time or status filters.
        let raw = self.lexical.search(&filter.namespaces(), text, n * 4)?;
        let st = self.state.read();
        Ok(raw
            .into_iter()
            .filter(|(id, _)| st.catalog.get(id).is_some_and(|m| m.accepted_by(filter)))
            .take(n)
            .collect())
    }

    /// Like [`Memory::recall`] in dense mode, with a query vector instead of text.
    pub fn recall_vector(&self, q: &[f32], k: usize, filter: &Filter) -> Result<Vec<Hit>> {
        if q.len() != self.dim {
            return Err(Error::invalid(format!("query vector has {} dims, the store uses {}", q.len(), self.dim)));
        }
        if q.iter().any(|x| !x.is_finite()) {
            return Err(Error::invalid("query vector has NaN or infinite values"));
        }
        if k == 0 || k > 1000 {
            return Err(Error::invalid(format!("k must be within 1..=1000, got {k}")));
        }
        let mut hits = Vec::new();
        for (id, score) in self.dense_candidates(q, k, filter) {
            if let Some(entry) = self.store.get_entry(id)? {
                hits.push(Hit { entry, score, dense: Some(score), lexical: None });
            }
        }
        self.count_recalls(&mut hits)?;
        Ok(hits)
    }

    /// Exact (brute-force) search over the same entries as `recall_vector`:
    /// the oracle for recall measurements.
    pub fn exact_recall_vector(&self, q: &[f32], k: usize, filter: &Filter) -> Result<Vec<(EntryId, f32)>> {
        let st = self.state.read();
        let mut found = Vec::new();
        for ns in filter.namespaces() {
            let Some(ix) = st.namespaces.get(&ns) else { continue };
            let accept = |id: EntryId| st.catalog.get(&id).is_some_and(|m| m.accepted_by(filter));
            found.extend(ix.exact_search(q, k, &accept));
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(k);
        Ok(found)
    }

    /// Count the recall on each hit (recall count, last recalled time).
    fn count_recalls(&self, hits: &mut [Hit]) -> Result<()> {
        if !self.track_recalls || hits.is_empty() {
            return Ok(());
        }
        let _w = self.write.lock();
        let now = now_millis();
        let mut batch = WriteBatch::default();
        for h in hits.iter_mut() {
            // Re-read under the write lock so a concurrent update is not lost.
            let Some(mut e) = self.store.get_entry(h.entry.id)? else { continue };
            e.recall_count = e.recall_count.saturating_add(1);
            e.last_recalled_at = Some(now);
            self.store.put_entry(&mut batch, &e);
            h.entry = e;
        }
        self.store.write_relaxed(batch)?;
        Ok(())
    }

    /// Visit every entry, whatever its status, in id order.
    pub fn for_each_entry(&self, f: impl FnMut(Entry) -> Result<()>) -> Result<()> {
        self.store.for_each_entry(f)
    }

    // ----- sessions -----

    /// Start a work session in a namespace.
    pub fn begin_session(&self, namespace: &str, title: Option<&str>) -> Result<SessionId> {
        self.begin_session_at(namespace, title, None)
    }

    /// Start a session that began at `at` (now when `None`), e.g. when
    /// importing past sessions.
    pub fn begin_session_at(&self, namespace: &str, title: Option<&str>, at: Option<Millis>) -> Result<SessionId> {
        let ns = if namespace.is_empty() { DEFAULT_NAMESPACE } else { namespace };
        validate_namespace(ns)?;
        let title = title.map(|t| self.redactor.redact(t).text.into_owned());
        let mut counters = self.write.lock();
        let mut c = *counters;
        let id = c.next_session;
        c.next_session += 1;
        let s = Session {
            id,
            namespace: ns.to_string(),
            title,
            started_at: at.unwrap_or_else(now_millis),
            ended_at: None,
            outcome: None,
            status: SessionStatus::Open,
            turns: 0,
        };
        let mut batch = WriteBatch::default();
        self.store.put_session(&mut batch, &s);
        self.store.put_meta(&mut batch, META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        Ok(id)
    }

    /// Append a turn to an open session; returns its position.
    pub fn log_turn(&self, session: SessionId, role: Role, text: &str, error: bool) -> Result<u32> {
        self.log_turn_with(session, NewTurn { error, ..NewTurn::new(role, text) })
    }

    /// Append a turn with all its fields; returns its position.
    pub fn log_turn_with(&self, session: SessionId, t: NewTurn) -> Result<u32> {
        let mut t = t;
        self.redactor.redact_string(&mut t.text);
        validate_text(&t.text)?;
        self.touch();
        let _w = self.write.lock();
        let mut s = self.store.get_session(session)?.ok_or_else(|| Error::NotFound(format!("session {session}")))?;
        if s.status != SessionStatus::Open {
            return Err(Error::invalid(format!(
                "session {session} is {:?}; turns can only be logged to an open session",
                s.status
            )));
        }
        let turn = Turn {
            session,
            seq: s.turns,
            role: t.role,
            speaker: t.speaker,
            text: t.text,
            at: t.at.unwrap_or_else(now_millis),
            error: t.error,
        };
        s.turns += 1;
        let mut batch = WriteBatch::default();
        self.store.put_turn(&mut batch, &turn);
        self.store.put_session(&mut batch, &s);
        self.store.write(batch)?;
        Ok(turn.seq)
    }

    /// Close a session with its outcome. With session episodes on (the
    /// default), each turn becomes a searchable `episode` entry in the
    /// same atomic write.
    pub fn end_session(&self, session: SessionId, outcome: Outcome) -> Result<Session> {
        let mut outcome = outcome;
        if let Some(n) = &mut outcome.note {
            self.redactor.redact_string(n);
        }
        if let Some(score) = outcome.score {
            if !(0.0..=1.0).contains(&score) {
                return Err(Error::invalid(format!("outcome score must be within 0.0..=1.0, got {score}")));
            }
        }
        let check = |s: Option<Session>| -> Result<Session> {
            let s = s.ok_or_else(|| Error::NotFound(format!("session {session}")))?;
            if s.status != SessionStatus::Open {
                return Err(Error::invalid(format!("session {session} is already ended")));
            }
            Ok(s)
        };
        let s = check(self.store.get_session(session)?)?;
        let episodes = match self.episodes {
            Some(window) => episode_entries(&s, &self.store.turns(session)?, window),
            None => Vec::new(),
        };
        let mut closed = None;
        let close = |batch: &mut WriteBatch, _: &mut Counters| -> Result<()> {
            // Re-check under the write lock: another caller may have ended it.
            let mut s = check(self.store.get_session(session)?)?;
            s.status = SessionStatus::Closed;
            s.ended_at = Some(now_millis());
            s.outcome = Some(outcome);
            self.store.put_session(batch, &s);
            closed = Some(s);
            Ok(())
        };
        if episodes.is_empty() {
            let w = self.write.lock();
            let mut batch = WriteBatch::default();
            let mut c = *w;
            close(&mut batch, &mut c)?;
            self.store.write(batch)?;
        } else {
            self.insert_entries(episodes, None, close)?;
        }
        closed.ok_or_else(|| Error::corrupt("session close did not run"))
    }

    /// A session by id.
    pub fn session(&self, id: SessionId) -> Result<Option<Session>> {
        self.store.get_session(id)
    }

    /// The turns of a session, in order.
    pub fn turns(&self, session: SessionId) -> Result<Vec<Turn>> {
        self.store.turns(session)
    }

    /// Every session, in id order.
    pub fn sessions(&self) -> Result<Vec<Session>> {
        let mut out = Vec::new();
        self.store.for_each_session(|s| {
            out.push(s);
            Ok(())
        })?;
        Ok(out)
    }

    // ----- maintenance -----

    /// Store-wide figures.
    pub fn stats(&self) -> Result<Stats> {
        let st = self.state.read();
        let mut per: HashMap<&str, NamespaceStats> = HashMap::new();
        for m in st.catalog.values() {
            let s = per.entry(&m.namespace).or_insert_with(|| NamespaceStats {
                name: m.namespace.to_string(),
                active: 0,
                merged: 0,
                superseded: 0,
                archived: 0,
                index: "flat",
                indexed: 0,
                tombstones: 0,
            });
            match m.status {
                Status::Active => s.active += 1,
                Status::Merged => s.merged += 1,
                Status::Superseded => s.superseded += 1,
                Status::Archived => s.archived += 1,
            }
        }
        for (name, ix) in &st.namespaces {
            if let Some(s) = per.get_mut(name.as_str()) {
                s.index = if ix.is_hnsw() { "hnsw" } else { "flat" };
                s.indexed = ix.live_len();
                s.tombstones = ix.tombstones();
            }
        }
        let mut namespaces: Vec<NamespaceStats> = per.into_values().collect();
        namespaces.sort_by(|a, b| a.name.cmp(&b.name));
        let mut sessions = 0;
        self.store.for_each_session(|_| {
            sessions += 1;
            Ok(())
        })?;
        Ok(Stats {
            path: self.store.path().to_path_buf(),
            model: self.embedder.identity().to_string(),
            dim: self.dim,
            entries: st.catalog.len(),
            sessions,
            namespaces,
            seq: self.write.lock().seq,
            checkpoint_seq: st.manifest.seq,
            lexical_docs: self.lexical.len(),
        })
    }

    fn maybe_checkpoint(&self, counters: &Counters) -> Result<()> {
        let due = self.state.read().changes_since_checkpoint >= self.checkpoint_every;
        if due {
            self.checkpoint_locked(counters)?;
        }
        Ok(())
    }

    /// Persist the HNSW graphs so the next open loads them instead of
    /// rebuilding. Called on close, and every `checkpoint_every` changes.
    pub fn checkpoint(&self) -> Result<()> {
        let counters = self.write.lock();
        self.checkpoint_locked(&counters)
    }

    /// Rebuild every namespace index whose tombstone share is over the limit.
    pub fn rebuild_indexes(&self) -> Result<usize> {
        let _w = self.write.lock();
        let mut st = self.state.write();
        let mut n = 0;
        for ix in st.namespaces.values_mut() {
            if ix.needs_rebuild() {
                ix.rebuild();
                n += 1;
            }
        }
        if n > 0 {
            st.changes_since_checkpoint += 1;
        }
        Ok(n)
    }

    // Caller holds the write mutex, so no index changes while we dump.
    pub(crate) fn checkpoint_locked(&self, counters: &Counters) -> Result<()> {
        self.lexical.refresh()?;
        let idir = index_dir(&self.store);
        let manifest = {
            let st = self.state.read();
            write_checkpoint(&idir, &st.namespaces, counters.seq, &st.manifest)?
        };
        let mut batch = WriteBatch::default();
        self.store.put_meta(&mut batch, META_INDEX_MANIFEST, &manifest);
        self.store.write(batch)?;
        remove_stale(&idir, &manifest)?;
        let mut st = self.state.write();
        for ix in st.namespaces.values_mut() {
            ix.dirty = false;
        }
        st.manifest = manifest;
        st.changes_since_checkpoint = 0;
        Ok(())
    }

    /// Checkpoint the indexes and flush RocksDB, then release the store.
    pub fn close(self) -> Result<()> {
        self.checkpoint()?;
        self.store.flush()?;
        Ok(())
        // Drop runs next and finds nothing left to checkpoint.
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        let pending = self.state.read().changes_since_checkpoint > 0;
        if pending {
            if let Err(e) = self.checkpoint() {
                tracing::warn!("checkpoint on drop failed (the next open will replay instead): {e}");
            }
        }
    }
}
