//! Exact search by brute force: the path for small namespaces, and the
//! oracle that the HNSW recall tests compare against.

use super::dot;

/// Vectors stored contiguously, addressed by slot.
#[derive(Debug, Clone)]
pub(crate) struct FlatIndex {
    dim: usize,
    data: Vec<f32>,
}

impl FlatIndex {
    pub fn new(dim: usize) -> Self {
        FlatIndex { dim, data: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.data.len() / self.dim
    }

    pub fn push(&mut self, v: &[f32]) -> usize {
        debug_assert_eq!(v.len(), self.dim);
        self.data.extend_from_slice(v);
        self.len() - 1
    }

    pub fn vector(&self, slot: usize) -> &[f32] {
        &self.data[slot * self.dim..(slot + 1) * self.dim]
    }

    /// The `k` accepted slots most similar to `q`, best first, with their cosine.
    pub fn search(&self, q: &[f32], k: usize, accept: &dyn Fn(usize) -> bool) -> Vec<(usize, f32)> {
        let mut scored: Vec<(usize, f32)> = (0..self.len())
            .filter(|&s| accept(s))
            .map(|s| (s, dot(q, self.vector(s))))
            .collect();
        top_k(&mut scored, k);
        scored
    }
}

/// Keep the `k` highest scores, sorted best first (ties by slot, for determinism).
pub(crate) fn top_k(scored: &mut Vec<(usize, f32)>, k: usize) {
    let cmp = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if scored.len() > k && k > 0 {
        scored.select_nth_unstable_by(k - 1, cmp);
        scored.truncate(k);
    }
    scored.truncate(k);
    scored.sort_unstable_by(cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_most_similar_accepted_vectors_in_order() {
        let mut f = FlatIndex::new(2);
        f.push(&[1.0, 0.0]);
        f.push(&[0.0, 1.0]);
        f.push(&[0.8, 0.6]);
        let hits = f.search(&[1.0, 0.0], 2, &|_| true);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![0, 2]);
        let hits = f.search(&[1.0, 0.0], 2, &|s| s != 0);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![2, 1]);
        assert!(f.search(&[1.0, 0.0], 0, &|_| true).is_empty());
    }
}
