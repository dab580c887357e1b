//! `dreamdb`: the command-line interface. A thin layer over the library:
//! clap parses, the library does the work and returns typed errors, and
//! this file turns them into messages on stderr and a non-zero exit code.
//!
//! Output contract (scripts rely on it; see README.md): results go to
//! stdout, diagnostics to stderr; `--json` output is one JSON document per
//! line. Progress bars go to stderr (see `progress.rs`).

mod progress;

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, CommandFactory, Parser, Subcommand};
use dreamdb::dream::{DreamOptions, TrainedJudge};
use dreamdb::embed::DeviceChoice;
use dreamdb::{
    format_rfc3339, parse_rfc3339, Filter, Memory, NewEntry, Outcome, RecallMode, RecallQuery, Role,
};
use dreamdb::server::{entry_json, event_json, export_json, hit_json};
use progress::Progress;
use serde::Deserialize;
use serde_json::json;

/// Long-term memory for AI agents: remember, recall, log sessions, dream. Fully offline.
///
/// dreamdb keeps an agent's memories in one store directory (--db or
/// DREAMDB_DB). `remember` stores a memory; `recall` finds the ones that fit
/// a question (by meaning and by words); `session` logs a task turn by turn
/// with its outcome; `dream` learns from finished sessions: it turns
/// recurring mistakes and procedures into insights, merges duplicates and
/// retires outdated facts, and every change can be undone.
///
/// Agents reach the same store through `dreamdb mcp` (MCP tools over stdio,
/// for Claude Code, Cursor and other MCP clients) or `dreamdb serve` (a JSON
/// HTTP API); one process owns the store at a time.
#[derive(Parser)]
#[command(
    name = "dreamdb",
    version,
    after_long_help = EXAMPLES,
    after_help = "Run `dreamdb --help` for examples, `dreamdb <command> --help` for a command's options."
)]
struct Cli {
    /// Store directory (created if missing).
    #[arg(long, env = "DREAMDB_DB", global = true)]
    db: Option<PathBuf>,
    /// Model directory or Hugging Face cache folder [default: models/cache/all-MiniLM-L6-v2].
    #[arg(long, env = "DREAMDB_MODEL", global = true)]
    model: Option<PathBuf>,
    /// Where to run the model: auto, cpu, cuda or cuda:N.
    #[arg(long, default_value = "auto", global = true)]
    device: String,
    /// No progress bars (they are also hidden when stderr is not a terminal).
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Weight precision of the embedding model: q8 (8-bit) or f32 [default: the library's].
    #[arg(long, env = "DREAMDB_PRECISION", global = true)]
    precision: Option<String>,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  export DREAMDB_DB=~/.local/share/dreamdb/agent   # or pass --db DIR to every command
  dreamdb remember \"The staging deploy needs VPN access\" --tag ops
  dreamdb recall \"how do I deploy to staging?\" -k 3
  s=$(dreamdb session start --title \"fix the build\")
  dreamdb session log $s \"cargo build failed: missing libclang\" --role tool --error
  dreamdb session end $s --failure --note \"needs libclang-dev\"
  dreamdb dream --dry-run                           # preview what dreaming would change
  dreamdb dream && dreamdb dreams                   # apply it, list past dreams (undo with `dreamdb undo ID`)
  dreamdb mcp                                       # serve MCP tools over stdio
  dreamdb serve --addr 127.0.0.1:8377               # serve the HTTP API (GET /openapi.json)
  dreamdb completions bash > ~/.local/share/bash-completion/completions/dreamdb

Output: results on stdout, diagnostics and progress bars on stderr; with --json, one JSON document per line.";

#[derive(Subcommand)]
enum Command {
    /// Store one memory; prints its id once it is durable.
    Remember(RememberArgs),
    /// Import memories from a JSONL file (one object per line; `-` reads stdin).
    Import {
        /// The file.
        file: PathBuf,
        /// Import the valid lines and report the others (default: any invalid line imports nothing).
        #[arg(long)]
        skip_invalid: bool,
        /// Print a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Import finished work sessions from JSONL, one session per line:
    /// {"ns", "title", "turns": [{"role", "text", "error"}], "outcome": {"success", "score", "note"}}.
    ImportSessions {
        /// The file (`-` reads stdin).
        file: PathBuf,
        /// Print a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Find the memories that best match a query.
    Recall(RecallArgs),
    /// Print every entry, whatever its status, as JSONL.
    Export {
        /// Only this namespace.
        #[arg(long)]
        ns: Option<String>,
    },
    /// Show one entry.
    Get {
        /// Entry id (or external id with --ext).
        id: String,
        /// Treat ID as an external id in --ns.
        #[arg(long)]
        ext: bool,
        /// Namespace for --ext.
        #[arg(long, default_value = dreamdb::DEFAULT_NAMESPACE)]
        ns: String,
        /// Print the entry as one line of JSON (default: indented JSON).
        #[arg(long)]
        json: bool,
    },
    /// Remove an entry from memory (its history keeps a record).
    Forget {
        /// Entry id.
        id: u64,
        /// Print {"forgotten": ID}.
        #[arg(long)]
        json: bool,
    },
    /// Show an entry's audit history as JSON lines.
    History {
        /// Entry id.
        id: u64,
        /// Accepted for symmetry: the output is always JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Store figures.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Work sessions: start, log turns, end with an outcome.
    #[command(subcommand)]
    Session(SessionCmd),
    /// Dream once: review sessions, find recurring patterns, merge
    /// duplicates, resolve updates, archive stale entries.
    Dream {
        /// Compute and print the plan; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON (with `dream_id` and one record per change).
        #[arg(long)]
        json: bool,
        /// Only these namespaces (repeatable) [default: all].
        #[arg(long = "ns")]
        namespaces: Vec<String>,
        /// Sessions a pattern must recur in to become an insight.
        #[arg(long, default_value_t = 3)]
        min_sessions: usize,
        /// Archive entries neither created nor recalled for this many days.
        #[arg(long)]
        archive_after_days: Option<f32>,
        /// Keep at most this many active entries per namespace.
        #[arg(long)]
        capacity: Option<usize>,
        /// P(duplicate) at or above which two entries merge, from 0 to 1
        /// [default: the judge model's]. Higher merges less and more surely.
        #[arg(long, value_parser = probability)]
        merge_threshold: Option<f32>,
        /// P(update) at or above which a newer entry supersedes an older one,
        /// from 0 to 1 [default: the judge model's, lower when the hand rules
        /// also see an update]. Set here, it is the one bar.
        #[arg(long, value_parser = probability)]
        update_threshold: Option<f32>,
    },
    /// Show how a dream would judge two statements: duplicate (merge),
    /// update (the newer supersedes the older) or distinct, with the
    /// probabilities and the signals behind the decision. Stores nothing.
    Judge {
        /// The older statement.
        older: String,
        /// The newer statement (learned later).
        newer: String,
        /// As for `dream`.
        #[arg(long, value_parser = probability)]
        merge_threshold: Option<f32>,
        /// As for `dream`.
        #[arg(long, value_parser = probability)]
        update_threshold: Option<f32>,
        /// Print JSON: decision, reason and every named score.
        #[arg(long)]
        json: bool,
    },
    /// Restore every entry a dream changed and remove the insights it created.
    Undo {
        /// The dream id (see `dreams`).
        dream_id: u64,
        /// Print the undo report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List past dreams with their summaries.
    Dreams {
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Serve the store as MCP tools over stdio (for Claude Code, Cursor and other MCP clients).
    Mcp,
    /// Serve the store as a JSON HTTP API until SIGINT or SIGTERM; prints "listening on URL" first.
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Render a namespace's memory as Markdown for an agent to load at start.
    MemoryFile {
        /// Namespace.
        #[arg(long, default_value = dreamdb::DEFAULT_NAMESPACE)]
        ns: String,
        /// Size budget in bytes.
        #[arg(long, default_value_t = 8192)]
        budget: usize,
    },
    /// Write a consistent backup of the store to DIR (new or empty) while
    /// the store stays in use. A backup opens like any store.
    Backup {
        /// Backup directory.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup into the store directory given by --db (new or empty).
    Restore {
        /// Backup directory (made by `backup`).
        backup: PathBuf,
    },
    /// Remove an entry, or a whole namespace, with every trace: vectors,
    /// caches, indexes, history text, turns (unlike `forget`, which keeps
    /// the entry in its history).
    Erase {
        /// Entry id.
        #[arg(conflicts_with = "ns", required_unless_present = "ns")]
        id: Option<u64>,
        /// Erase this whole namespace instead (needs --yes).
        #[arg(long)]
        ns: Option<String>,
        /// Confirm a namespace erase.
        #[arg(long)]
        yes: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check that the store and its indexes agree, id by id (exit status 1 if not).
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct RememberArgs {
    /// The memory.
    text: String,
    /// Namespace.
    #[arg(long, default_value = dreamdb::DEFAULT_NAMESPACE)]
    ns: String,
    /// Kind: fact, preference, procedure, insight, mistake, episode, note.
    #[arg(long, default_value = "fact")]
    kind: String,
    /// Tag (repeatable).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// External id, unique within the namespace.
    #[arg(long = "id")]
    external_id: Option<String>,
    /// Importance, 0.0 to 1.0.
    #[arg(long)]
    importance: Option<f32>,
    /// When the fact was stated (RFC 3339).
    #[arg(long)]
    created_at: Option<String>,
    /// JSON metadata.
    #[arg(long)]
    meta: Option<String>,
    /// Print {"id": N}.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8377")]
    addr: String,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = dreamdb::server::http::DEFAULT_MAX_BODY)]
    max_body: usize,
}

#[derive(Args)]
struct RecallArgs {
    /// The query (omit with --batch).
    #[arg(required_unless_present = "batch")]
    query: Option<String>,
    /// Number of hits.
    #[arg(short, long, default_value_t = 10)]
    k: usize,
    /// Namespace to search (repeatable) [default: default].
    #[arg(long = "ns")]
    namespaces: Vec<String>,
    /// Only these kinds (repeatable).
    #[arg(long = "kind")]
    kinds: Vec<String>,
    /// Only entries carrying all these tags (repeatable).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Only entries created at or after this time (RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Only entries created before this time (RFC 3339).
    #[arg(long)]
    until: Option<String>,
    /// Statuses to include (repeatable) [default: active].
    #[arg(long = "status")]
    statuses: Vec<String>,
    /// What was active at this time (RFC 3339); overrides --status.
    #[arg(long)]
    as_of: Option<String>,
    /// Retrievers: hybrid (dense + BM25, fused), dense or lexical.
    #[arg(long, default_value = "hybrid")]
    mode: String,
    /// Read queries from a JSONL file of {"query", "k", "ns"} (`-` for stdin).
    #[arg(long, conflicts_with = "query")]
    batch: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum SessionCmd {
    /// Start a session; prints its id.
    Start {
        /// Namespace (the agent).
        #[arg(long, default_value = dreamdb::DEFAULT_NAMESPACE)]
        ns: String,
        /// Title or task.
        #[arg(long)]
        title: Option<String>,
        /// Print {"session": ID}.
        #[arg(long)]
        json: bool,
    },
    /// Log a turn; prints its position.
    Log {
        /// Session id.
        session: u64,
        /// What was said or done.
        text: String,
        /// user, assistant, tool or system.
        #[arg(long, default_value = "assistant")]
        role: String,
        /// The turn reports an error.
        #[arg(long)]
        error: bool,
        /// Print {"session": ID, "turn": N}.
        #[arg(long)]
        json: bool,
    },
    /// End a session with its outcome.
    End {
        /// Session id.
        session: u64,
        /// The session reached its goal.
        #[arg(long, conflicts_with = "failure")]
        success: bool,
        /// The session failed.
        #[arg(long)]
        failure: bool,
        /// Score, 0.0 to 1.0.
        #[arg(long)]
        score: Option<f32>,
        /// Note.
        #[arg(long)]
        note: Option<String>,
        /// Print the session as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DREAMDB_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(cli: &Cli) -> anyhow::Result<Memory> {
    let Some(db) = &cli.db else { bail!("no store given: pass --db DIR or set DREAMDB_DB") };
    let device: DeviceChoice = cli.device.parse()?;
    let mut b = Memory::builder(db).device(device);
    if let Some(p) = &cli.precision {
        b = b.precision(p.parse()?);
    }
    if let Some(m) = &cli.model {
        b = b.model_dir(m);
    }
    Ok(b.open()?)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Restore { backup } = &cli.command {
        let Some(db) = &cli.db else { bail!("no store given: pass --db DIR (the new store) or set DREAMDB_DB") };
        Memory::restore_backup(backup, db)?;
        println!("restored {} into {}", backup.display(), db.display());
        return Ok(());
    }
    if let Command::Completions { shell } = &cli.command {
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "dreamdb", &mut script);
        return match std::io::stdout().write_all(&script) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        };
    }
    let progress = Progress { quiet: cli.quiet };
    let mem = open(&cli)?;
    // The servers own stdout (MCP speaks JSON-RPC on it), so they run
    // before the locked writer below exists.
    match cli.command {
        Command::Mcp => return serve_mcp(mem),
        Command::Serve(a) => return serve_http(mem, a),
        _ => {}
    }
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    match cli.command {
        Command::Remember(a) => {
            let mut e = NewEntry::new(a.text).namespace(a.ns).kind(a.kind.parse()?);
            e.tags = a.tags;
            e.external_id = a.external_id;
            e.importance = a.importance;
            e.created_at = a.created_at.as_deref().map(parse_rfc3339).transpose()?;
            e.metadata = a.meta.as_deref().map(serde_json::from_str).transpose().context("--meta is not JSON")?;
            let id = mem.remember(e)?;
            if a.json {
                writeln!(out, "{}", json!({ "id": id }))?;
            } else {
                writeln!(out, "{id}")?;
            }
        }
        Command::Import { file, skip_invalid, json } => import(&mem, &file, skip_invalid, json, progress, &mut out)?,
        Command::ImportSessions { file, json } => import_sessions(&mem, &file, json, progress, &mut out)?,
        Command::Recall(a) => recall(&mem, a, progress, &mut out)?,
        Command::Export { ns } => {
            mem.for_each_entry(|e| {
                if ns.as_deref().is_none_or(|n| n == e.namespace) {
                    serde_json::to_writer(&mut out, &export_json(&e)).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
                Ok(())
            })?;
        }
        Command::Get { id, ext, ns, json } => {
            let entry = if ext {
                mem.get_by_external_id(&ns, &id)?
            } else {
                mem.get(id.parse().with_context(|| format!("entry id {id:?} is not a number (use --ext for external ids)"))?)?
            };
            let Some(e) = entry else { bail!("not found: entry {id}") };
            if json {
                serde_json::to_writer(&mut out, &entry_json(&e))?;
            } else {
                serde_json::to_writer_pretty(&mut out, &entry_json(&e))?;
            }
            writeln!(out)?;
        }
        Command::Forget { id, json } => {
            mem.forget(id)?;
            if json {
                writeln!(out, "{}", json!({ "forgotten": id }))?;
            } else {
                writeln!(out, "forgot {id}")?;
            }
        }
        Command::History { id, json: _ } => {
            let events = mem.history(id)?;
            if events.is_empty() {
                bail!("no history for entry {id}");
            }
            for ev in &events {
                writeln!(out, "{}", event_json(ev))?;
            }
        }
        Command::Stats { json } => {
            let s = mem.stats()?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&s)?)?;
            } else {
                writeln!(out, "store     {}", s.path.display())?;
                writeln!(out, "model     {} ({} dims)", s.model, s.dim)?;
                writeln!(out, "entries   {}", s.entries)?;
                writeln!(out, "sessions  {}", s.sessions)?;
                for n in &s.namespaces {
                    writeln!(
                        out,
                        "  {:<20} active {:>7}  merged {:>6}  superseded {:>6}  archived {:>6}  index {} ({} tombstones)",
                        n.name, n.active, n.merged, n.superseded, n.archived, n.index, n.tombstones
                    )?;
                }
            }
        }
        Command::Dream { dry_run, json, namespaces, min_sessions, archive_after_days, capacity, merge_threshold, update_threshold } => {
            let opts = DreamOptions {
                dry_run,
                namespaces,
                min_sessions,
                archive_after_days,
                capacity,
                judge: Arc::new(TrainedJudge::with_bars(merge_threshold, update_threshold)?),
                ..Default::default()
            };
            let spinner = progress.spinner(if dry_run { "dreaming (dry run)" } else { "dreaming" });
            let r = mem.dream(&opts);
            spinner.finish_and_clear();
            let r = r?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(out, "{}", r.summary())?;
                for c in &r.changes {
                    let target = c.target.map(|t| format!(" -> {t}")).unwrap_or_default();
                    writeln!(out, "  {:<15} #{}{target} [{}] {}", format!("{:?}", c.kind).to_lowercase(), c.entry, c.namespace, c.text)?;
                    writeln!(out, "                  why: {}", c.reason)?;
                }
            }
        }
        Command::Judge { older, newer, merge_threshold, update_threshold, json } => {
            let r = mem.judge_pair(&older, &newer, &TrainedJudge::with_bars(merge_threshold, update_threshold)?)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(out, "{}", json!(r.decision).as_str().unwrap_or_default())?;
                writeln!(out, "  why: {}", r.reason)?;
                writeln!(
                    out,
                    "  cosine {:.3}; toward duplicate: {}; toward update: {}",
                    r.cosine, r.signals.duplicate, r.signals.update
                )?;
            }
        }
        Command::Undo { dream_id, json } => {
            let r = mem.undo(dream_id)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(
                    out,
                    "undid dream {}: {} entries restored, {} insights removed, {} left as changed since",
                    r.dream_id,
                    r.restored.len(),
                    r.removed.len(),
                    r.skipped.len()
                )?;
            }
        }
        Command::Dreams { json } => {
            for r in mem.dreams()? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&r)?)?;
                } else {
                    let undone = if r.undone_at.is_some() { " [undone]" } else { "" };
                    writeln!(out, "{} {}{undone}", format_rfc3339(r.started_at), r.summary())?;
                }
            }
        }
        Command::MemoryFile { ns, budget } => {
            write!(out, "{}", mem.memory_file(&ns, budget)?)?;
        }
        Command::Restore { .. } => unreachable!("handled before the store is opened"),
        Command::Backup { dir, json } => {
            let r = mem.backup(&dir)?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(out, "backed up {} entries ({} files, {} bytes) to {} in {} ms", r.entries, r.files, r.bytes, r.path.display(), r.millis)?;
            }
        }
        Command::Erase { id, ns, yes, json } => {
            let r = match (id, ns) {
                (Some(id), _) => mem.erase(id)?,
                (None, Some(ns)) if yes => mem.erase_namespace(&ns)?,
                (None, Some(ns)) => bail!("erasing namespace {ns:?} removes all of its entries and sessions for good; add --yes"),
                (None, None) => bail!("give an entry id or --ns NAME"),
            };
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(out, "erased {} entries, {} sessions, {} turns, {} history events", r.entries.len(), r.sessions, r.turns, r.history_events)?;
                if !r.quoted_by.is_empty() {
                    writeln!(out, "note: entries {:?} quote the erased text; erase them too if needed", r.quoted_by)?;
                }
            }
        }
        Command::Check { json } => {
            let r = mem.check()?;
            if json {
                writeln!(out, "{}", serde_json::to_string(&r)?)?;
            } else {
                writeln!(out, "{} entries ({} active), {} vectors, {} in dense indexes, {} BM25 documents, {} dreams", r.entries, r.active, r.vectors, r.dense_indexed, r.lexical_docs, r.dreams)?;
                for p in &r.problems {
                    writeln!(out, "problem: {p}")?;
                }
            }
            out.flush()?;
            if !r.is_consistent() {
                bail!("{} problem(s) found", r.problems.len());
            }
        }
        Command::Mcp | Command::Serve(_) | Command::Completions { .. } => unreachable!("handled above"),
        Command::Session(cmd) => match cmd {
            SessionCmd::Start { ns, title, json } => {
                let id = mem.begin_session(&ns, title.as_deref())?;
                if json {
                    writeln!(out, "{}", json!({ "session": id }))?;
                } else {
                    writeln!(out, "{id}")?;
                }
            }
            SessionCmd::Log { session, text, role, error, json } => {
                let role: Role = role.parse()?;
                let turn = mem.log_turn(session, role, &text, error)?;
                if json {
                    writeln!(out, "{}", json!({ "session": session, "turn": turn }))?;
                } else {
                    writeln!(out, "{turn}")?;
                }
            }
            SessionCmd::End { session, success, failure, score, note, json } => {
                if success == failure {
                    bail!("say how the session ended: --success or --failure");
                }
                let s = mem.end_session(session, Outcome { success, score, note })?;
                if json {
                    writeln!(out, "{}", serde_json::to_string(&s)?)?;
                } else {
                    writeln!(out, "ended session {} ({} turns)", s.id, s.turns)?;
                }
            }
        },
    }
    out.flush()?;
    drop(out);
    mem.close()?;
    Ok(())
}

/// The non-blank lines of a file (or stdin for `-`) with their numbers, as
/// bytes: invalid UTF-8 is then one bad line, reported by the parser.
fn read_lines(file: &Path) -> anyhow::Result<Vec<(usize, Vec<u8>)>> {
    let reader: Box<dyn BufRead> = if file == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
        ))
    };
    let mut lines = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let bytes = line?;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            lines.push((i + 1, bytes));
        }
    }
    Ok(lines)
}

fn import(
    mem: &Memory,
    file: &Path,
    skip_invalid: bool,
    json: bool,
    progress: Progress,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let lines = read_lines(file)?;
    let mut good: Vec<(usize, NewEntry)> = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (n, line) in lines {
        let checked = dreamdb::import::parse_entry_line(&line).map_err(anyhow::Error::from).and_then(|e| {
            if let Some(x) = &e.external_id {
                let ns = e.namespace_or_default();
                if let Some(first) = seen.insert((ns.to_string(), x.clone()), n) {
                    bail!("external id {x:?} already used on line {first}");
                }
                if let Some(existing) = mem.get_by_external_id(ns, x)? {
                    bail!("external id {x:?} already used by entry {} in namespace {ns:?}", existing.id);
                }
            }
            Ok(e)
        });
        match checked {
            Ok(e) => good.push((n, e)),
            Err(err) => bad.push(format!("line {n}: {err:#}")),
        }
    }
    for b in bad.iter().take(50) {
        eprintln!("{b}");
    }
    if bad.len() > 50 {
        eprintln!("... and {} more invalid lines", bad.len() - 50);
    }
    if !bad.is_empty() && !skip_invalid {
        bail!("{} invalid line(s); nothing imported (use --skip-invalid to import the valid lines)", bad.len());
    }
    let total = good.len();
    let mut imported = 0usize;
    let bar = progress.bar(total as u64, "entries").with_message("importing");
    // Chunks bound memory and give progress; each chunk is one atomic write.
    for chunk in good.chunks(512) {
        let entries: Vec<NewEntry> = chunk.iter().map(|(_, e)| e.clone()).collect();
        let first_line = chunk[0].0;
        mem.remember_batch(entries)
            .with_context(|| format!("importing the chunk starting at line {first_line} ({imported} entries imported before it)"))?;
        imported += chunk.len();
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    if json {
        writeln!(out, "{}", json!({"imported": imported, "invalid": bad.len()}))?;
    } else {
        writeln!(out, "imported {imported} entries ({} invalid lines skipped)", bad.len())?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct SessionLine {
    ns: Option<String>,
    title: Option<String>,
    turns: Vec<TurnLine>,
    outcome: Option<OutcomeLine>,
}

#[derive(Deserialize)]
struct TurnLine {
    role: String,
    text: String,
    #[serde(default)]
    error: bool,
}

#[derive(Deserialize)]
struct OutcomeLine {
    success: bool,
    score: Option<f32>,
    note: Option<String>,
}

fn import_sessions(mem: &Memory, file: &Path, json: bool, progress: Progress, out: &mut impl Write) -> anyhow::Result<()> {
    let mut sessions = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in read_lines(file)? {
        let parsed = serde_json::from_slice::<SessionLine>(&line).map_err(anyhow::Error::from).and_then(|s| {
            let roles = s.turns.iter().map(|t| t.role.parse::<Role>()).collect::<Result<Vec<_>, _>>()?;
            if s.turns.iter().any(|t| t.text.trim().is_empty()) {
                bail!("a turn has empty text");
            }
            Ok((s, roles))
        });
        match parsed {
            Ok(s) => sessions.push(s),
            Err(e) => bad.push(format!("line {n}: {e:#}")),
        }
    }
    if !bad.is_empty() {
        for b in &bad {
            eprintln!("{b}");
        }
        bail!("{} invalid line(s); nothing imported", bad.len());
    }
    let (mut count, mut turns) = (0usize, 0usize);
    let bar = progress.bar(sessions.len() as u64, "sessions").with_message("importing");
    for (s, roles) in sessions {
        let ns = s.ns.unwrap_or_else(|| dreamdb::DEFAULT_NAMESPACE.to_string());
        let id = mem.begin_session(&ns, s.title.as_deref())?;
        for (t, role) in s.turns.iter().zip(roles) {
            mem.log_turn(id, role, &t.text, t.error)?;
            turns += 1;
        }
        if let Some(o) = s.outcome {
            mem.end_session(id, Outcome { success: o.success, score: o.score, note: o.note })?;
        }
        count += 1;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if json {
        writeln!(out, "{}", json!({"sessions": count, "turns": turns}))?;
    } else {
        writeln!(out, "imported {count} sessions ({turns} turns)")?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct BatchQuery {
    query: String,
    k: Option<usize>,
    ns: Option<NsField>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NsField {
    One(String),
    Many(Vec<String>),
}

fn recall(mem: &Memory, a: RecallArgs, progress: Progress, out: &mut impl Write) -> anyhow::Result<()> {
    let filter = Filter {
        namespaces: a.namespaces.clone(),
        kinds: a.kinds.iter().map(|k| k.parse()).collect::<Result<_, _>>()?,
        tags: a.tags.clone(),
        since: a.since.as_deref().map(parse_rfc3339).transpose()?,
        until: a.until.as_deref().map(parse_rfc3339).transpose()?,
        statuses: a.statuses.iter().map(|s| s.parse()).collect::<Result<_, _>>()?,
        as_of: a.as_of.as_deref().map(parse_rfc3339).transpose()?,
    };
    let mode: RecallMode = a.mode.parse()?;
    if let Some(batch) = &a.batch {
        let lines = read_lines(batch)?;
        let bar = progress.bar(lines.len() as u64, "queries").with_message("recalling");
        for (i, (n, line)) in lines.into_iter().enumerate() {
            let q: BatchQuery = serde_json::from_slice(&line).with_context(|| format!("line {n}"))?;
            let mut f = filter.clone();
            match q.ns {
                Some(NsField::One(ns)) => f.namespaces = vec![ns],
                Some(NsField::Many(ns)) => f.namespaces = ns,
                None => {}
            }
            let query = RecallQuery { text: q.query, k: q.k.unwrap_or(a.k), filter: f, mode };
            let hits = mem.recall(&query).with_context(|| format!("line {n}"))?;
            let hits: Vec<_> = hits.iter().map(hit_json).collect();
            writeln!(out, "{}", json!({"query_index": i, "hits": hits}))?;
            bar.inc(1);
        }
        bar.finish_and_clear();
        return Ok(());
    }
    let text = a.query.unwrap_or_default();
    let hits = mem.recall(&RecallQuery { text: text.clone(), k: a.k, filter, mode })?;
    if a.json {
        let hits: Vec<_> = hits.iter().map(hit_json).collect();
        writeln!(out, "{}", json!({"query": text, "hits": hits}))?;
    } else if hits.is_empty() {
        writeln!(out, "no memories match")?;
    } else {
        for h in &hits {
            writeln!(out, "{:>6}  {:.3}  [{}] {}", h.entry.id, h.score, h.entry.namespace, h.entry.text)?;
        }
    }
    Ok(())
}

/// `dreamdb mcp`: MCP over stdio until the client hangs up.
fn serve_mcp(mem: Memory) -> anyhow::Result<()> {
    eprintln!("dreamdb: serving MCP over stdio; the client ends it by closing stdin");
    dreamdb::server::mcp::serve_stdio(mem)?;
    Ok(())
}

/// `dreamdb serve`: the HTTP API until SIGINT or SIGTERM.
fn serve_http(mem: Memory, a: ServeArgs) -> anyhow::Result<()> {
    dreamdb::server::http::run(mem, &a.addr, a.max_body, |addr| {
        // Scripts (and the tests) read the bound address from this line.
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
        eprintln!("dreamdb: API description at http://{addr}{}; stop with Ctrl-C or SIGTERM", dreamdb::server::http::OPENAPI_PATH);
    })?;
    eprintln!("dreamdb: shut down; store closed");
    Ok(())
}

/// A probability for a threshold flag: a number from 0 to 1.
fn probability(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Ok(p) => Err(format!("{p} is not a probability: give a number from 0 to 1")),
        Err(e) => Err(format!("{s:?} is not a number: {e}")),
    }
}
