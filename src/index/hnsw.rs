//! Approximate search with hnsw_rs.
//!
//! hnsw_rs has sharp edges (see CRATES.md): it exits the process on some
//! bad parameters, panics on a corrupt dump, cannot delete, and its
//! reloaded index borrows its loader. This wrapper validates parameters
//! first, only loads dumps whose checksums the caller verified, leaves
//! deletion to the tombstones of `NamespaceIndex`, and owns the loader.
//!
//! hnsw_rs builds the graph and writes the dumps; searches walk the copy in
//! `graph.rs`, and the points inserted since the copy sit in a tail that
//! is screened by its codes and rescored the same way.

use std::path::{Path, PathBuf};

use hnsw_rs::hnswio::HnswIo;
use hnsw_rs::prelude::{AnnT, Distance, Hnsw};

use super::dot;
use super::graph::{Query, SearchGraph};
use crate::error::{Error, Result};

/// Cosine distance on unit vectors as `1 - dot`, clamped at 0.
///
/// Written here rather than using anndists' `DistDot`, whose SIMD path
/// asserts `dot <= 1.000002` and so can panic on vectors that are unit
/// length only up to rounding; `dot` is a chunked loop that the compiler
/// vectorises.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitCosine;

impl Distance<f32> for UnitCosine {
    fn eval(&self, va: &[f32], vb: &[f32]) -> f32 {
        (1.0 - dot(va, vb)).max(0.0)
    }
}

/// HNSW parameters, validated before they reach hnsw_rs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HnswParams {
    /// Links per node (M). Default 16; 2..=256.
    pub m: usize,
    /// Candidate list size while building. Default 200.
    pub ef_construction: usize,
    /// Candidate list size while searching (raised to k when smaller). Default 64.
    pub ef_search: usize,
}

impl Default for HnswParams {
    fn default() -> Self {
        HnswParams { m: 16, ef_construction: 200, ef_search: 64 }
    }
}

impl HnswParams {
    /// Reject what hnsw_rs would answer with `process::exit` or a panic.
    pub fn validate(&self) -> Result<()> {
        if !(2..=256).contains(&self.m) {
            return Err(Error::invalid(format!("hnsw m must be within 2..=256, got {}", self.m)));
        }
        if self.ef_construction < self.m || self.ef_construction > 10_000 {
            return Err(Error::invalid(format!(
                "hnsw ef_construction must be within m..=10000, got {}",
                self.ef_construction
            )));
        }
        if self.ef_search == 0 || self.ef_search > 10_000 {
            return Err(Error::invalid(format!("hnsw ef_search must be within 1..=10000, got {}", self.ef_search)));
        }
        Ok(())
    }
}

/// hnsw_rs only dumps graphs built with this many layers.
const MAX_LAYER: usize = 16;

pub(crate) struct HnswIndex {
    /// The builder. `None` after opening from a checkpoint until the first
    /// insert (or dump) needs it: searches never do, and loading it is most
    /// of the cost of opening a large store.
    hnsw: Option<Hnsw<'static, f32, UnitCosine>>,
    /// The checkpoint directory holding hnsw_rs's dump, while `hnsw` is `None`.
    dump_dir: Option<PathBuf>,
    params: HnswParams,
    /// The read-optimised copy every search walks (see `graph.rs`);
    /// `None` only if hnsw_rs's points are not the slots `0..n`.
    graph: Option<SearchGraph>,
    /// Vectors of the slots inserted since the copy, and their 8-bit codes
    /// and scales: every search scans the codes and rescores the best.
    tail: Vec<f32>,
    tail_codes: Vec<i8>,
    tail_scales: Vec<f32>,
    dim: usize,
}

/// Re-copy the graph once this many points were inserted since the last
/// copy (or a 32nd of the graph, if more): the scan of the tail's codes
/// then costs about as much as the graph walk (30 µs at 100k points), and
/// the copy (O(n), ~0.2 s at 100k) is paid once per that many inserts.
pub(crate) const TAIL_MIN: usize = 1024;
const TAIL_SHARE: usize = 32;

/// hnsw_rs's dump files, and ours, in a checkpoint directory.
const DUMP_FILES: [&str; 2] = ["graph.hnsw.graph", "graph.hnsw.data"];
const SEARCH_FILE: &str = "search.graph";

fn new_hnsw(params: HnswParams, capacity: usize) -> Hnsw<'static, f32, UnitCosine> {
    Hnsw::new(params.m, capacity.max(1024), MAX_LAYER, params.ef_construction, UnitCosine)
}

/// Load hnsw_rs's dump from `dir`. The caller must have verified the files'
/// checksums: hnsw_rs panics or exits on bad bytes.
fn load_dump(dir: &Path) -> Result<Hnsw<'static, f32, UnitCosine>> {
    // The loaded graph borrows its loader (upstream issue #19). The
    // loader holds only paths and options when mmap is off, so leaking
    // it once per load is the simplest way to own an index outright.
    let io: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(dir, "graph")));
    io.load_hnsw::<f32, UnitCosine>().map_err(|e| Error::corrupt(format!("cannot load HNSW dump in {}: {e}", dir.display())))
}

impl HnswIndex {
    pub fn new(params: HnswParams, capacity: usize, dim: usize) -> Self {
        HnswIndex { hnsw: Some(new_hnsw(params, capacity)), dump_dir: None, params, graph: None, tail: Vec::new(), tail_codes: Vec::new(), tail_scales: Vec::new(), dim }
    }

    fn covered(&self) -> usize {
        self.graph.as_ref().map_or(0, SearchGraph::len)
    }

    /// The builder, loaded from the checkpoint on first use. Should that
    /// fail (the files vanished or changed since they were verified), the
    /// graph is rebuilt from the vectors the search copy holds.
    fn builder(&mut self) -> &Hnsw<'static, f32, UnitCosine> {
        if self.hnsw.is_none() {
            let t = std::time::Instant::now();
            let loaded = match self.dump_dir.as_deref().map(load_dump) {
                Some(Ok(h)) if h.get_nb_point() == self.len() => Some(h),
                Some(Ok(h)) => {
                    tracing::warn!("HNSW dump has {} points, the search graph {}: rebuilding", h.get_nb_point(), self.len());
                    None
                }
                Some(Err(e)) => {
                    tracing::warn!("HNSW dump unusable, rebuilding the graph: {e}");
                    None
                }
                None => None,
            };
            let h = loaded.unwrap_or_else(|| {
                let points = self.points();
                let h = new_hnsw(self.params, points.len());
                let refs: Vec<(&[f32], usize)> = points.iter().map(|(s, v)| (v.as_slice(), *s)).collect();
                h.parallel_insert_slice(&refs);
                h
            });
            tracing::debug!(ms = t.elapsed().as_millis() as u64, "loaded the HNSW builder");
            self.hnsw = Some(h);
            self.dump_dir = None;
        }
        self.hnsw.as_ref().expect("just loaded")
    }

    fn push_tail(&mut self, v: &[f32]) {
        self.tail.extend_from_slice(v);
        let at = self.tail_codes.len();
        self.tail_codes.resize(at + self.dim, 0);
        self.tail_scales.push(super::graph::quantize(v, &mut self.tail_codes[at..]));
    }

    /// Copy the graph for searching and empty the tail.
    fn refresh(&mut self) {
        let t = std::time::Instant::now();
        let dim = self.dim;
        self.graph = SearchGraph::copy(self.builder(), dim);
        tracing::debug!(points = self.covered(), ms = t.elapsed().as_millis() as u64, "copied the HNSW graph for searching");
        if self.graph.is_none() {
            tracing::warn!("HNSW points are not dense slots; searching through hnsw_rs");
        }
        self.tail.clear();
        self.tail_codes.clear();
        self.tail_scales.clear();
    }

    pub fn insert(&mut self, v: &[f32], slot: usize) {
        self.builder().insert_slice((v, slot));
        self.extend_tail(&[(v, slot)]);
    }

    /// Insert a batch whose slots continue the sequence, using all cores.
    pub fn insert_batch(&mut self, items: &[(&[f32], usize)]) {
        match items {
            [] => {}
            [(v, slot)] => self.insert(v, *slot),
            _ => {
                self.builder().parallel_insert_slice(&items.to_vec());
                self.extend_tail(items);
            }
        }
    }

    /// Append points just given to hnsw_rs to the tail, and copy the graph
    /// again once the tail is long. Without a copy (hnsw_rs's points were
    /// not dense slots) searches use hnsw_rs and there is no tail.
    fn extend_tail(&mut self, items: &[(&[f32], usize)]) {
        if self.graph.is_none() && self.tail.is_empty() && items.first().is_some_and(|(_, slot)| *slot != 0) {
            return;
        }
        for (v, slot) in items {
            debug_assert_eq!(*slot, self.covered() + self.tail.len() / self.dim);
            self.push_tail(v);
        }
        if self.tail.len() / self.dim >= TAIL_MIN.max(self.covered() / TAIL_SHARE) {
            self.refresh();
        }
    }

    /// Build: insert many points using all cores, then copy the graph.
    pub fn insert_many(&mut self, items: &[(&[f32], usize)]) {
        self.builder().parallel_insert_slice(&items.to_vec());
        self.refresh();
    }

    /// Points, searchable ones (slots `0..len`).
    pub fn len(&self) -> usize {
        match &self.hnsw {
            Some(h) => h.get_nb_point(),
            None => self.covered() + self.tail.len() / self.dim.max(1),
        }
    }

    /// Whether hnsw_rs is in memory.
    #[cfg(test)]
    pub(crate) fn builder_loaded(&self) -> bool {
        self.hnsw.is_some()
    }

    #[cfg(test)]
    pub(crate) fn hnsw_for_tests(&mut self) -> &Hnsw<'static, f32, UnitCosine> {
        self.builder()
    }

    /// Points in the graph copy (the rest are in the tail).
    #[cfg(test)]
    pub(crate) fn copied(&self) -> usize {
        self.covered()
    }

    /// Up to `n` slots nearest to `q` from the graph copy (walked with
    /// breadth `ef`) and the tail, best first. The tail is treated like the
    /// walk: codes screen it, exact vectors rescore the best `ef`.
    fn walk(&self, q: &[f32], n: usize, ef: usize, accept: Option<&dyn Fn(usize) -> bool>) -> Option<Vec<(usize, f32)>> {
        let graph = self.graph.as_ref()?;
        let keep = ef.max(n);
        let query = Query::new(q);
        let mut out = graph.search(&query, keep, accept);
        if !self.tail_scales.is_empty() {
            let base = graph.len();
            let mut near: Vec<(usize, f32)> = self
                .tail_codes
                .chunks_exact(self.dim)
                .zip(&self.tail_scales)
                .enumerate()
                .filter(|(i, _)| accept.is_none_or(|f| f(base + i)))
                .map(|(i, (code, scale))| (i, query.approx(code, *scale)))
                .collect();
            if near.len() > keep {
                near.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1));
                near.truncate(keep);
            }
            out.extend(near.into_iter().map(|(i, _)| (base + i, dot(q, &self.tail[i * self.dim..(i + 1) * self.dim]))));
            out.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        out.truncate(n);
        Some(out)
    }

    /// The `k` accepted slots nearest to `q`, best first, with their cosine.
    pub fn search(&self, q: &[f32], k: usize, ef: usize, accept: &dyn Fn(usize) -> bool) -> Vec<(usize, f32)> {
        if let Some(hits) = self.walk(q, k, ef, Some(accept)) {
            return hits;
        }
        // Without a copy hnsw_rs is loaded. It may return rejected ids or
        // fewer than k (upstream #27), so its answer is filtered again.
        let Some(h) = &self.hnsw else { return Vec::new() };
        let filter = |id: &usize| accept(*id);
        h.search_filter(q, k, ef.max(k), Some(&filter))
            .into_iter()
            .filter(|n| accept(n.d_id))
            .map(|n| (n.d_id, 1.0 - n.distance))
            .collect()
    }

    /// The `n` nearest slots without a filter, with their cosine. Callers
    /// try this first and filter afterwards: a filtered walk visits more.
    pub fn search_plain(&self, q: &[f32], n: usize, ef: usize) -> Vec<(usize, f32)> {
        if let Some(hits) = self.walk(q, n, ef, None) {
            return hits;
        }
        let Some(h) = &self.hnsw else { return Vec::new() };
        h.search(q, n, ef.max(n)).into_iter().map(|n| (n.d_id, 1.0 - n.distance)).collect()
    }

    /// Every stored point as (slot, vector), for rebuilding without tombstones.
    pub fn points(&self) -> Vec<(usize, Vec<f32>)> {
        if let Some(g) = &self.graph {
            return g.vectors().chunks_exact(self.dim).chain(self.tail.chunks_exact(self.dim)).map(<[f32]>::to_vec).enumerate().collect();
        }
        let Some(h) = &self.hnsw else { return Vec::new() };
        h.get_point_indexation().into_iter().map(|p| (p.get_origin_id(), p.get_v().to_vec())).collect()
    }

    /// Dump into `dir`: hnsw_rs's `graph.hnsw.graph` and `graph.hnsw.data`
    /// (or, while hnsw_rs is not loaded, copies of the dump it came from),
    /// and the search copy with its tail as `search.graph`.
    pub fn dump(&self, dir: &Path) -> Result<()> {
        if self.len() == 0 {
            return Err(Error::invalid("cannot dump an empty HNSW index"));
        }
        match (&self.hnsw, &self.dump_dir) {
            (Some(h), _) => {
                let name = h
                    .file_dump(dir, "graph")
                    .map_err(|e| Error::Io(std::io::Error::other(format!("hnsw dump failed: {e}"))))?;
                if name != "graph" {
                    return Err(Error::Io(std::io::Error::other(format!(
                        "hnsw dump used basename {name:?}, expected \"graph\""
                    ))));
                }
            }
            (None, Some(from)) => {
                // Nothing was inserted since the load, so the dump is current.
                for f in DUMP_FILES {
                    if std::fs::hard_link(from.join(f), dir.join(f)).is_err() {
                        std::fs::copy(from.join(f), dir.join(f))?;
                    }
                }
            }
            (None, None) => return Err(Error::invalid("HNSW index has neither a builder nor a dump")),
        }
        if let Some(g) = &self.graph {
            g.save(&self.tail, &dir.join(SEARCH_FILE))?;
        }
        Ok(())
    }

    /// Load a dump written by [`HnswIndex::dump`]. The caller must have
    /// verified the files' checksums. With a search copy in the dump only
    /// that is read, and hnsw_rs loads on the first insert.
    pub fn load(dir: &Path, dim: usize, params: HnswParams) -> Result<Self> {
        let search = dir.join(SEARCH_FILE);
        if search.exists() {
            match SearchGraph::load(&search, dim) {
                Ok((graph, tail)) => {
                    let mut index = HnswIndex {
                        hnsw: None,
                        dump_dir: Some(dir.to_path_buf()),
                        params,
                        graph: Some(graph),
                        tail: Vec::new(),
                        tail_codes: Vec::new(),
                        tail_scales: Vec::new(),
                        dim,
                    };
                    for v in tail.chunks_exact(dim.max(1)) {
                        index.push_tail(v);
                    }
                    return Ok(index);
                }
                Err(e) => tracing::warn!("search graph unusable, copying it again from the HNSW dump: {e}"),
            }
        }
        let mut index = HnswIndex {
            hnsw: Some(load_dump(dir)?),
            dump_dir: None,
            params,
            graph: None,
            tail: Vec::new(),
            tail_codes: Vec::new(),
            tail_scales: Vec::new(),
            dim,
        };
        index.refresh();
        Ok(index)
    }
}

#[cfg(test)]
mod speed {
    use super::*;

    /// Where the time goes in hnsw_rs search: `cargo test --release --lib
    /// hnsw_search_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn hnsw_search_speed() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let dim = 384;
        let unit = |v: Vec<f32>| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let data: Vec<Vec<f32>> = (0..20_000).map(|_| unit((0..dim).map(|_| rng.random::<f32>() - 0.5).collect())).collect();
        let mut h = HnswIndex::new(HnswParams::default(), data.len(), dim);
        let refs: Vec<(&[f32], usize)> = data.iter().enumerate().map(|(i, v)| (v.as_slice(), i)).collect();
        h.insert_many(&refs);
        for ef in [16, 64] {
            let t = std::time::Instant::now();
            for q in data.iter().take(500) {
                let _ = h.hnsw.as_ref().expect("built").search(q, 10, ef);
            }
            let plain = t.elapsed().as_secs_f64() / 500.0 * 1e6;
            let t = std::time::Instant::now();
            for q in data.iter().take(500) {
                let _ = h.search(q, 10, ef, &|_| true);
            }
            let filtered = t.elapsed().as_secs_f64() / 500.0 * 1e6;
            let t = std::time::Instant::now();
            let mut n = 0.0;
            for q in data.iter().take(500) {
                for v in data.iter().take(1000) {
                    n += UnitCosine.eval(q, v);
                }
            }
            let per_dist = t.elapsed().as_secs_f64() / 500_000.0 * 1e9;
            println!("ef={ef}: plain search {plain:.0} µs, filtered {filtered:.0} µs, one distance {per_dist:.0} ns ({n:.0})");
        }
    }
}
