//! Dreaming: between sessions the engine improves its own memory, offline
//! and without an LLM.
//!
//! A dream runs four phases over a read-only snapshot and produces a plan:
//! 1. **review**: closed sessions not yet reviewed (their turns are already
//!    episodes, indexed when the session ended) join the pattern search;
//! 2. **patterns**: episodes are clustered across sessions through their
//!    HNSW neighbourhoods (each cluster is one seed and its direct
//!    neighbours, so clusters cannot chain); a cluster seen in at least
//!    `min_sessions` sessions whose sessions fail (or succeed) markedly more
//!    often than the base rate becomes a `mistake` (or `procedure`) insight,
//!    updated in place by later dreams; one seen across agents goes to the
//!    team namespace;
//! 3. **consolidate**: candidate pairs come from HNSW neighbourhoods, never
//!    from all pairs; a [`PairJudge`] decides duplicate / update / distinct;
//!    a merge joins the keeper judged a duplicate, or, for a duplicate of
//!    a statement already merged, that statement's keeper when the judge
//!    holds it the same fact ([`PairJudge::same_group`]) as the keeper and
//!    each of its members, so a~b, b~c alone never merges a into c (a
//!    keeper joins another with its members when every statement of the
//!    one is the same fact as every statement of the other); it is
//!    refused when the statement conflicts ([`PairJudge::conflict`]) with
//!    anything already merged into the keeper;
//! 4. **refine**: optional decay and per-namespace capacity move stale
//!    entries to the archive; indexes with many tombstones are rebuilt and
//!    RocksDB is compacted.
//!
//! The plan is applied in one atomic RocksDB batch together with the dream
//! record and the review marks, so a dream killed at any point is either
//! fully applied or absent, and the next dream redoes it. An entry the
//! agent changed after the snapshot is left for the next dream. Every
//! change is an audit event carrying the dream id and the entry as it was,
//! which is what [`Memory::undo`] restores.

pub mod judge;
mod lexicon;
mod memory_file;
mod schedule;
mod wordvec;

pub use judge::{Decision, HeuristicJudge, JudgeModel, JudgeOptions, PairJudge, Thresholds, TrainedJudge, Verdict};
pub use schedule::{DreamSchedule, Dreamer};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use rocksdb::WriteBatch;
use serde::{Deserialize, Serialize};

use crate::entry::{now_millis, Entry, EntryId, Kind, Millis, SessionId, SessionStatus, Status};
use crate::error::{Error, Result};
use crate::history::Action;
use crate::memory::{Memory, Meta, NewEntry};
use crate::recall::Filter;
use crate::store::codec::{self, encode, id_key};
use crate::store::{CF_DREAMS, CF_ENTRIES, CF_VECTORS};

/// An update verdict held until the merges are known: older, newer, their
/// cosine, the verdict.
type UpdateVerdict = (EntryId, EntryId, f32, Verdict);
/// An older statement a newer one was judged to update: id, cosine, verdict.
type Candidate = (EntryId, f32, Verdict);

/// What judging the candidate pairs leaves for planning the updates: the
/// update verdicts, and each statement's candidate neighbours (judged or
/// not), against which an update verdict is read again.
struct Judged {
    updates: Vec<UpdateVerdict>,
    near: HashMap<EntryId, Vec<EntryId>>,
}

/// `a` and `b` in the order they were written (by creation time, then id).
fn in_time_order(entries: &HashMap<EntryId, Entry>, a: EntryId, b: EntryId) -> (EntryId, EntryId) {
    let (ea, eb) = (&entries[&a], &entries[&b]);
    if (ea.created_at, ea.id) <= (eb.created_at, eb.id) {
        (a, b)
    } else {
        (b, a)
    }
}

/// `work` over `items`, one chunk per thread (at most `threads`), the
/// results in the order of the chunks. The dream's neighbour searches and
/// pair verdicts only read, so the scoped threads share what they borrow.
fn spread<T: Sync, R: Send>(items: &[T], threads: usize, work: impl Fn(&[T]) -> R + Sync) -> Result<Vec<R>> {
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || work(part))).collect();
        handles.into_iter().map(|h| h.join().map_err(|_| Error::corrupt("a dream worker thread panicked"))).collect()
    })
}

/// Which candidate pairs were judged updates (older, newer), and which
/// close to duplicates, so that a merge across time can be refused when a
/// third statement says the newer side replaced the older.
/// "The Larkspur bucket blocks public access" may read as a duplicate of
/// the later "Public access on the Larkspur bucket is allowed"
/// (P(duplicate) 0.93: the model sees the same words), while the fact it
/// rewords, written with it, "Public access on the Larkspur bucket is
/// blocked", is judged updated by that later statement. A verdict on a pair
/// is read off two sentences; this reads three, and a false merge costs
/// more than a missed one. Two statements written at the same time are
/// not so read: neither can have replaced the other.
struct Contradictions {
    updates: HashSet<(EntryId, EntryId)>,
    close: HashMap<EntryId, Vec<EntryId>>,
}

impl Contradictions {
    fn new(judge: &dyn PairJudge, entries: &HashMap<EntryId, Entry>, pairs: &[(f32, EntryId, EntryId)], verdicts: &[Verdict]) -> Self {
        let mut updates = HashSet::new();
        let mut close: HashMap<EntryId, Vec<EntryId>> = HashMap::new();
        for ((_, a, b), v) in pairs.iter().zip(verdicts) {
            if v.decision == Decision::Update {
                updates.insert(in_time_order(entries, *a, *b));
            } else if judge.close_to_duplicate(v) {
                close.entry(*a).or_default().push(*b);
                close.entry(*b).or_default().push(*a);
            }
        }
        Contradictions { updates, close }
    }

    /// Whether, of two statements on either side written at different
    /// times, the newer was judged to update the older, or to update a
    /// statement close to the older, or a statement close to the newer was
    /// judged to update the older.
    fn between(&self, entries: &HashMap<EntryId, Entry>, one: &[EntryId], other: &[EntryId]) -> bool {
        let updated = |old: EntryId, new: EntryId| self.updates.contains(&(old, new));
        let close = |x: EntryId| self.close.get(&x).map(Vec::as_slice).unwrap_or_default();
        one.iter().any(|&a| {
            other.iter().any(|&b| {
                let (Some(ea), Some(eb)) = (entries.get(&a), entries.get(&b)) else { return false };
                let (old, new) = match ea.created_at.cmp(&eb.created_at) {
                    std::cmp::Ordering::Less => (a, b),
                    std::cmp::Ordering::Greater => (b, a),
                    std::cmp::Ordering::Equal => return false,
                };
                updated(old, new) || close(old).iter().any(|&x| updated(x, new)) || close(new).iter().any(|&x| updated(old, x))
            })
        })
    }
}

/// The tag every insight carries.
pub const INSIGHT_TAG: &str = "insight";

/// What a dream may do. The defaults favour precision and touch nothing
/// by age alone.
#[derive(Clone)]
pub struct DreamOptions {
    /// Compute the plan and report it, change nothing. Default false.
    pub dry_run: bool,
    /// Namespaces to dream over; empty means all. Default empty.
    pub namespaces: Vec<String>,
    /// Sessions a pattern must recur in to become an insight. Default 3.
    pub min_sessions: usize,
    /// Cosine for two episodes to be the same pattern. Default 0.85.
    pub pattern_similarity: f32,
    /// Failure-rate difference from the base rate that makes a pattern a
    /// mistake (or, below it, a procedure). Default 0.25.
    pub min_lift: f32,
    /// Cosine for two entries to be judged as a pair. Default 0.45: a new
    /// value that is a name carries most of a short statement's embedding
    /// ("The platform team is led by Rashid Al-Mansouri / Beatriz Costa"
    /// reads 0.51), and the judge's rules, not the cosine, tell such an
    /// update from a near miss (0.6 until the twenty-fifth session; see
    /// BENCHMARKS.md). On real text it judges about 40% more pairs than
    /// 0.6, and a dream takes about 1.8× as long (BENCHMARKS.md, "Dreaming
    /// time").
    pub candidate_similarity: f32,
    /// Neighbours looked at per entry. Default 8.
    pub neighbours: usize,
    /// Pairs judged per dream at most (the work cap). Default 200,000.
    pub max_pairs: usize,
    /// Archive active entries neither created nor recalled for this many
    /// days (importance below 0.8). Default `None` (off).
    pub archive_after_days: Option<f32>,
    /// Keep at most this many active entries per namespace, archiving the
    /// lowest decay scores. Default `None`.
    pub capacity: Option<usize>,
    /// Where insights seen across several agents go. Default `team`.
    pub team_namespace: String,
    /// The pair judge. Default [`TrainedJudge`] (its thresholds are its options).
    pub judge: Arc<dyn PairJudge>,
}

impl Default for DreamOptions {
    fn default() -> Self {
        DreamOptions {
            dry_run: false,
            namespaces: Vec::new(),
            min_sessions: 3,
            pattern_similarity: 0.85,
            min_lift: 0.25,
            candidate_similarity: 0.45,
            neighbours: 8,
            max_pairs: 200_000,
            archive_after_days: None,
            capacity: None,
            team_namespace: "team".into(),
            judge: Arc::new(TrainedJudge::default()),
        }
    }
}

impl std::fmt::Debug for DreamOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DreamOptions")
            .field("dry_run", &self.dry_run)
            .field("namespaces", &self.namespaces)
            .field("min_sessions", &self.min_sessions)
            .finish_non_exhaustive()
    }
}

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// `entry` folded into `target`.
    Merge,
    /// `entry` superseded by the newer `target`.
    Supersede,
    /// `entry` moved to the archive.
    Archive,
    /// A new insight `entry`.
    Insight,
    /// An existing insight `entry` updated with new support.
    InsightUpdate,
}

/// One change a dream made (or, in a dry run, would make).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DreamChange {
    /// What.
    pub kind: ChangeKind,
    /// The entry changed (for a new insight, its id once applied; 0 in a dry run).
    pub entry: EntryId,
    /// The keeper of a merge, the newer entry of a supersession.
    pub target: Option<EntryId>,
    /// Namespace.
    pub namespace: String,
    /// The entry's text.
    pub text: String,
    /// Why, in words.
    pub reason: String,
    /// The signals behind it.
    pub scores: Vec<(String, f32)>,
}

/// What a dream did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DreamReport {
    /// Dream id (`undo` takes it).
    pub dream_id: u64,
    /// Start time.
    pub started_at: Millis,
    /// End time.
    pub finished_at: Millis,
    /// Nothing was changed.
    pub dry_run: bool,
    /// Stopped before applying anything.
    pub cancelled: bool,
    /// Sessions reviewed.
    pub sessions_reviewed: Vec<SessionId>,
    /// Entries looked at by consolidation.
    pub entries_considered: usize,
    /// Pairs judged.
    pub pairs_judged: usize,
    /// Planned changes skipped because the agent changed the entry meanwhile.
    pub skipped_stale: usize,
    /// Indexes rebuilt for tombstones.
    pub indexes_rebuilt: usize,
    /// Every change.
    pub changes: Vec<DreamChange>,
    /// Change sequence of the applied batch.
    pub applied_seq: Option<u64>,
    /// Set once the dream has been undone.
    pub undone_at: Option<Millis>,
    /// Milliseconds spent in each phase, in order.
    pub phase_millis: Vec<(String, u64)>,
}

impl DreamReport {
    /// How many changes of a kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// A summary line for people.
    pub fn summary(&self) -> String {
        format!(
            "dream {}{}: reviewed {} sessions, {} insights (+{} updated), {} merges, {} supersessions, {} archived; {} pairs judged{}",
            self.dream_id,
            if self.dry_run { " (dry run)" } else { "" },
            self.sessions_reviewed.len(),
            self.count(ChangeKind::Insight),
            self.count(ChangeKind::InsightUpdate),
            self.count(ChangeKind::Merge),
            self.count(ChangeKind::Supersede),
            self.count(ChangeKind::Archive),
            self.pairs_judged,
            if self.skipped_stale > 0 { format!(", {} left for the next dream", self.skipped_stale) } else { String::new() },
        )
    }
}

/// What `undo` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoReport {
    /// The dream undone.
    pub dream_id: u64,
    /// Entries put back as they were.
    pub restored: Vec<EntryId>,
    /// Insights the dream had created, removed.
    pub removed: Vec<EntryId>,
    /// Entries changed since the dream, left as they are.
    pub skipped: Vec<EntryId>,
}

const CONSOLIDATED: [Kind; 4] = [Kind::Fact, Kind::Preference, Kind::Procedure, Kind::Note];

/// A planned entry change: the entry as planned from, and as it will be.
struct Planned {
    before: Entry,
    after: Entry,
    action: Action,
    change: DreamChange,
}

/// A planned insight: new, or an update of an existing one.
struct PlannedInsight {
    existing: Option<Entry>,
    entry: NewEntry,
    change: DreamChange,
}

/// How a dream would judge two statements ([`Memory::judge_pair`]).
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    /// Duplicate (merge), update (the newer supersedes the older) or distinct.
    pub decision: Decision,
    /// The verdict's reason, with the signals behind it.
    pub reason: String,
    /// Cosine of the two texts' embeddings.
    pub cosine: f32,
    /// What pushed each probability, whatever the decision.
    pub signals: PairSignals,
    /// Both probabilities and every named feature.
    pub scores: BTreeMap<String, f32>,
}

/// The three features that moved P(duplicate) and P(update) most, with
/// their effect on the log-odds ("cosine +3.62, ...").
#[derive(Debug, Clone, Serialize)]
pub struct PairSignals {
    /// Toward (or away from) a merge.
    pub duplicate: String,
    /// Toward (or away from) a supersession.
    pub update: String,
}

/// How many statements already merged into a keeper (and absorbed by the
/// statement joining it) a merge is checked against for conflicts.
const MAX_CONFLICT_CHECKS: usize = 32;

impl Memory {
    /// Judge two statements as a dream would, `newer` learned after
    /// `older`, embedding both with the store's model; stores nothing. For
    /// a user asking why two memories were (not) merged, or what a
    /// threshold would change.
    pub fn judge_pair(&self, older: &str, newer: &str, judge: &TrainedJudge) -> Result<PairReport> {
        crate::memory::validate_text(older)?;
        crate::memory::validate_text(newer)?;
        let v = self.embed_checked(&[older, newer])?;
        let cosine = crate::index::dot(&v[0], &v[1]);
        let at = |text: &str, id: EntryId| Entry { id, text: text.to_string(), created_at: id as Millis, ..Default::default() };
        let verdict = judge.judge(&at(older, 1), &at(newer, 2), cosine);
        let toward = |d: Decision| judge.signals(&verdict, d).unwrap_or_default();
        Ok(PairReport {
            decision: verdict.decision,
            signals: PairSignals { duplicate: toward(Decision::Duplicate), update: toward(Decision::Update) },
            scores: verdict.scores.into_iter().collect(),
            reason: verdict.reason,
            cosine,
        })
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Run one dream. See the module docs for the phases; `options.dry_run`
    /// computes the same plan and changes nothing.
    pub fn dream(&self, options: &DreamOptions) -> Result<DreamReport> {
        let _one = self.dreaming.lock();
        self.cancel.store(false, Ordering::Relaxed);
        let started_at = now_millis();
        let dream_id = self.write.lock().next_dream;
        let mut report = DreamReport {
            dream_id,
            started_at,
            finished_at: started_at,
            dry_run: options.dry_run,
            cancelled: false,
            sessions_reviewed: Vec::new(),
            entries_considered: 0,
            pairs_judged: 0,
            skipped_stale: 0,
            indexes_rebuilt: 0,
            changes: Vec::new(),
            applied_seq: None,
            undone_at: None,
            phase_millis: Vec::new(),
        };
        let mut clock = std::time::Instant::now();
        let mut lap = |report: &mut DreamReport, phase: &str| {
            report.phase_millis.push((phase.to_string(), clock.elapsed().as_millis() as u64));
            clock = std::time::Instant::now();
        };

        // Snapshot.
        let in_scope = |ns: &str| options.namespaces.is_empty() || options.namespaces.iter().any(|n| n == ns);
        let mut entries: HashMap<EntryId, Entry> = HashMap::new();
        self.for_each_entry(|e| {
            if in_scope(&e.namespace) || e.namespace == options.team_namespace {
                entries.insert(e.id, e);
            }
            Ok(())
        })?;
        let sessions: Vec<_> = self.sessions()?.into_iter().filter(|s| in_scope(&s.namespace)).collect();
        report.sessions_reviewed =
            sessions.iter().filter(|s| s.status == SessionStatus::Closed).map(|s| s.id).collect();
        lap(&mut report, "snapshot");

        let insights = self.plan_patterns(options, &entries, &sessions)?;
        lap(&mut report, "patterns");
        if self.cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        let mut planned: HashMap<EntryId, Planned> = HashMap::new();
        let consolidated = self.plan_consolidation(options, &entries, &mut planned, &mut report);
        // What the judge kept of this dream's texts serves no later dream.
        judge::forget_readings();
        consolidated?;
        lap(&mut report, "consolidate");
        if self.cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        plan_refine(options, &entries, &mut planned, started_at);
        lap(&mut report, "refine");

        if options.dry_run {
            report.changes.extend(insights.into_iter().map(|i| i.change));
            let mut changes: Vec<DreamChange> = planned.into_values().map(|p| p.change).collect();
            changes.sort_by_key(|c| (c.kind as u8, c.entry));
            report.changes.extend(changes);
            report.finished_at = now_millis();
            return Ok(report);
        }
        self.apply_dream(planned, insights, &mut report)?;
        lap(&mut report, "apply");
        report.indexes_rebuilt = self.rebuild_indexes()?;
        lap(&mut report, "rebuild");
        self.store.compact();
        lap(&mut report, "compact");
        report.finished_at = now_millis();
        // The record was written with the plan; store the final figures too.
        let mut b = WriteBatch::default();
        b.put_cf(self.store.cf(CF_DREAMS), id_key(dream_id), encode(&report));
        self.store.write(b)?;
        Ok(report)
    }

    fn plan_patterns(
        &self,
        o: &DreamOptions,
        entries: &HashMap<EntryId, Entry>,
        sessions: &[crate::entry::Session],
    ) -> Result<Vec<PlannedInsight>> {
        // Sessions with an outcome (closed or reviewed) and their episodes.
        let ended: HashMap<SessionId, &crate::entry::Session> =
            sessions.iter().filter(|s| s.outcome.is_some()).map(|s| (s.id, s)).collect();
        let mut episodes: Vec<&Entry> = entries
            .values()
            .filter(|e| e.kind == Kind::Episode && e.status == Status::Active)
            .filter(|e| e.source.as_ref().is_some_and(|s| ended.contains_key(&s.session)))
            .collect();
        episodes.sort_by_key(|e| e.id);
        let eligible: HashSet<EntryId> = episodes.iter().map(|e| e.id).collect();
        let namespaces: Vec<String> =
            episodes.iter().map(|e| e.namespace.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let filter = Filter { namespaces, kinds: vec![Kind::Episode], ..Default::default() };

        // Direct neighbours of each episode above the pattern similarity.
        let mut nbrs: HashMap<EntryId, Vec<EntryId>> = HashMap::new();
        for e in &episodes {
            if self.cancelled() {
                return Ok(Vec::new());
            }
            let Some(v) = self.store.get_vector(e.id, self.dim)? else { continue };
            let found = self.dense_candidates(&v, 16, &filter);
            let list: Vec<EntryId> = found
                .into_iter()
                .filter(|(id, s)| *id != e.id && *s >= o.pattern_similarity && eligible.contains(id))
                .map(|(id, _)| id)
                .collect();
            nbrs.insert(e.id, list);
        }
        // Greedy clusters: a seed and its direct neighbours (no chaining).
        let mut order: Vec<&Entry> = episodes.clone();
        order.sort_by(|a, b| nbrs[&b.id].len().cmp(&nbrs[&a.id].len()).then(a.id.cmp(&b.id)));
        let mut taken: HashSet<EntryId> = HashSet::new();
        let session_of = |id: &EntryId| entries[id].source.as_ref().map(|s| s.session).unwrap_or(0);
        let mut out = Vec::new();
        let existing: Vec<&Entry> = entries
            .values()
            .filter(|e| e.status == Status::Active && e.tags.iter().any(|t| t == INSIGHT_TAG))
            .collect();
        for seed in order {
            if taken.contains(&seed.id) {
                continue;
            }
            let mut members = vec![seed.id];
            members.extend(nbrs[&seed.id].iter().filter(|id| !taken.contains(id)).copied());
            let support: BTreeSet<SessionId> = members.iter().map(session_of).collect();
            if support.len() < o.min_sessions {
                continue;
            }
            taken.extend(members.iter().copied());
            let failed = support.iter().filter(|s| ended[*s].outcome.as_ref().is_some_and(|o| !o.success)).count();
            let fail_rate = failed as f32 / support.len() as f32;
            let agents: BTreeSet<&str> = support.iter().map(|s| ended[s].namespace.as_str()).collect();
            let base_sessions: Vec<_> = ended.values().filter(|s| agents.contains(s.namespace.as_str())).collect();
            let base_failed =
                base_sessions.iter().filter(|s| s.outcome.as_ref().is_some_and(|o| !o.success)).count();
            let base = base_failed as f32 / base_sessions.len().max(1) as f32;
            let lift = fail_rate - base;
            let (kind, what) = if lift >= o.min_lift {
                (Kind::Mistake, "mistake")
            } else if -lift >= o.min_lift {
                (Kind::Procedure, "procedure")
            } else {
                continue;
            };
            let namespace =
                if agents.len() > 1 { o.team_namespace.clone() } else { agents.iter().next().map(|s| s.to_string()).unwrap_or_default() };
            let dates: Vec<String> =
                support.iter().map(|s| crate::entry::format_date(ended[s].started_at)).collect::<BTreeSet<_>>().into_iter().collect();
            let text = format!(
                "Recurring {what} in {} sessions ({:.0}% failed vs {:.0}% overall): {}",
                support.len(),
                fail_rate * 100.0,
                base * 100.0,
                seed.text
            );
            let mut provenance = members.clone();
            provenance.sort_unstable();
            let meta = serde_json::json!({
                "support_sessions": support,
                "dates": dates,
                "agents": agents,
                "failure_rate": fail_rate,
                "base_failure_rate": base,
                "lift": lift,
                "representative": seed.id,
            });
            let scores = vec![
                ("sessions".to_string(), support.len() as f32),
                ("failure_rate".to_string(), fail_rate),
                ("base_failure_rate".to_string(), base),
                ("lift".to_string(), lift),
            ];
            let reason = format!(
                "{} similar episodes (cosine ≥ {:.2}) in {} sessions across {} agent(s); lift {:+.2}",
                members.len(),
                o.pattern_similarity,
                support.len(),
                agents.len(),
                lift
            );
            // Re-dreaming updates the insight whose support overlaps most.
            let prior = existing
                .iter()
                .filter(|e| e.namespace == namespace)
                .map(|e| {
                    let shared = e.provenance.iter().filter(|p| provenance.binary_search(p).is_ok()).count();
                    (shared, *e)
                })
                .filter(|(shared, e)| *shared * 2 >= e.provenance.len().min(provenance.len()).max(1))
                .max_by_key(|(shared, _)| *shared)
                .map(|(_, e)| (*e).clone());
            if let Some(p) = &prior {
                if p.provenance == provenance && p.text == text {
                    continue; // nothing new
                }
            }
            let change = DreamChange {
                kind: if prior.is_some() { ChangeKind::InsightUpdate } else { ChangeKind::Insight },
                entry: prior.as_ref().map(|p| p.id).unwrap_or(0),
                target: None,
                namespace: namespace.clone(),
                text: text.clone(),
                reason,
                scores,
            };
            let entry = NewEntry {
                text,
                namespace,
                kind,
                tags: vec![INSIGHT_TAG.to_string()],
                importance: Some(0.7),
                metadata: Some(meta),
                provenance,
                ..Default::default()
            };
            out.push(PlannedInsight { existing: prior, entry, change });
        }
        Ok(out)
    }

    fn plan_consolidation(
        &self,
        o: &DreamOptions,
        entries: &HashMap<EntryId, Entry>,
        planned: &mut HashMap<EntryId, Planned>,
        report: &mut DreamReport,
    ) -> Result<()> {
        let now = now_millis();
        let mut by_ns: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in entries.values() {
            let candidate = e.status == Status::Active
                && CONSOLIDATED.contains(&e.kind)
                && !e.tags.iter().any(|t| t == INSIGHT_TAG)
                && (o.namespaces.is_empty() || o.namespaces.contains(&e.namespace));
            if candidate {
                by_ns.entry(&e.namespace).or_default().push(e);
            }
        }
        let mut pairs: Vec<(f32, EntryId, EntryId)> = Vec::new();
        // The neighbour searches are the bulk of a dream's work: spread
        // them over the cores, each thread taking the read lock per search
        // so writers and recalls interleave.
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
        for (ns, list) in &by_ns {
            report.entries_considered += list.len();
            let filter = Filter { namespaces: vec![ns.to_string()], kinds: CONSOLIDATED.to_vec(), ..Default::default() };
            let found = spread(list, threads, |part| -> Result<Vec<(f32, EntryId, EntryId)>> {
                let mut out = Vec::new();
                for e in part {
                    if self.cancelled() {
                        break;
                    }
                    let Some(v) = self.store.get_vector(e.id, self.dim)? else { continue };
                    let ef = (o.neighbours + 1) * 2;
                    for (id, cos) in self.dense_candidates_ef(&v, o.neighbours + 1, &filter, ef) {
                        if id != e.id && cos >= o.candidate_similarity && entries.contains_key(&id) {
                            let (a, b) = if e.id < id { (e.id, id) } else { (id, e.id) };
                            out.push((cos, a, b));
                        }
                    }
                }
                Ok(out)
            })?;
            for part in found {
                pairs.extend(part?);
            }
            if self.cancelled() {
                return Ok(());
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        pairs.dedup_by(|x, y| x.1 == y.1 && x.2 == y.2);
        pairs.truncate(o.max_pairs);

        // Keepers absorb their duplicates directly.
        let mut keeper_state: HashMap<EntryId, Entry> = HashMap::new();
        // Merges are applied in order of falling cosine; updates wait until
        // every merge is known, so that a newer statement can be matched to
        // the one fact it replaces (see `plan_updates`).
        // Merged in this plan: entry → its keeper.
        let mut merged_into: HashMap<EntryId, EntryId> = HashMap::new();
        let mut updates: Vec<UpdateVerdict> = Vec::new();
        // Each statement's candidate neighbours, judged or not.
        let mut near: HashMap<EntryId, Vec<EntryId>> = HashMap::new();
        for (_, a, b) in &pairs {
            near.entry(*a).or_default().push(*b);
            near.entry(*b).or_default().push(*a);
        }
        // Every pair is judged up front, over the cores: the verdicts are
        // pure, and a merge reads the verdicts of pairs after it (below).
        let verdicts: Vec<Verdict> =
            spread(&pairs, threads, |part| part.iter().map(|(cos, a, b)| o.judge.judge_quick(&entries[a], &entries[b], *cos)).collect::<Vec<_>>())?
                .into_iter()
                .flatten()
                .collect();
        report.pairs_judged += pairs.len();
        let contradicts = Contradictions::new(o.judge.as_ref(), entries, &pairs, &verdicts);
        for ((cos, a, b), mut v) in pairs.into_iter().zip(verdicts) {
            // A statement merged earlier in this dream still speaks for its
            // keeper in updates: "Hiroshi uses Brave as his default browser"
            // rewrites "Hiroshi uses Firefox as his default browser" word
            // for word, even when the keeper kept another wording of it.
            let (a_merged, b_merged) = (merged_into.contains_key(&a), merged_into.contains_key(&b));
            if a_merged && b_merged && (v.decision != Decision::Duplicate || merged_into[&a] == merged_into[&b]) {
                continue;
            }
            let merged_side = a_merged || b_merged;
            let (ea, eb) = (&entries[&a], &entries[&b]);
            // Merges are not transitive: a statement joins every statement
            // already merged into the keeper. The newest MAX_CONFLICT_CHECKS
            // of each are read: a keeper of thousands of repeats would
            // otherwise make each merge into it cost thousands of checks.
            let members = |e: &Entry| -> Vec<EntryId> {
                let all = keeper_state.get(&e.id).map_or(&e.provenance, |k| &k.provenance);
                all.iter().rev().take(MAX_CONFLICT_CHECKS).copied().collect()
            };
            // A statement and what was merged into it.
            let group = |e: &Entry| -> Vec<EntryId> { std::iter::once(e.id).chain(members(e)).collect() };
            // The merge: keeper, the statement that joins it, and the
            // statement merged into the keeper it was judged against.
            let (keep, drop, via) = match v.decision {
                Decision::Distinct => continue,
                Decision::Update => {
                    let (old, new) = in_time_order(entries, a, b);
                    updates.push((old, new, cos, v));
                    continue;
                }
                Decision::Duplicate if merged_side => {
                    // A duplicate of a statement already merged joins that
                    // statement's keeper only if the judge also holds it
                    // the same fact as the keeper and each of its members
                    // (the looser bar of `same_group`): "Shopify employs
                    // Tom" is a duplicate
                    // of "Tom works at Shopify", merged into "Tom is
                    // employed by Shopify" a pair earlier, and would
                    // otherwise stay apart from both.
                    //
                    // A keeper joins with what was merged into it, when
                    // every statement of the one is the same fact as every
                    // statement of the other: two wordings of one fact
                    // that each gathered their own duplicates earlier in
                    // the dream would otherwise stay apart for the order
                    // in which the pairs came. So does the keeper of a
                    // statement merged elsewhere, judged a duplicate of
                    // this one.
                    let (m, judged) = if a_merged { (a, b) } else { (b, a) };
                    let other = merged_into.get(&judged).copied().unwrap_or(judged);
                    let keeper = merged_into[&m];
                    if other == keeper {
                        continue;
                    }
                    if !self.all_same_group(o.judge.as_ref(), entries, &group(&entries[&keeper]), &group(&entries[&other]))? {
                        tracing::debug!(keeper, other, "not merged: not the same fact as every statement of the group");
                        continue;
                    }
                    if judged != other {
                        v.reason.push_str(&format!("; through \"{}\", merged into this statement earlier", entries[&judged].text));
                    }
                    (&entries[&keeper], &entries[&other], Some(&entries[&m]))
                }
                Decision::Duplicate => {
                    // Keep the newer wording (longer on ties); a keeper stays a keeper.
                    let a_keeps = keeper_state.contains_key(&a)
                        || (!keeper_state.contains_key(&b)
                            && (ea.created_at, ea.text.len(), std::cmp::Reverse(ea.id))
                                > (eb.created_at, eb.text.len(), std::cmp::Reverse(eb.id)));
                    let (keep, drop) = if a_keeps { (ea, eb) } else { (eb, ea) };
                    // Two keepers: the one that joins brings its members,
                    // so the groups join as groups (above).
                    if !members(drop).is_empty() && !self.all_same_group(o.judge.as_ref(), entries, &group(keep), &group(drop))? {
                        tracing::debug!(keeper = keep.id, other = drop.id, "not merged: not the same fact as every statement of the group");
                        continue;
                    }
                    (keep, drop, None)
                }
            };
            // None of the keeper's members may conflict with the joining
            // statement (or with what it absorbed).
            let (mut theirs, mut ours) = (members(keep), members(drop));
            if via.is_some() {
                // Judged against another statement, so read the keeper too.
                theirs.push(keep.id);
            }
            let clash = theirs.iter().filter_map(|m| entries.get(m)).find_map(|m| {
                std::iter::once(drop.id)
                    .chain(ours.iter().copied())
                    .filter_map(|d| entries.get(&d))
                    .find_map(|d| o.judge.conflict(m, d))
            });
            if let Some(why) = clash {
                tracing::debug!(keeper = keep.id, other = drop.id, why, "not merged: conflicts with a statement of the group");
                continue;
            }
            // Nor may either side, the keeper or the statement with what
            // each absorbed, have replaced the other.
            if via.is_none() {
                theirs.push(keep.id);
            }
            ours.push(drop.id);
            if contradicts.between(entries, &theirs, &ours) {
                tracing::debug!(keeper = keep.id, other = drop.id, "not merged: a statement judged the newer side an update of the older");
                continue;
            }
            o.judge.explain(&mut v);
            if let Some(m) = via {
                v.reason.push_str(&format!("; judged against \"{}\", already merged into this statement, and the same fact as it", m.text));
            }
            // A keeper that joins brings what it absorbed in this dream.
            let (tags, absorbed) = keeper_state.get(&drop.id).map_or_else(
                || (drop.tags.clone(), drop.provenance.clone()),
                |d| (d.tags.clone(), d.provenance.clone()),
            );
            let k = keeper_state.entry(keep.id).or_insert_with(|| keep.clone());
            for t in tags {
                if !k.tags.contains(&t) {
                    k.tags.push(t);
                }
            }
            k.provenance.push(drop.id);
            k.provenance.extend(absorbed.iter().copied());
            k.provenance.sort_unstable();
            k.provenance.dedup();
            k.recall_count = k.recall_count.saturating_add(drop.recall_count);
            k.importance = k.importance.max(drop.importance);
            let mut after = drop.clone();
            after.status = Status::Merged;
            after.merged_into = Some(keep.id);
            after.status_at = Some(now);
            merged_into.insert(drop.id, keep.id);
            // Its members now stand for the new keeper, in later pairs and
            // in the updates (which read one step of `merged_into`).
            for m in &absorbed {
                if let Some(k) = merged_into.get_mut(m).filter(|k| **k == drop.id) {
                    *k = keep.id;
                }
            }
            planned.insert(
                drop.id,
                Planned {
                    before: drop.clone(),
                    after,
                    action: Action::Merged,
                    change: DreamChange {
                        kind: ChangeKind::Merge,
                        entry: drop.id,
                        target: Some(keep.id),
                        namespace: drop.namespace.clone(),
                        text: drop.text.clone(),
                        reason: v.reason,
                        scores: v.scores,
                    },
                },
            );
        }
        self.plan_updates(o.judge.as_ref(), entries, planned, &merged_into, Judged { updates, near }, now)?;
        // Keepers are updated (tags, provenance, counts); a superseded
        // keeper keeps both changes.
        for (id, k) in keeper_state {
            if let Some(p) = planned.get_mut(&id) {
                p.after.tags = k.tags.clone();
                p.after.provenance = k.provenance.clone();
                p.after.recall_count = k.recall_count;
                p.after.importance = k.importance;
                continue;
            }
            let before = entries[&id].clone();
            planned.insert(
                id,
                Planned {
                    change: DreamChange {
                        kind: ChangeKind::Merge,
                        entry: id,
                        target: Some(id),
                        namespace: k.namespace.clone(),
                        text: k.text.clone(),
                        reason: format!("keeper: absorbed {} duplicate(s)", k.provenance.len() - before.provenance.len()),
                        scores: Vec::new(),
                    },
                    before,
                    after: k,
                    action: Action::Updated,
                },
            );
        }
        Ok(())
    }

    /// Whether the judge holds every statement of `group` the same fact
    /// ([`PairJudge::same_group`]) as every statement of `joining`; a
    /// statement without a vector is not read.
    fn all_same_group(&self, judge: &dyn PairJudge, entries: &HashMap<EntryId, Entry>, group: &[EntryId], joining: &[EntryId]) -> Result<bool> {
        let mut read = Vec::with_capacity(group.len());
        for id in group {
            if let (Some(e), Some(v)) = (entries.get(id), self.store.get_vector(*id, self.dim)?) {
                read.push((e, v));
            }
        }
        for j in joining {
            let (Some(je), Some(jv)) = (entries.get(j), self.store.get_vector(*j, self.dim)?) else { continue };
            if read.iter().any(|(e, v)| !judge.same_group(e, je, crate::index::dot(v, &jv))) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Supersessions from the update verdicts, once every merge is known.
    ///
    /// A newer statement replaces one fact, and a fact is replaced once.
    /// Pairs judged updates are matched closest first (by cosine): each
    /// newer statement takes the closest older one that no closer pair has
    /// taken. "Maria is no longer vegetarian" then supersedes "Maria follows
    /// a vegetarian diet" and not also "Maria follows a gluten-free diet",
    /// which is further from it; and of two newer statements judged to
    /// update one fact (its update, and a near miss about another attribute
    /// that passed the bar), the closer takes it, whichever was written
    /// first. A newer statement takes no fact when a statement merged into
    /// either is about another thing than the other
    /// ([`PairJudge::two_things`]): the verdict was read off a rewording
    /// the word rules could not see through. With the fact go the
    /// duplicates merged into it and the older
    /// statements the judge holds as the same fact ([`PairJudge::same_fact`])
    /// and not apart from anything merged into it ([`PairJudge::apart`]).
    /// So do the older statements judged firmly to update that fact too (B
    /// in A → B → C, when A and C are the closest pair;
    /// [`PairJudge::firm_update`]), and those the newer statement is
    /// itself surely judged to update ([`PairJudge::sure_update`]), or
    /// judged to update and likely the same fact as the one it takes
    /// ([`PairJudge::updated_alike`]), again when nothing merged into the
    /// fact holds them apart: a paraphrase of the fact that the merge
    /// missed. A statement that superseded a
    /// fact in an earlier dream takes only the same fact again, so the rule
    /// holds across dreams; and it is itself superseded only by a statement
    /// the judge does not hold distinct from the fact it replaced. Verdicts
    /// follow merges to their keepers.
    fn plan_updates(
        &self,
        judge: &dyn PairJudge,
        entries: &HashMap<EntryId, Entry>,
        planned: &mut HashMap<EntryId, Planned>,
        merged_into: &HashMap<EntryId, EntryId>,
        judged: Judged,
        now: Millis,
    ) -> Result<()> {
        // Merged or superseded in this plan.
        let mut gone: HashSet<EntryId> = merged_into.keys().copied().collect();
        // A keeper stays a keeper, so one step reaches the root.
        let root = |id: EntryId| merged_into.get(&id).copied().unwrap_or(id);
        // What each keeper absorbed in this dream.
        let mut merged_now: HashMap<EntryId, Vec<EntryId>> = HashMap::new();
        for (m, k) in merged_into {
            merged_now.entry(*k).or_default().push(*m);
        }
        // A later statement that announces a change of a fact, and keeps a
        // detail of it that a statement written in between replaced, says
        // which words name the thing that changed: the one in between is
        // about another thing ("taught in Lab S3 on Tuesdays" / "... on
        // Fridays" / "has moved to Lab S5 on Tuesdays"). It neither updates
        // the fact nor is updated by the later statement. The later
        // statement need not be judged an update of the fact: its words
        // tell, and it is a neighbour of one of the pair.
        //
        // So is a statement between a reworded fact and a later change of
        // it, when the change keeps a detail of another statement that the
        // one in between replaced: "Every booking at Ines Moreau's Lyon
        // studio comes with the hair & make-up room at no charge" (the
        // fact reworded) / "... studio in Marseille includes a free
        // hair-and-makeup room ..." / "Ines Moreau's Lyon studio no longer
        // includes ...", read against "... studio in Lyon includes a free
        // hair-and-makeup room ..." (the fact).
        let Judged { updates, near } = judged;
        let judged: HashSet<(EntryId, EntryId)> = updates.iter().map(|u| (u.0, u.1)).collect();
        let at = |id: EntryId| entries[&id].created_at;
        let another_thing = |old: EntryId, new: EntryId| -> Option<String> {
            let mut around: Vec<EntryId> = near.get(&old).into_iter().chain(near.get(&new)).flatten().copied().collect();
            around.sort_unstable();
            around.dedup();
            // A statement merged into either side speaks for it, not
            // against it.
            around.retain(|x| ![root(old), root(new)].contains(&root(*x)));
            around.iter().find_map(|&x| {
                if at(x) > at(new) {
                    judge.restated_against(&entries[&old], &entries[&new], &entries[&x]).or_else(|| {
                        // x changes old, read against another fact.
                        if !judged.contains(&(old, x)) {
                            return None;
                        }
                        let mut facts = around.iter().filter(|f| **f != old && at(**f) < at(new));
                        facts.find_map(|f| judge.restated_against(&entries[f], &entries[&new], &entries[&x]))
                    })
                } else if at(x) < at(old) {
                    judge.restated_against(&entries[&x], &entries[&old], &entries[&new])
                } else {
                    None
                }
            })
        };
        let mut by_new: BTreeMap<(Millis, EntryId), Vec<Candidate>> = BTreeMap::new();
        for (old, new, cos, v) in updates {
            // Read for the two statements and for the keepers they merged
            // into, whose words the later statement may share instead.
            let (root_old, root_new) = (root(old), root(new));
            let why = another_thing(old, new).or_else(|| ((root_old, root_new) != (old, new)).then(|| another_thing(root_old, root_new)).flatten());
            if let Some(why) = why {
                tracing::debug!(old, new, why, "not an update: the two are about different things");
                continue;
            }
            let (old, new) = (root_old, root_new);
            let (eo, en) = (&entries[&old], &entries[&new]);
            // Only later evidence supersedes: two statements written at the
            // same moment say nothing about which is current.
            if old != new && eo.created_at < en.created_at {
                by_new.entry((en.created_at, new)).or_default().push((old, cos, v));
            }
        }
        // What earlier dreams already superseded, by the statement (or the
        // keeper it merged into) that superseded it: that statement has
        // replaced its fact, and takes no other.
        let mut replaced: HashMap<EntryId, Vec<EntryId>> = HashMap::new();
        for e in entries.values().filter(|e| e.status == Status::Superseded) {
            let Some(mut by) = e.superseded_by else { continue };
            for _ in 0..16 {
                match entries.get(&by).and_then(|b| b.merged_into) {
                    Some(next) => by = next,
                    None => break,
                }
            }
            replaced.entry(root(by)).or_default().push(e.id);
        }
        // Closest pairs first: each newer statement takes one older
        // statement, and each older statement goes to one newer statement.
        let mut pairs: Vec<(f32, EntryId, EntryId)> =
            by_new.iter().flat_map(|((_, new), cs)| cs.iter().map(|(old, cos, _)| (*cos, *new, *old))).collect();
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut best_of: HashMap<EntryId, EntryId> = HashMap::new();
        let mut taken: HashSet<EntryId> = HashSet::new();
        // A statement and what is merged into it (earlier, or in this
        // dream), the newest MAX_CONFLICT_CHECKS of them.
        let with_merged = |id: EntryId| -> Vec<EntryId> {
            let mut ids: Vec<EntryId> =
                entries[&id].provenance.iter().chain(merged_now.get(&id).into_iter().flatten()).copied().filter(|m| entries.contains_key(m)).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().rev().take(MAX_CONFLICT_CHECKS).chain(std::iter::once(id)).collect()
        };
        for (_, new, old) in pairs {
            if !gone.contains(&old) && !best_of.contains_key(&new) && !replaced.contains_key(&new) && !taken.contains(&old) {
                // Nor when a statement merged into either is about another
                // thing than the other: "Ward 9A ... accepts direct
                // admissions" and "Ward 7B ... accepts direct admissions",
                // merged into a reworded keeper the label rule cannot read.
                let news = with_merged(new);
                let two = with_merged(old).into_iter().find_map(|m| news.iter().find_map(|n| judge.two_things(&entries[&m], &entries[n])));
                if let Some(why) = two {
                    tracing::debug!(old, new, why, "not an update: a merged statement is about another thing");
                    continue;
                }
                best_of.insert(new, old);
                taken.insert(old);
            }
        }
        // Who was judged, firmly enough to chain through, to update each
        // older statement ([`PairJudge::firm_update`]).
        let mut updaters: HashMap<EntryId, HashSet<EntryId>> = HashMap::new();
        for ((_, new), cs) in &by_new {
            for (old, _, _) in cs.iter().filter(|(_, _, v)| judge.firm_update(v)) {
                updaters.entry(*old).or_default().insert(*new);
            }
        }
        for ((_, new), mut candidates) in by_new {
            candidates.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let mut chosen = Vec::new();
            // A statement that replaced facts is itself superseded only by
            // one the judge does not hold distinct from all of them: "port
            // 443 is open" may follow "port 22 is no longer open", but it
            // says nothing about port 22.
            let coherent = |best: EntryId| -> Result<bool> {
                let Some(facts) = replaced.get(&best) else { return Ok(true) };
                let Some(v) = self.store.get_vector(new, self.dim)? else { return Ok(true) };
                for fact in facts {
                    let Some(f) = self.store.get_vector(*fact, self.dim)? else { return Ok(true) };
                    let verdict = judge.judge_quick(&entries[fact], &entries[&new], crate::index::dot(&f, &v));
                    if verdict.decision != Decision::Distinct {
                        return Ok(true);
                    }
                }
                Ok(false)
            };
            // The facts this statement replaces: the one it takes now, or
            // those it replaced in earlier dreams.
            let anchors: Vec<EntryId> = match best_of.get(&new).copied() {
                Some(best) if !coherent(best)? => continue,
                Some(best) => {
                    let mut olds: Vec<EntryId> = candidates.iter().map(|c| c.0).collect();
                    olds.sort_unstable();
                    olds.dedup();
                    let closest = candidates[0].0 == best;
                    let at = candidates.iter().position(|c| c.0 == best).expect("the best is a candidate");
                    let (_, _, mut v) = candidates.remove(at);
                    judge.explain(&mut v);
                    if olds.len() > 1 {
                        let which = if closest { "the closest" } else { "the closest not taken by a closer update" };
                        v.reason.push_str(&format!("; {which} of {} older statements judged updated by it", olds.len()));
                    }
                    chosen.push((best, v));
                    vec![best]
                }
                None => replaced.get(&new).cloned().unwrap_or_default(),
            };
            // A statement that takes a fact in this dream; one that replaced
            // facts in earlier dreams takes more only as the same fact.
            let fresh = best_of.contains_key(&new);
            let mut seen: HashSet<EntryId> = anchors.iter().copied().collect();
            for anchor in anchors {
                let Some(anchor_vec) = self.store.get_vector(anchor, self.dim)? else { continue };
                // Read once per fact, when a statement first needs it.
                let mut members: Option<Vec<EntryId>> = None;
                for (old, _, v) in &candidates {
                    if gone.contains(old) || taken.contains(old) || seen.contains(old) || !coherent(*old)? {
                        continue;
                    }
                    // An earlier update of the fact it takes (B in A → B → C,
                    // when A and C are the closest pair, and B's update of A
                    // is firm: the chain rests on two verdicts), the same
                    // fact, or a statement it updates as firmly: "The session
                    // cache was upgraded from Redis 6.2 to Redis 7.2" takes
                    // "Redis version 6.2 powers the session cache" and, at
                    // P(update) 0.92, "The session cache runs Redis 6.2",
                    // which the model reads as the same fact only at 0.69.
                    let why = if updaters.get(&anchor).is_some_and(|u| u.contains(old)) {
                        "an earlier update of"
                    } else {
                        let why = if fresh && judge.sure_update(v) {
                            "updated as firmly as"
                        } else {
                            let Some(b) = self.store.get_vector(*old, self.dim)? else { continue };
                            let cosine = crate::index::dot(&anchor_vec, &b);
                            if judge.same_fact(&entries[&anchor], &entries[old], cosine) {
                                "the same fact as"
                            } else if fresh && judge.updated_alike(&entries[&anchor], &entries[old], cosine, v) {
                                "updated too, and likely the same fact as"
                            } else {
                                continue;
                            }
                        };
                        // Either way, nor held apart from the fact or anything
                        // merged into it: "Olusegun is volunteering at the
                        // Lagos half marathon in March" reads as the same fact
                        // as "For the Lagos half marathon in March, Olusegun
                        // is in training", merged into the fact "Olusegun is
                        // training for the Lagos half marathon in March", from
                        // which only "volunteering" sets it apart.
                        let merged = members.get_or_insert_with(|| with_merged(anchor));
                        if let Some(m) = merged.iter().find(|m| judge.apart(&entries[m], &entries[old]).is_some()) {
                            tracing::debug!(old = *old, member = *m, "held apart from the fact or a statement merged into it");
                            continue;
                        }
                        why
                    };
                    let mut v = v.clone();
                    judge.explain(&mut v);
                    v.reason.push_str(&format!("; {why} {:?}, which it also supersedes", entries[&anchor].text));
                    seen.insert(*old);
                    chosen.push((*old, v));
                }
            }
            if !chosen.is_empty() {
                replaced.entry(new).or_default().extend(chosen.iter().map(|c| c.0));
            }
            for (old, v) in chosen {
                let old = &entries[&old];
                // A keeper of merges can be superseded too: the merged
                // statements said the same outdated thing.
                let mut after = old.clone();
                after.status = Status::Superseded;
                after.superseded_by = Some(new);
                after.status_at = Some(now);
                gone.insert(old.id);
                planned.insert(
                    old.id,
                    Planned {
                        before: old.clone(),
                        after,
                        action: Action::Superseded,
                        change: DreamChange {
                            kind: ChangeKind::Supersede,
                            entry: old.id,
                            target: Some(new),
                            namespace: old.namespace.clone(),
                            text: old.text.clone(),
                            reason: v.reason,
                            scores: v.scores,
                        },
                    },
                );
            }
        }
        Ok(())
    }

    /// Apply the plan in one atomic batch with the dream record.
    fn apply_dream(
        &self,
        mut planned: HashMap<EntryId, Planned>,
        insights: Vec<PlannedInsight>,
        report: &mut DreamReport,
    ) -> Result<()> {
        let dream_id = report.dream_id;
        // Updated insights are changed entries; new ones are inserted.
        let mut new_entries = Vec::new();
        let mut new_changes = Vec::new();
        let mut reembed: Vec<(EntryId, String)> = Vec::new();
        for ins in insights {
            match ins.existing {
                Some(before) => {
                    let mut after = before.clone();
                    after.text = ins.entry.text.clone();
                    after.provenance = ins.entry.provenance.clone();
                    after.metadata = ins.entry.metadata.as_ref().map(|m| m.to_string());
                    after.kind = ins.entry.kind;
                    reembed.push((before.id, after.text.clone()));
                    planned.insert(before.id, Planned { before, after, action: Action::Updated, change: ins.change });
                }
                None => {
                    new_entries.push(ins.entry);
                    new_changes.push(ins.change);
                }
            }
        }
        let texts: Vec<&str> = reembed.iter().map(|(_, t)| t.as_str()).collect();
        let vectors = self.embed_checked(&texts)?;

        let mut applied: Vec<Entry> = Vec::new();
        let mut changes: Vec<DreamChange> = Vec::new();
        let mut stale = 0usize;
        let mut applied_seq = 0;
        let reviewed = report.sessions_reviewed.clone();
        let record = report.clone();
        let reason = format!("dream {dream_id}: recurring pattern");
        let ids = self.insert_entries(new_entries, Some((dream_id, &reason)), |batch, c| {
            c.next_dream = c.next_dream.max(dream_id + 1);
            applied_seq = c.seq;
            let now = now_millis();
            let mut order: Vec<EntryId> = planned.keys().copied().collect();
            order.sort_unstable();
            for id in order {
                let p = &planned[&id];
                // Left for the next dream if the agent changed it since the snapshot.
                let current = self.store.get_entry(id)?;
                if current.as_ref().map(|e| e.seq) != Some(p.before.seq) {
                    stale += 1;
                    continue;
                }
                let mut after = p.after.clone();
                after.seq = c.seq;
                after.updated_at = now;
                self.store.put_entry(batch, &after);
                if let Some(pos) = reembed.iter().position(|(rid, _)| *rid == id) {
                    batch.put_cf(self.store.cf(CF_VECTORS), id_key(id), codec::encode_vector(&vectors[pos]));
                }
                self.push_dream_event(
                    batch,
                    c,
                    id,
                    now,
                    p.action,
                    Some(format!("dream {dream_id}: {}", p.change.reason)),
                    current,
                    Some(dream_id),
                );
                applied.push(after);
                changes.push(p.change.clone());
            }
            for sid in &reviewed {
                if let Some(mut s) = self.store.get_session(*sid)? {
                    if s.status == SessionStatus::Closed {
                        s.status = SessionStatus::Reviewed;
                        self.store.put_session(batch, &s);
                    }
                }
            }
            // The record in this batch lists every change, so a dream killed
            // later (during the rebuild or compaction, before the final
            // record below) can still be undone. New insights took the last
            // `new_changes.len()` entry ids.
            let first_new = c.next_entry - new_changes.len() as u64;
            let mut all = changes.clone();
            all.extend(new_changes.iter().zip(first_new..).map(|(ch, id)| DreamChange { entry: id, ..ch.clone() }));
            all.sort_by_key(|ch| (ch.kind as u8, ch.entry));
            let mut rec = record.clone();
            rec.changes = all;
            rec.skipped_stale = stale;
            rec.applied_seq = Some(c.seq);
            batch.put_cf(self.store.cf(CF_DREAMS), id_key(dream_id), encode(&rec));
            Ok(())
        })?;
        for (id, mut ch) in ids.iter().zip(new_changes) {
            ch.entry = *id;
            changes.push(ch);
        }
        // In-memory catalog and indexes.
        {
            let mut st = self.state.write();
            for e in &applied {
                let ns = st.intern(&e.namespace);
                st.catalog.insert(e.id, Meta::of(e, ns));
                if let Some(pos) = reembed.iter().position(|(rid, _)| *rid == e.id) {
                    if let Some(ix) = st.namespaces.get_mut(&e.namespace) {
                        ix.upsert(e.id, &vectors[pos]);
                    }
                }
            }
            st.changes_since_checkpoint += applied.len();
        }
        for e in &applied {
            if reembed.iter().any(|(rid, _)| *rid == e.id) {
                self.lexical.upsert(e.id, &e.namespace, &e.text, e.context.as_deref())?;
            }
        }
        self.lexical.mark(self.write.lock().seq);
        changes.sort_by_key(|c| (c.kind as u8, c.entry));
        report.changes = changes;
        report.skipped_stale = stale;
        report.applied_seq = Some(applied_seq);
        Ok(())
    }

    /// Every dream, oldest first.
    pub fn dreams(&self) -> Result<Vec<DreamReport>> {
        let mut out = Vec::new();
        self.store.scan_prefix(CF_DREAMS, &[], |_, v| {
            out.push(codec::decode(v, "dream record")?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Put back every entry a dream touched, remove the insights it
    /// created, and mark its sessions unreviewed. Entries the agent changed
    /// after the dream are left as they are (and listed).
    pub fn undo(&self, dream_id: u64) -> Result<UndoReport> {
        let _one = self.dreaming.lock();
        let raw = self
            .store
            .get_raw(CF_DREAMS, &id_key(dream_id))?
            .ok_or_else(|| Error::NotFound(format!("dream {dream_id}")))?;
        let mut record: DreamReport = codec::decode(&raw, "dream record")?;
        if record.undone_at.is_some() {
            return Err(Error::invalid(format!("dream {dream_id} is already undone")));
        }
        let Some(seq) = record.applied_seq else {
            return Err(Error::invalid(format!("dream {dream_id} changed nothing (dry run or cancelled)")));
        };
        let touched: BTreeSet<EntryId> = record.changes.iter().map(|c| c.entry).collect();
        let mut out = UndoReport { dream_id, restored: Vec::new(), removed: Vec::new(), skipped: Vec::new() };
        let mut counters = self.write.lock();
        let mut c = *counters;
        c.seq += 1;
        let now = now_millis();
        let mut batch = WriteBatch::default();
        let mut restored: Vec<Entry> = Vec::new();
        for id in touched {
            let first = self.history(id)?.into_iter().find(|ev| ev.dream == Some(dream_id));
            let Some(ev) = first else { continue };
            let Some(current) = self.store.get_entry(id)? else { continue };
            // Still as the dream left it (the dream's write has its seq)?
            if current.seq != seq {
                out.skipped.push(id);
                continue;
            }
            match ev.before {
                Some(mut before) => {
                    before.seq = c.seq;
                    self.store.put_entry(&mut batch, &before);
                    if before.text != current.text {
                        let v = self.embed_checked(&[before.text.as_str()])?.remove(0);
                        batch.put_cf(self.store.cf(CF_VECTORS), id_key(id), codec::encode_vector(&v));
                    }
                    self.push_dream_event(&mut batch, &mut c, id, now, Action::Undone, Some(format!("undo of dream {dream_id}")), Some(current), Some(dream_id));
                    restored.push(before);
                    out.restored.push(id);
                }
                None => {
                    batch.delete_cf(self.store.cf(CF_ENTRIES), id_key(id));
                    batch.delete_cf(self.store.cf(CF_VECTORS), id_key(id));
                    self.push_dream_event(&mut batch, &mut c, id, now, Action::Undone, Some(format!("undo of dream {dream_id}: insight removed")), Some(current), Some(dream_id));
                    out.removed.push(id);
                }
            }
        }
        for sid in &record.sessions_reviewed {
            if let Some(mut s) = self.store.get_session(*sid)? {
                if s.status == SessionStatus::Reviewed {
                    s.status = SessionStatus::Closed;
                    self.store.put_session(&mut batch, &s);
                }
            }
        }
        record.undone_at = Some(now);
        batch.put_cf(self.store.cf(CF_DREAMS), id_key(dream_id), encode(&record));
        self.store.put_meta(&mut batch, crate::store::META_COUNTERS, &c);
        self.store.write(batch)?;
        *counters = c;
        drop(counters);
        {
            let mut st = self.state.write();
            for e in &restored {
                let ns = st.intern(&e.namespace);
                st.catalog.insert(e.id, Meta::of(e, ns));
                if let Some(v) = self.store.get_vector(e.id, self.dim)? {
                    if let Some(ix) = st.namespaces.get_mut(&e.namespace) {
                        ix.upsert(e.id, &v);
                    }
                }
            }
            for id in &out.removed {
                if let Some(m) = st.catalog.remove(id) {
                    if let Some(ix) = st.namespaces.get_mut(&*m.namespace) {
                        ix.remove(*id);
                    }
                }
            }
            st.changes_since_checkpoint += restored.len() + out.removed.len();
        }
        for e in &restored {
            self.lexical.upsert(e.id, &e.namespace, &e.text, e.context.as_deref())?;
        }
        for id in &out.removed {
            self.lexical.remove(*id);
        }
        self.lexical.mark(c.seq);
        Ok(out)
    }
}

/// Decay and capacity: which active entries go to the archive.
fn plan_refine(o: &DreamOptions, entries: &HashMap<EntryId, Entry>, planned: &mut HashMap<EntryId, Planned>, now: Millis) {
    const DAY: f32 = 86_400_000.0;
    let decay = |e: &Entry| {
        let last = e.last_recalled_at.unwrap_or(e.created_at).max(e.created_at);
        let age = (now - last).max(0) as f32 / DAY;
        e.importance * (-age / 90.0).exp2() * (1.0 + (1.0 + e.recall_count as f32).ln())
    };
    let archive = |e: &Entry, why: String, planned: &mut HashMap<EntryId, Planned>| {
        let mut after = e.clone();
        after.status = Status::Archived;
        after.archived_at = Some(now);
        after.status_at = Some(now);
        planned.insert(
            e.id,
            Planned {
                before: e.clone(),
                after,
                action: Action::Archived,
                change: DreamChange {
                    kind: ChangeKind::Archive,
                    entry: e.id,
                    target: None,
                    namespace: e.namespace.clone(),
                    text: e.text.clone(),
                    reason: why,
                    scores: vec![("decay".into(), decay(e))],
                },
            },
        );
    };
    let live = |e: &&Entry| {
        e.status == Status::Active
            && e.kind != Kind::Episode
            && !e.tags.iter().any(|t| t == INSIGHT_TAG)
            && (o.namespaces.is_empty() || o.namespaces.contains(&e.namespace))
    };
    if let Some(days) = o.archive_after_days {
        let mut stale: Vec<&Entry> = entries
            .values()
            .filter(live)
            .filter(|e| !planned.contains_key(&e.id) && e.importance < 0.8)
            .filter(|e| {
                let last = e.last_recalled_at.unwrap_or(e.created_at).max(e.created_at);
                (now - last) as f32 / DAY > days
            })
            .collect();
        stale.sort_by_key(|e| e.id);
        for e in stale {
            archive(e, format!("stale: neither created nor recalled in the last {days} days"), planned);
        }
    }
    if let Some(cap) = o.capacity {
        let mut by_ns: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for e in entries.values().filter(live).filter(|e| !planned.contains_key(&e.id)) {
            by_ns.entry(&e.namespace).or_default().push(e);
        }
        for (_, mut list) in by_ns {
            if list.len() <= cap {
                continue;
            }
            list.sort_by(|a, b| decay(a).total_cmp(&decay(b)).then(a.id.cmp(&b.id)));
            let excess = list.len() - cap;
            for e in list.into_iter().take(excess) {
                archive(e, format!("over capacity ({cap} active entries): lowest decay score"), planned);
            }
        }
    }
}
