//! Dreams in the background: a named thread that starts a dream after N
//! closed sessions, after an idle period, or on an interval; one at a
//! time, cancellable, and never blocking recall (a dream plans on a
//! snapshot and applies one batch).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::{DreamOptions, DreamReport};
use crate::entry::{now_millis, SessionStatus};
use crate::memory::Memory;

/// When the background dreamer runs.
#[derive(Debug, Clone, Default)]
pub struct DreamSchedule {
    /// Dream once this many closed sessions wait for review.
    pub after_sessions: Option<usize>,
    /// Dream once the agent has written nothing for this long (and something waits).
    pub idle: Option<Duration>,
    /// Dream at least this often.
    pub interval: Option<Duration>,
    /// Options of each dream.
    pub options: DreamOptions,
}

/// Handle on the background dreamer; dropping it stops the thread.
pub struct Dreamer {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
    reports: Arc<Mutex<Vec<Result<DreamReport, String>>>>,
    memory: Arc<Memory>,
}

impl Dreamer {
    /// Reports (or errors) of the dreams run so far.
    pub fn reports(&self) -> Vec<Result<DreamReport, String>> {
        self.reports.lock().clone()
    }

    /// Stop the thread, cancelling a dream in progress (it applies nothing).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.memory.cancel.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            if h.join().is_err() {
                tracing::error!("the dreamer thread panicked");
            }
        }
    }
}

impl Drop for Dreamer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Memory {
    /// Start dreaming in the background on a schedule.
    pub fn start_dreamer(self: &Arc<Self>, schedule: DreamSchedule) -> std::io::Result<Dreamer> {
        let stop = Arc::new(AtomicBool::new(false));
        let reports = Arc::new(Mutex::new(Vec::new()));
        let (mem, stop2, reports2) = (Arc::clone(self), stop.clone(), reports.clone());
        let handle = std::thread::Builder::new().name("dreamdb-dreamer".into()).spawn(move || {
            let mut last = Instant::now();
            while !stop2.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                let idle_for = Duration::from_millis((now_millis() - mem.last_write.load(Ordering::Relaxed)).max(0) as u64);
                // Counting waiting sessions reads every session record: only
                // do it when a trigger needs the count.
                let interval_due = schedule.interval.is_some_and(|d| last.elapsed() >= d);
                let needs_count = schedule.after_sessions.is_some() || schedule.idle.is_some_and(|d| idle_for >= d);
                let waiting = if !interval_due && needs_count {
                    mem.sessions().map(|s| s.iter().filter(|s| s.status == SessionStatus::Closed).count()).unwrap_or(0)
                } else {
                    0
                };
                let due = interval_due
                    || schedule.after_sessions.is_some_and(|n| waiting >= n.max(1))
                    || schedule.idle.is_some_and(|d| waiting > 0 && idle_for >= d);
                if !due {
                    continue;
                }
                last = Instant::now();
                let r = mem.dream(&schedule.options).map_err(|e| e.to_string());
                if let Err(e) = &r {
                    tracing::warn!("background dream failed: {e}");
                }
                reports2.lock().push(r);
            }
        })?;
        Ok(Dreamer { stop, handle: Some(handle), reports, memory: Arc::clone(self) })
    }
}
