//! An agent's loop with dreamdb linked in: remember what it is told, log
//! each task as a session with its outcome, dream between tasks, and recall
//! before the next one. The dream turns the error that keeps failing tasks
//! into a `mistake` insight, which the agent then recalls.
//!
//! ```sh
//! cargo run --release --example agent_loop            # a fresh temporary store
//! cargo run --release --example agent_loop -- DIR     # or a store of your own
//! ```
//!
//! The model comes from `DREAMDB_MODEL` or `models/cache/all-MiniLM-L6-v2`.
//! scripts/test.sh runs this example, and it exits non-zero if the loop does
//! not end with the insight recalled.

use dreamdb::dream::{ChangeKind, DreamOptions};
use dreamdb::{Kind, Memory, NewEntry, Outcome, RecallQuery, Role};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tmp;
    let dir = match std::env::args().nth(1) {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = std::env::temp_dir().join(format!("dreamdb-agent-loop-{}", std::process::id()));
            tmp.clone()
        }
    };
    let mem = Memory::open(&dir)?;
    let ns = "agent-1";

    // 1. Remember what the agent is told.
    mem.remember(
        NewEntry::new("Run database migrations with `make migrate` from the repository root")
            .namespace(ns)
            .kind(Kind::Procedure)
            .tag("db"),
    )?;

    // 2. Work: each task is a session, turn by turn, with its outcome.
    let tasks = [
        ("add a shipped_at column to orders", "error: could not obtain migration lock on table orders", false),
        ("rename users.fullname", "error: could not obtain migration lock on table users", false),
        ("ship the invoice rounding hotfix", "deploy finished, 12 pods restarted", true),
        ("drop the legacy invoices index", "error: could not obtain migration lock on table invoices", false),
        ("bump the logging library", "cargo update finished; all 214 tests passed", true),
    ];
    for (task, tool_output, success) in tasks {
        let s = mem.begin_session(ns, Some(task))?;
        mem.log_turn(s, Role::User, &format!("Please {task}."), false)?;
        mem.log_turn(s, Role::Tool, tool_output, !success)?;
        let note = (!success).then(|| "blocked by a migration lock".to_string());
        mem.end_session(s, Outcome { success, score: None, note })?;
    }

    // 3. Dream between tasks: the recurring error becomes an insight.
    let report = mem.dream(&DreamOptions::default())?;
    println!("{}", report.summary());
    for c in report.changes.iter().filter(|c| c.kind == ChangeKind::Insight) {
        println!("  insight #{}: {}", c.entry, c.text);
    }

    // 4. Before the next migration task, recall what memory says.
    let mut q = RecallQuery::new("I need to run a migration on the orders table", 3).namespaces([ns]);
    let hits = mem.recall(&q)?;
    println!("recall: {}", q.text);
    for h in &hits {
        println!("  {:.3} [{}] {}", h.score, h.entry.kind, h.entry.text);
    }
    q.filter.kinds = vec![Kind::Mistake];
    let mistakes = mem.recall(&q)?;
    mem.close()?;
    if dir.starts_with(std::env::temp_dir()) && std::env::args().nth(1).is_none() {
        std::fs::remove_dir_all(&dir)?;
    }

    match mistakes.first() {
        Some(h) if h.entry.text.contains("migration lock") => {
            println!("the agent now knows: {}", h.entry.text);
            Ok(())
        }
        _ => Err("the dream did not produce a recallable migration-lock insight".into()),
    }
}
