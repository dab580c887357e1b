//! The data model: entries (memories), sessions and their turns.
//!
//! These are the records stored in RocksDB (postcard behind a format-version
//! byte, see `store::codec`). Times are Unix milliseconds in UTC; helpers
//! here convert them to and from RFC 3339 for the CLI and JSON.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Identifier of an entry, assigned by the store; never reused.
pub type EntryId = u64;
/// Identifier of a session, assigned by the store; never reused.
pub type SessionId = u64;
/// Unix time in milliseconds (UTC).
pub type Millis = i64;

/// The namespace used when none is given.
pub const DEFAULT_NAMESPACE: &str = "default";

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A statement about the world or the user ("Tom works at Google").
    #[default]
    Fact,
    /// Something the user likes or wants.
    Preference,
    /// How to do something; also what dreaming learns from successful sessions.
    Procedure,
    /// A pattern found by dreaming.
    Insight,
    /// A recurring mistake found by dreaming (or noted by the agent).
    Mistake,
    /// Something that happened: a turn or window of a session.
    Episode,
    /// Anything else.
    Note,
}

impl Kind {
    /// Every kind, in the order the CLI lists them.
    pub const ALL: [Kind; 7] = [
        Kind::Fact,
        Kind::Preference,
        Kind::Procedure,
        Kind::Insight,
        Kind::Mistake,
        Kind::Episode,
        Kind::Note,
    ];
    /// The lower-case name used in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Fact => "fact",
            Kind::Preference => "preference",
            Kind::Procedure => "procedure",
            Kind::Insight => "insight",
            Kind::Mistake => "mistake",
            Kind::Episode => "episode",
            Kind::Note => "note",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                Error::invalid(format!("unknown kind {s:?}; expected one of {}", names.join(", ")))
            })
    }
}

/// Lifecycle of an entry. Only `Active` entries are recalled by default;
/// the others keep their record and a link explaining where they went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Live memory.
    #[default]
    Active,
    /// Folded into another entry by dreaming (`merged_into`).
    Merged,
    /// Replaced by newer evidence (`superseded_by`).
    Superseded,
    /// Moved to the cold archive by decay or capacity (`archived_at`).
    Archived,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [Status::Active, Status::Merged, Status::Superseded, Status::Archived];
    /// The lower-case name used in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Merged => "merged",
            Status::Superseded => "superseded",
            Status::Archived => "archived",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Status::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::invalid(format!("unknown status {s:?}; expected active, merged, superseded or archived")))
    }
}

/// Where an entry came from, when it was derived from a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The session.
    pub session: SessionId,
    /// First turn (inclusive).
    pub first_turn: u32,
    /// Last turn (inclusive).
    pub last_turn: u32,
}

/// A memory entry. `Default` gives an empty active fact in no namespace,
/// for building entries by hand (judges, tests).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Entry {
    /// Store-assigned id.
    pub id: EntryId,
    /// Namespace (agent, user or team).
    pub namespace: String,
    /// The memory itself.
    pub text: String,
    /// Text indexed with the entry but not part of it: for an episode, the
    /// neighbouring turns and the session date.
    pub context: Option<String>,
    /// What it is.
    pub kind: Kind,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// 0.0 to 1.0; 0.5 unless given.
    pub importance: f32,
    /// When the fact was stated (used for decay and to decide which of two facts is newer).
    pub created_at: Millis,
    /// Last change by the agent or by dreaming.
    pub updated_at: Millis,
    /// Last time a recall returned it.
    pub last_recalled_at: Option<Millis>,
    /// How many recalls returned it.
    pub recall_count: u32,
    /// Lifecycle status.
    pub status: Status,
    /// Set when `status == Merged`.
    pub merged_into: Option<EntryId>,
    /// Set when `status == Superseded`.
    pub superseded_by: Option<EntryId>,
    /// Set when `status == Archived`.
    pub archived_at: Option<Millis>,
    /// When the status last changed (`None` while it has always been active);
    /// recall's `as_of` filter reads it.
    pub status_at: Option<Millis>,
    /// The session it came from, if any.
    pub source: Option<Source>,
    /// Entries folded into this one (by merges).
    pub provenance: Vec<EntryId>,
    /// Caller-chosen id, unique within the namespace.
    pub external_id: Option<String>,
    /// Caller JSON metadata, kept as JSON text (postcard cannot carry a dynamic JSON value).
    pub metadata: Option<String>,
    /// Store change counter at the last write of this record's text or
    /// status; derived indexes compare it with their checkpoint.
    pub seq: u64,
}

/// Who spoke a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The user or the task giver.
    User,
    /// The agent.
    Assistant,
    /// A tool call or its result.
    Tool,
    /// System or harness messages.
    System,
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "user" => Ok(Role::User),
            "assistant" | "agent" => Ok(Role::Assistant),
            "tool" => Ok(Role::Tool),
            "system" => Ok(Role::System),
            _ => Err(Error::invalid(format!("unknown role {s:?}; expected user, assistant, tool or system"))),
        }
    }
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Did the session reach its goal?
    pub success: bool,
    /// Optional score in 0.0..=1.0.
    pub score: Option<f32>,
    /// Optional free text.
    pub note: Option<String>,
}

/// Lifecycle of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    /// Turns may still be logged.
    Open,
    /// Ended with an outcome; waiting for a dream to review it.
    Closed,
    /// Reviewed by a dream.
    Reviewed,
}

/// A work session of an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Store-assigned id.
    pub id: SessionId,
    /// The agent's namespace.
    pub namespace: String,
    /// Optional caller-chosen title or task.
    pub title: Option<String>,
    /// Start time.
    pub started_at: Millis,
    /// End time, once ended.
    pub ended_at: Option<Millis>,
    /// Outcome, once ended.
    pub outcome: Option<Outcome>,
    /// Lifecycle.
    pub status: SessionStatus,
    /// Number of turns logged.
    pub turns: u32,
}

/// One turn of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The session.
    pub session: SessionId,
    /// Position in the session, from 0.
    pub seq: u32,
    /// Who spoke.
    pub role: Role,
    /// The speaker's name, when there are several users or agents.
    pub speaker: Option<String>,
    /// What was said or done.
    pub text: String,
    /// When.
    pub at: Millis,
    /// Whether the turn reports an error (a failed tool call, say).
    pub error: bool,
}

/// The length of the date stamp a note opens with, the space after it
/// included: an ISO date, maybe with
/// a time, in brackets ("[2026-03-01] ", "(2026-03-01 14:05) ") or before
/// a colon, a dash or a bar ("2026-03-01: ", "2026-03-01 - "); `None`
/// when the text has none or is nothing else. A stamp says when a note
/// was written, which the entry's time says: neither the embedding nor
/// the pair judge reads it ([`without_date_stamp`]).
pub(crate) fn date_stamp_len(text: &str) -> Option<usize> {
    // A regex, not a scanner: the stamp has a dozen optional parts and
    // this is read once per pair and once per text embedded.
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let date = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z| ?UTC)?)?";
        let sep = r"[:|\-–—]";
        regex::Regex::new(&format!(r"^\s*(?:\[{date}\]\s*{sep}?|\({date}\)\s*{sep}?|{date}\s*{sep})\s+\S"))
            .expect("the stamp pattern is valid")
    });
    STAMP.find(text).map(|m| m.end() - m.as_str().chars().next_back().map_or(0, char::len_utf8))
}

/// `text` without the date stamp it opens with ([`date_stamp_len`]): what
/// the embedding reads of an entry's text, so that "[2026-03-01] The
/// staging cluster runs Postgres 14" lies where the plain statement does.
pub(crate) fn without_date_stamp(text: &str) -> &str {
    date_stamp_len(text).map_or(text, |n| &text[n..])
}

/// The current time in Unix milliseconds.
pub fn now_millis() -> Millis {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as Millis
}

/// Parse an RFC 3339 timestamp into Unix milliseconds.
pub fn parse_rfc3339(s: &str) -> Result<Millis> {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| Error::invalid(format!("bad RFC 3339 time {s:?}: {e}")))?;
    Ok((t.unix_timestamp_nanos() / 1_000_000) as Millis)
}

/// Format Unix milliseconds as a calendar date, e.g. "8 May 2023" (UTC).
pub fn format_date(ms: Millis) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{} {} {}", t.day(), t.month(), t.year())
}

/// Format Unix milliseconds as RFC 3339 (UTC).
pub fn format_rfc3339(ms: Millis) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("banana".parse::<Kind>().is_err());
    }

    #[test]
    fn rfc3339_round_trips_to_the_millisecond() {
        let ms = parse_rfc3339("2023-05-08T13:56:00.123Z").unwrap();
        assert_eq!(format_rfc3339(ms), "2023-05-08T13:56:00.123Z");
        assert!(parse_rfc3339("8 May 2023").is_err());
    }
}
