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
    /// Time travel: what was active at this time (created by then, and not
    /// yet merged, superseded or archived then). Overrides `statuses`.
    pub as_of: Option<Millis>,
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

    pub(crate) fn accepts(
        &self,
        kind: Kind,
        status: Status,
        status_at: Option<Millis>,
        created_at: Millis,
        tags: &[String],
    ) -> bool {
        let status_ok = match self.as_of {
            Some(t) => created_at <= t && (status == Status::Active || status_at.is_some_and(|at| at > t)),
            None if self.statuses.is_empty() => status == Status::Active,
            None => self.statuses.contains(&status),
        };
        status_ok
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && self.since.is_none_or(|s| created_at >= s)
            && self.until.is_none_or(|u| created_at < u)
            && self.tags.iter().all(|t| tags.contains(t))
    }
}

/// Which retrievers a recall uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecallMode {
    /// Dense and lexical candidates fused, then re-ranked (the default).
    #[default]
    Hybrid,
    /// Embedding similarity only.
    Dense,
    /// BM25 only.
    Lexical,
}

impl std::str::FromStr for RecallMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "hybrid" => Ok(RecallMode::Hybrid),
            "dense" => Ok(RecallMode::Dense),
            "lexical" => Ok(RecallMode::Lexical),
            _ => Err(Error::invalid(format!("unknown recall mode {s:?}; expected hybrid, dense or lexical"))),
        }
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
    /// Which retrievers to use.
    pub mode: RecallMode,
}

impl RecallQuery {
    /// A query for the `k` best active entries of the default namespace.
    pub fn new(text: impl Into<String>, k: usize) -> Self {
        RecallQuery { text: text.into(), k, filter: Filter::default(), mode: RecallMode::default() }
    }

    /// Search these namespaces instead of `default`.
    pub fn namespaces<S: Into<String>>(mut self, ns: impl IntoIterator<Item = S>) -> Self {
        self.filter.namespaces = ns.into_iter().map(Into::into).collect();
        self
    }

    /// Use this retrieval mode.
    pub fn mode(mut self, mode: RecallMode) -> Self {
        self.mode = mode;
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

/// How hybrid recall fuses and re-ranks. Every weight is an option; the
/// defaults are the ones the LoCoMo evaluation supports (BENCHMARKS.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecallWeights {
    /// Weight of the dense (embedding) ranking in the fusion. Default 0.5:
    /// on LoCoMo, BM25 is the stronger retriever (BENCHMARKS.md).
    pub dense: f32,
    /// Weight of the lexical (BM25) ranking in the fusion. Default 1.0.
    pub lexical: f32,
    /// Reciprocal-rank-fusion constant: a hit at rank r adds weight/(rrf_k + r).
    /// Default 10 (sharper than the usual 60, which scored 0.09 lower on LoCoMo).
    pub rrf_k: f32,
    /// Candidates taken from each retriever (at least k). Default 50.
    pub candidates: usize,
    /// Boost per unit of importance above 0.5 (and penalty below). Default 0.2.
    pub importance: f32,
    /// Boost for recency, scaled by 2^(-age / half-life). Default 0.0.
    pub recency: f32,
    /// Half-life of the recency boost, in days. Default 30.
    pub recency_half_life_days: f32,
    /// Boost by ln(1 + recall count) / ln(101). Default 0.0.
    pub recall_count: f32,
    /// Penalty for entries that are not active (when a filter asks for them). Default 0.2.
    pub inactive_penalty: f32,
}

impl Default for RecallWeights {
    fn default() -> Self {
        RecallWeights {
            dense: 0.5,
            lexical: 1.0,
            rrf_k: 10.0,
            candidates: 50,
            importance: 0.2,
            recency: 0.0,
            recency_half_life_days: 30.0,
            recall_count: 0.0,
            inactive_penalty: 0.2,
        }
    }
}

impl RecallWeights {
    pub(crate) fn validate(&self) -> Result<()> {
        let all = [
            self.dense,
            self.lexical,
            self.importance,
            self.recency,
            self.recall_count,
            self.inactive_penalty,
        ];
        if all.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(Error::invalid("recall weights must be finite and non-negative"));
        }
        let sane = self.rrf_k.is_finite()
            && self.rrf_k >= 0.0
            && self.recency_half_life_days.is_finite()
            && self.recency_half_life_days > 0.0;
        if !sane {
            return Err(Error::invalid("rrf_k must be >= 0 and recency_half_life_days > 0"));
        }
        if self.candidates == 0 || self.candidates > 10_000 {
            return Err(Error::invalid("candidates must be within 1..=10000"));
        }
        Ok(())
    }
}

/// One recalled entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The entry (its recall count already includes this recall).
    pub entry: Entry,
    /// The ranking score: the cosine in dense mode, BM25 in lexical mode,
    /// the fused and re-ranked score in hybrid mode.
    pub score: f32,
    /// Cosine similarity of the embeddings, when the dense retriever found it.
    pub dense: Option<f32>,
    /// BM25 score, when the lexical retriever found it.
    pub lexical: Option<f32>,
}

impl Hit {
    /// The entry id.
    pub fn id(&self) -> EntryId {
        self.entry.id
    }
}
