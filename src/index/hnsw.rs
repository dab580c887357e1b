//! Approximate search with hnsw_rs.
//!
//! hnsw_rs has sharp edges (see CRATES.md): it exits the process on some
//! bad parameters, panics on a corrupt dump, cannot delete, and its
//! reloaded index borrows its loader. This wrapper validates parameters
//! first, only loads dumps whose checksums the caller verified, leaves
//! deletion to the tombstones of `NamespaceIndex`, and owns the loader.

use std::path::Path;

use hnsw_rs::hnswio::HnswIo;
use hnsw_rs::prelude::{AnnT, Distance, Hnsw};

use super::dot;
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
    hnsw: Hnsw<'static, f32, UnitCosine>,
}

impl HnswIndex {
    pub fn new(params: HnswParams, capacity: usize) -> Self {
        let hnsw = Hnsw::new(params.m, capacity.max(1024), MAX_LAYER, params.ef_construction, UnitCosine);
        HnswIndex { hnsw }
    }

    pub fn insert(&self, v: &[f32], slot: usize) {
        self.hnsw.insert_slice((v, slot));
    }

    /// Insert many points using all cores.
    pub fn insert_many(&self, items: &[(&[f32], usize)]) {
        self.hnsw.parallel_insert_slice(&items.to_vec());
    }

    pub fn len(&self) -> usize {
        self.hnsw.get_nb_point()
    }

    /// The `k` accepted slots nearest to `q`, best first, with their cosine.
    /// hnsw_rs may return rejected ids or fewer than k (upstream #27), so the
    /// filter is applied again here and the caller may widen `ef`.
    pub fn search(&self, q: &[f32], k: usize, ef: usize, accept: &dyn Fn(usize) -> bool) -> Vec<(usize, f32)> {
        let filter = |id: &usize| accept(*id);
        self.hnsw
            .search_filter(q, k, ef.max(k), Some(&filter))
            .into_iter()
            .filter(|n| accept(n.d_id))
            .map(|n| (n.d_id, 1.0 - n.distance))
            .collect()
    }

    /// The `n` nearest slots without a filter, with their cosine. hnsw_rs's
    /// filtered walk costs 2.5-3.4x its plain walk even when the filter
    /// accepts everything (measured by the ignored `hnsw_search_speed`
    /// test), so callers try this first and filter afterwards.
    pub fn search_plain(&self, q: &[f32], n: usize, ef: usize) -> Vec<(usize, f32)> {
        self.hnsw.search(q, n, ef.max(n)).into_iter().map(|n| (n.d_id, 1.0 - n.distance)).collect()
    }

    /// Every stored point as (slot, vector), for rebuilding without tombstones.
    pub fn points(&self) -> Vec<(usize, Vec<f32>)> {
        self.hnsw
            .get_point_indexation()
            .into_iter()
            .map(|p| (p.get_origin_id(), p.get_v().to_vec()))
            .collect()
    }

    /// Dump into `dir` as `graph.hnsw.graph` and `graph.hnsw.data`.
    pub fn dump(&self, dir: &Path) -> Result<()> {
        if self.len() == 0 {
            return Err(Error::invalid("cannot dump an empty HNSW index"));
        }
        let name = self
            .hnsw
            .file_dump(dir, "graph")
            .map_err(|e| Error::Io(std::io::Error::other(format!("hnsw dump failed: {e}"))))?;
        if name != "graph" {
            return Err(Error::Io(std::io::Error::other(format!("hnsw dump used basename {name:?}, expected \"graph\""))));
        }
        Ok(())
    }

    /// Load a dump written by [`HnswIndex::dump`]. The caller must have
    /// verified the files' checksums: hnsw_rs panics or exits on bad bytes.
    pub fn load(dir: &Path) -> Result<Self> {
        // The loaded graph borrows its loader (upstream issue #19). The
        // loader holds only paths and options when mmap is off, so leaking
        // it once per load is the simplest way to own an index outright.
        let io: &'static mut HnswIo = Box::leak(Box::new(HnswIo::new(dir, "graph")));
        let hnsw: Hnsw<'static, f32, UnitCosine> = io
            .load_hnsw::<f32, UnitCosine>()
            .map_err(|e| Error::corrupt(format!("cannot load HNSW dump in {}: {e}", dir.display())))?;
        Ok(HnswIndex { hnsw })
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
        let h = HnswIndex::new(HnswParams::default(), data.len());
        let refs: Vec<(&[f32], usize)> = data.iter().enumerate().map(|(i, v)| (v.as_slice(), i)).collect();
        h.insert_many(&refs);
        for ef in [16, 64] {
            let t = std::time::Instant::now();
            for q in data.iter().take(500) {
                let _ = h.hnsw.search(q, 10, ef);
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
