//! What a recall asks for and what it returns.

use serde::Serialize;

use crate::entry::{Entry, EntryId, Kind, Millis, Status, DEFAULT_NAMESPACE};
use crate::error::{Error, Result};

/// Which entries a recall may return. The default is: namespace `default`,
/// any kind and tag, any time, active entries only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Namespaces to search; empty means `default`.
    pub namespaces: Vec<String>,
    /// Kinds to keep; empty means any.
    pub kinds: Vec<Kind>,
    /// Tags an entry must all carry; empty means any.
    pub tags: Vec<String>,
    /// Keep entries created at or after this time.
    pub since: Option<Millis>,
    /// Keep entries created before this time.
    pub until: Option<Millis>,
    /// Statuses to keep; empty means active only.
    pub statuses: Vec<Status>,
}

impl Filter {
    /// The namespaces searched, with the default applied.
    pub fn namespaces(&self) -> Vec<String> {
        if self.namespaces.is_empty() {
            vec![DEFAULT_NAMESPACE.to_string()]
        } else {
            self.namespaces.clone()
        }
    }

    pub(crate) fn accepts(&self, kind: Kind, status: Status, created_at: Millis, tags: &[String]) -> bool {
        let status_ok = if self.statuses.is_empty() { status == Status::Active } else { self.statuses.contains(&status) };
        status_ok
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && self.since.is_none_or(|s| created_at >= s)
            && self.until.is_none_or(|u| created_at < u)
            && self.tags.iter().all(|t| tags.contains(t))
    }
}

/// A recall request.
#[derive(Debug, Clone, PartialEq)]
pub struct RecallQuery {
    /// What the agent is looking for.
    pub text: String,
    /// How many hits at most (1..=1000).
    pub k: usize,
    /// Which entries qualify.
    pub filter: Filter,
}

impl RecallQuery {
    /// A query for the `k` best active entries of the default namespace.
    pub fn new(text: impl Into<String>, k: usize) -> Self {
        RecallQuery { text: text.into(), k, filter: Filter::default() }
    }

    /// Search these namespaces instead of `default`.
    pub fn namespaces<S: Into<String>>(mut self, ns: impl IntoIterator<Item = S>) -> Self {
        self.filter.namespaces = ns.into_iter().map(Into::into).collect();
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid("query text is empty"));
        }
        if self.k == 0 || self.k > 1000 {
            return Err(Error::invalid(format!("k must be within 1..=1000, got {}", self.k)));
        }
        for ns in &self.filter.namespaces {
            crate::memory::validate_namespace(ns)?;
        }
        Ok(())
    }
}

/// One recalled entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The entry (its recall count already includes this recall).
    pub entry: Entry,
    /// Similarity to the query: cosine of the embeddings, in -1..=1.
    pub score: f32,
}

impl Hit {
    /// The entry id.
    pub fn id(&self) -> EntryId {
        self.entry.id
    }
}
