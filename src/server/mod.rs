//! The network faces of a store: an MCP server over stdio ([`mcp`]) and a
//! JSON HTTP API ([`http`]). Both are thin: they parse a request into one
//! of the argument types below, run it on a shared [`Memory`] through
//! [`Op::run`], and render the result or the error. The argument types
//! carry their JSON schema (schemars), which MCP publishes per tool and the
//! HTTP API puts in its OpenAPI document, so the two interfaces and their
//! documentation cannot drift apart.
//!
//! Engine calls block (embedding, RocksDB fsync), so the async servers run
//! them with `tokio::task::spawn_blocking`; `Memory` is `Sync` and shared
//! behind an `Arc` by every request, which is how several agents share one
//! store through one process.

pub mod http;
pub mod mcp;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::dream::DreamOptions;
use crate::{
    format_rfc3339, parse_rfc3339, Entry, Error, Event, Filter, Hit, Memory, NewEntry, Outcome, RecallMode,
    RecallQuery, Role, DEFAULT_NAMESPACE,
};

/// A shared store handle, as the servers hold it.
pub type SharedMemory = Arc<Memory>;

/// An operation the servers expose: its arguments are the implementing type.
pub trait Op: for<'de> Deserialize<'de> + JsonSchema + Send + 'static {
    /// Run it on the store; the JSON result is what both servers return.
    fn run(self, mem: &Memory) -> crate::Result<Value>;
}

/// A namespace list that also accepts a single string.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Namespaces {
    /// One namespace.
    One(String),
    /// Several namespaces.
    Many(Vec<String>),
}

impl Namespaces {
    fn into_vec(self) -> Vec<String> {
        match self {
            Namespaces::One(s) => vec![s],
            Namespaces::Many(v) => v,
        }
    }
}

/// Store one memory.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RememberArgs {
    /// The memory itself (required, non-empty).
    pub text: String,
    /// Namespace (an agent, user or team) [default: "default"].
    #[serde(default)]
    pub ns: Option<String>,
    /// fact, preference, procedure, insight, mistake, episode or note [default: fact].
    #[serde(default)]
    pub kind: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Your own id for the entry, unique within the namespace.
    #[serde(default)]
    pub id: Option<String>,
    /// 0.0 to 1.0 [default: 0.5].
    #[serde(default)]
    pub importance: Option<f32>,
    /// When the fact was stated, RFC 3339 [default: now].
    #[serde(default)]
    pub created_at: Option<String>,
    /// Any JSON metadata to keep with the entry.
    #[serde(default)]
    pub meta: Option<Value>,
}

impl Op for RememberArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let mut e = NewEntry::new(self.text);
        if let Some(ns) = self.ns {
            e.namespace = ns;
        }
        if let Some(k) = self.kind {
            e.kind = k.parse()?;
        }
        e.tags = self.tags;
        e.external_id = self.id;
        e.importance = self.importance;
        e.created_at = self.created_at.as_deref().map(parse_rfc3339).transpose()?;
        e.metadata = self.meta;
        let id = mem.remember(e)?;
        Ok(json!({ "id": id }))
    }
}

/// Find the memories that best match a query.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallArgs {
    /// What you are looking for, in words.
    pub query: String,
    /// How many hits at most, 1 to 1000 [default: 10].
    #[serde(default)]
    pub k: Option<usize>,
    /// Namespace(s) to search [default: "default"].
    #[serde(default)]
    pub ns: Option<Namespaces>,
    /// Only these kinds.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only entries carrying all these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only entries created at or after this time (RFC 3339).
    #[serde(default)]
    pub since: Option<String>,
    /// Only entries created before this time (RFC 3339).
    #[serde(default)]
    pub until: Option<String>,
    /// Statuses to include: active, merged, superseded, archived [default: active].
    #[serde(default)]
    pub statuses: Vec<String>,
    /// What was active at this time (RFC 3339); overrides statuses.
    #[serde(default)]
    pub as_of: Option<String>,
    /// hybrid (dense + BM25, fused), dense or lexical [default: hybrid].
    #[serde(default)]
    pub mode: Option<String>,
}

impl Op for RecallArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let filter = Filter {
            namespaces: self.ns.map(Namespaces::into_vec).unwrap_or_default(),
            kinds: self.kinds.iter().map(|k| k.parse()).collect::<crate::Result<_>>()?,
            tags: self.tags,
            since: self.since.as_deref().map(parse_rfc3339).transpose()?,
            until: self.until.as_deref().map(parse_rfc3339).transpose()?,
            statuses: self.statuses.iter().map(|s| s.parse()).collect::<crate::Result<_>>()?,
            as_of: self.as_of.as_deref().map(parse_rfc3339).transpose()?,
        };
        let mode: RecallMode = self.mode.as_deref().unwrap_or("hybrid").parse()?;
        let query = RecallQuery { text: self.query, k: self.k.unwrap_or(10), filter, mode };
        let hits = mem.recall(&query)?;
        Ok(json!({ "query": query.text, "hits": hits.iter().map(hit_json).collect::<Vec<_>>() }))
    }
}

/// Remove an entry from memory (its history keeps a record).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgetArgs {
    /// The entry id (as returned by remember or recall).
    pub id: u64,
}

impl Op for ForgetArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        mem.forget(self.id)?;
        Ok(json!({ "forgotten": self.id }))
    }
}

/// Show one entry by id.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetArgs {
    /// The entry id.
    pub id: u64,
}

impl Op for GetArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let e = mem.get(self.id)?.ok_or_else(|| Error::NotFound(format!("entry {}", self.id)))?;
        Ok(entry_json(&e))
    }
}

/// Start a work session; returns its id.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionStartArgs {
    /// Namespace (the agent) [default: "default"].
    #[serde(default)]
    pub ns: Option<String>,
    /// The session's title or task.
    #[serde(default)]
    pub title: Option<String>,
}

impl Op for SessionStartArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let ns = self.ns.as_deref().unwrap_or(DEFAULT_NAMESPACE);
        let id = mem.begin_session(ns, self.title.as_deref())?;
        Ok(json!({ "session": id }))
    }
}

/// Log one turn of an open session.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionLogArgs {
    /// The session id (from session_start).
    pub session: u64,
    /// What was said or done.
    pub text: String,
    /// user, assistant, tool or system [default: assistant].
    #[serde(default)]
    pub role: Option<String>,
    /// The turn reports an error (a failed command, say) [default: false].
    #[serde(default)]
    pub error: bool,
}

impl Op for SessionLogArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let role: Role = self.role.as_deref().unwrap_or("assistant").parse()?;
        let turn = mem.log_turn(self.session, role, &self.text, self.error)?;
        Ok(json!({ "session": self.session, "turn": turn }))
    }
}

/// End a session with its outcome; its turns become searchable episodes.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionEndArgs {
    /// The session id.
    pub session: u64,
    /// Did the session reach its goal?
    pub success: bool,
    /// Score, 0.0 to 1.0.
    #[serde(default)]
    pub score: Option<f32>,
    /// A note on the outcome.
    #[serde(default)]
    pub note: Option<String>,
}

impl Op for SessionEndArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let s = mem.end_session(self.session, Outcome { success: self.success, score: self.score, note: self.note })?;
        Ok(json!({
            "session": s.id,
            "ns": s.namespace,
            "title": s.title,
            "status": s.status,
            "turns": s.turns,
            "outcome": s.outcome,
            "started_at": format_rfc3339(s.started_at),
            "ended_at": s.ended_at.map(format_rfc3339),
        }))
    }
}

/// Dream once: turn recurring mistakes and procedures from closed sessions
/// into insights, merge duplicates, supersede outdated facts.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DreamArgs {
    /// Compute and report the plan; change nothing [default: false].
    #[serde(default)]
    pub dry_run: bool,
    /// Only these namespaces [default: all].
    #[serde(default)]
    pub ns: Option<Namespaces>,
    /// Sessions a pattern must recur in to become an insight [default: 3].
    #[serde(default)]
    pub min_sessions: Option<usize>,
    /// Archive entries neither created nor recalled for this many days [default: off].
    #[serde(default)]
    pub archive_after_days: Option<f32>,
    /// Keep at most this many active entries per namespace [default: no limit].
    #[serde(default)]
    pub capacity: Option<usize>,
    /// P(duplicate) at or above which two entries merge, 0 to 1 [default:
    /// the judge model's]. Higher merges less and more surely.
    #[serde(default)]
    pub merge_threshold: Option<f32>,
    /// P(update) at or above which a newer entry supersedes an older one, 0
    /// to 1 [default: the judge model's].
    #[serde(default)]
    pub update_threshold: Option<f32>,
}

impl Op for DreamArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let mut opts = DreamOptions {
            dry_run: self.dry_run,
            namespaces: self.ns.map(Namespaces::into_vec).unwrap_or_default(),
            archive_after_days: self.archive_after_days,
            capacity: self.capacity,
            judge: std::sync::Arc::new(crate::dream::TrainedJudge::with_bars(self.merge_threshold, self.update_threshold)?),
            ..Default::default()
        };
        if let Some(n) = self.min_sessions {
            if n == 0 {
                return Err(Error::invalid("min_sessions must be at least 1"));
            }
            opts.min_sessions = n;
        }
        let r = mem.dream(&opts)?;
        let mut v = serde_json::to_value(&r).map_err(|e| Error::invalid(format!("dream report: {e}")))?;
        if let Some(m) = v.as_object_mut() {
            m.insert("summary".into(), Value::String(r.summary()));
        }
        Ok(v)
    }
}

/// How a dream would judge two statements: duplicate (merge), update (the
/// newer supersedes the older) or distinct, with the reason, both
/// probabilities and the signals behind them. Stores nothing.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgeArgs {
    /// The older statement.
    pub older: String,
    /// The newer statement (learned later).
    pub newer: String,
    /// As for dream: P(duplicate) at or above which they would merge, 0 to 1
    /// [default: the judge model's].
    #[serde(default)]
    pub merge_threshold: Option<f32>,
    /// As for dream: P(update) at or above which the newer would supersede
    /// the older, 0 to 1 [default: the judge model's].
    #[serde(default)]
    pub update_threshold: Option<f32>,
}

impl Op for JudgeArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let judge = crate::dream::TrainedJudge::with_bars(self.merge_threshold, self.update_threshold)?;
        let r = mem.judge_pair(&self.older, &self.newer, &judge)?;
        serde_json::to_value(&r).map_err(|e| Error::invalid(format!("judge report: {e}")))
    }
}

/// The namespace's active memory as Markdown, for an agent to load at start.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemoryFileArgs {
    /// Namespace [default: "default"].
    #[serde(default)]
    pub ns: Option<String>,
    /// Size budget in bytes [default: 8192].
    #[serde(default)]
    pub budget: Option<usize>,
}

impl Op for MemoryFileArgs {
    fn run(self, mem: &Memory) -> crate::Result<Value> {
        let ns = self.ns.as_deref().unwrap_or(DEFAULT_NAMESPACE);
        let text = mem.memory_file(ns, self.budget.unwrap_or(8192))?;
        Ok(json!({ "ns": ns, "markdown": text }))
    }
}

/// Ends a server: drops its runtime, which waits for the blocking calls
/// still running, so the store handle is ours alone afterwards, then closes
/// the store (flush and checkpoint). Were a handle still shared, its last
/// drop would checkpoint anyway.
pub(crate) fn close_after(rt: tokio::runtime::Runtime, mem: SharedMemory) -> crate::Result<()> {
    drop(rt);
    match Arc::try_unwrap(mem) {
        Ok(m) => m.close(),
        Err(_) => Ok(()),
    }
}

/// One recall hit as JSON: the fields the CLI's `recall --json` prints.
pub fn hit_json(h: &Hit) -> Value {
    json!({
        "id": h.entry.id,
        "external_id": h.entry.external_id,
        "ns": h.entry.namespace,
        "text": h.entry.text,
        "score": h.score,
        "status": h.entry.status,
        "kind": h.entry.kind,
        "tags": h.entry.tags,
        "created_at": format_rfc3339(h.entry.created_at),
        "dense": h.dense,
        "lexical": h.lexical,
    })
}

/// An entry's portable fields, as `export` prints them.
pub fn export_json(e: &Entry) -> Value {
    json!({
        "id": e.id,
        "external_id": e.external_id,
        "ns": e.namespace,
        "text": e.text,
        "kind": e.kind,
        "tags": e.tags,
        "importance": e.importance,
        "created_at": format_rfc3339(e.created_at),
        "status": e.status,
        "merged_into": e.merged_into,
        "superseded_by": e.superseded_by,
    })
}

/// An entry with everything a reader may want: the export fields plus
/// times, recall count, provenance and metadata (what `get` prints).
pub fn entry_json(e: &Entry) -> Value {
    let mut v = export_json(e);
    let extra = json!({
        "updated_at": format_rfc3339(e.updated_at),
        "last_recalled_at": e.last_recalled_at.map(format_rfc3339),
        "recall_count": e.recall_count,
        "archived_at": e.archived_at.map(format_rfc3339),
        "provenance": e.provenance,
        "meta": e.metadata.as_deref().and_then(|m| serde_json::from_str::<Value>(m).ok()),
    });
    if let (Some(m), Value::Object(x)) = (v.as_object_mut(), extra) {
        m.extend(x);
    }
    v
}

/// One event of an entry's audit history, as `history` prints it (CLI and
/// HTTP): the entry as it was before the event in full.
pub fn event_json(ev: &Event) -> Value {
    json!({
        "event": ev.number,
        "entry": ev.entry,
        "at": format_rfc3339(ev.at),
        "action": ev.action,
        "reason": ev.reason,
        "before": ev.before.as_ref().map(entry_json),
        "dream": ev.dream,
    })
}

/// An engine error as the servers report it: a stable code, the HTTP
/// status that goes with it, and the message.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// `invalid_input`, `not_found`, `conflict`, `bad_request`, `payload_too_large` or `internal`.
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
}

impl ErrorBody {
    /// Classify an engine error.
    pub fn from_engine(e: &Error) -> (u16, ErrorBody) {
        let (status, code) = match e {
            Error::InvalidInput(_) => (400, "invalid_input"),
            Error::NotFound(_) => (404, "not_found"),
            Error::DuplicateExternalId { .. } => (409, "conflict"),
            _ => (500, "internal"),
        };
        (status, ErrorBody { code: code.into(), message: e.to_string() })
    }
}
