//! A hand-written int8 GEMM for the 8-bit BERT linear layers.
//!
//! Why not candle's `QMatMul`: candle's `Q8_0` path quantizes the
//! activations again inside every call, single-threaded, with a scalar
//! rounding loop, and hands each op to its thread pool, where both cores
//! meet at a barrier several times per layer; on MiniLM those two costs
//! were about half of the 8-bit forward. This kernel keeps the weights
//! quantized and packed once at load, quantizes each activation row once
//! with a vector loop, and fuses dequantization and bias into the output
//! write. It runs on one thread: the caller splits *batches* across cores,
//! so a whole forward pass needs no synchronisation at all.
//!
//! Numerics: weights are symmetric int8 per output channel and block of
//! 128 inputs (`w ≈ sw[blk][c]·q`), activations symmetric int8 per row and
//! block (`x ≈ sx[r][blk]·q`), stored as `q + 128` (u8) because VNNI
//! multiplies u8 by i8; the extra `128·Σq_w` is subtracted with per-block
//! column sums computed at load. Each block's i32 sum is exact and is
//! scaled into the f32 output. Scales per whole row were ~10% faster but
//! lost accuracy to outliers (the FFN input after GELU): worst cosine to
//! the fp32 reference 0.9961 against 0.9986 with blocks
//! (`tests/embedding.rs`).
//!
//! Paths, chosen at run time: AVX-512 VNNI (`vpdpbusd`, 8 rows × 48
//! columns per micro-kernel on packed weights), AVX2 (the portable loop
//! compiled with AVX2 enabled, which LLVM turns into `vpmaddwd`), and the
//! portable loop itself.
//!
//! Unsafe code is of two kinds, each local: calling `#[target_feature]`
//! functions after checking the CPU has the feature (or, in the kernels,
//! from functions that have it), and the intrinsics' raw loads and stores
//! within bounds checked on entry.
#![allow(unsafe_code)]

/// Rows per VNNI micro-kernel.
const MR: usize = 8;
/// Columns per VNNI micro-kernel (three 16-lane registers).
const NR: usize = 48;

/// Which instruction set runs the GEMM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Isa {
    /// Plain Rust.
    Scalar,
    /// The plain loop compiled with AVX2 + FMA.
    Avx2,
    /// AVX-512 VNNI micro-kernel on packed weights.
    Vnni,
}

impl Isa {
    /// The best path this CPU has.
    pub(crate) fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512vnni")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512f")
            {
                return Isa::Vnni;
            }
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                return Isa::Avx2;
            }
        }
        Isa::Scalar
    }
}

/// A linear layer `y = x Wᵀ + b` with int8 weights, (n out × k in).
pub(crate) struct QLinear {
    pub(crate) n: usize,
    pub(crate) k: usize,
    isa: Isa,
    /// Row-major i8 weights (n × k): the portable and AVX2 paths.
    rows: Vec<i8>,
    /// VNNI layout: panels of NR columns; within a panel, for each group of
    /// four k, NR × 4 bytes (column-major within the group). k padded to
    /// `kp` (a multiple of 4), n to a multiple of NR, with zeros.
    packed: Vec<i8>,
    kp: usize,
    /// Scales are per block of `kb` inputs (`nb` blocks).
    kb: usize,
    nb: usize,
    /// Per k block and output channel (`[block][channel]`, channels padded
    /// to NR): weight scale and 128·Σ q over the block.
    scale: Vec<f32>,
    colsum128: Vec<i32>,
    /// Per output channel, padded to NR.
    bias: Vec<f32>,
}

impl QLinear {
    /// Quantize `w` (n × k, row-major) with bias `b` (n) for `isa`.
    pub(crate) fn new(w: &[f32], b: &[f32], n: usize, k: usize, isa: Isa) -> QLinear {
        assert_eq!(w.len(), n * k);
        assert_eq!(b.len(), n);
        let np = n.div_ceil(NR) * NR;
        let kp = k.div_ceil(4) * 4;
        let kb = block_len(k);
        let nb = kp / kb;
        let mut rows = vec![0i8; n * k];
        let mut scale = vec![0f32; nb * np];
        let mut colsum128 = vec![0i32; nb * np];
        let mut bias = vec![0f32; np];
        bias[..n].copy_from_slice(b);
        for c in 0..n {
            for blk in 0..nb {
                let (k0, k1) = (blk * kb, ((blk + 1) * kb).min(k));
                let row = &w[c * k + k0..c * k + k1];
                let amax = row.iter().fold(0f32, |m, v| m.max(v.abs()));
                let s = if amax > 0.0 { amax / 127.0 } else { 1.0 };
                scale[blk * np + c] = s;
                let mut sum = 0i32;
                for (q, v) in rows[c * k + k0..c * k + k1].iter_mut().zip(row) {
                    *q = (v / s).round().clamp(-127.0, 127.0) as i8;
                    sum += *q as i32;
                }
                colsum128[blk * np + c] = 128 * sum;
            }
        }
        let packed = if isa == Isa::Vnni {
            let mut p = vec![0i8; np * kp];
            for panel in 0..np / NR {
                let base = panel * NR * kp;
                for g in 0..kp / 4 {
                    for j in 0..NR {
                        let c = panel * NR + j;
                        for t in 0..4 {
                            let kk = g * 4 + t;
                            if c < n && kk < k {
                                p[base + g * NR * 4 + j * 4 + t] = rows[c * k + kk];
                            }
                        }
                    }
                }
            }
            p
        } else {
            Vec::new()
        };
        QLinear { n, k, isa, rows, packed, kp, kb, nb, scale, colsum128, bias }
    }

    /// `out[r] = x[r] Wᵀ + b` for the `m` rows of `x` (m × k); `out` is m × n.
    /// `q` is scratch for the quantized rows.
    pub(crate) fn forward(&self, x: &[f32], m: usize, out: &mut [f32], q: &mut Quantized) {
        assert_eq!(x.len(), m * self.k);
        assert_eq!(out.len(), m * self.n);
        q.quantize(x, m, self.k, self.kp, self.kb, self.isa);
        self.forward_quantized(q, out);
    }

    /// The GEMM on rows already quantized by [`Quantized::quantize`].
    fn forward_quantized(&self, q: &Quantized, out: &mut [f32]) {
        match self.isa {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Isa::Vnni` is only chosen (by `detect`, or by a test
            // after the same checks) on CPUs with AVX-512F/BW/VNNI.
            Isa::Vnni => unsafe { self.gemm_vnni(q, out) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Isa::Avx2` is only chosen on CPUs with AVX2 and FMA.
            Isa::Avx2 => unsafe { self.gemm_avx2(q, out) },
            _ => self.gemm_portable(q, out),
        }
    }

    #[inline(always)]
    fn gemm_portable(&self, q: &Quantized, out: &mut [f32]) {
        let (n, k) = (self.n, self.k);
        if k == 0 {
            out.copy_from_slice(&self.bias[..n].repeat(q.m));
            return;
        }
        let (kb, nb, np) = (self.kb, self.nb, self.bias.len());
        for r in 0..q.m {
            let o = &mut out[r * n..(r + 1) * n];
            o.copy_from_slice(&self.bias[..n]);
            for blk in 0..nb {
                let (k0, k1) = (blk * kb, ((blk + 1) * kb).min(k));
                let a = &q.data[r * q.kp + k0..r * q.kp + k1];
                let sx = q.scale[r * nb + blk];
                let per_col = self.colsum128[blk * np..].iter().zip(&self.scale[blk * np..]);
                for ((o, w), (cs, sw)) in o.iter_mut().zip(self.rows.chunks_exact(k)).zip(per_col) {
                    let acc = a.iter().zip(&w[k0..k1]).fold(0i32, |s, (&a, &w)| s + a as i32 * w as i32);
                    *o += (acc - cs) as f32 * (sx * sw);
                }
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn gemm_avx2(&self, q: &Quantized, out: &mut [f32]) {
        self.gemm_portable(q, out)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    unsafe fn gemm_vnni(&self, q: &Quantized, out: &mut [f32]) {
        use std::arch::x86_64::*;
        let (n, kp) = (self.n, self.kp);
        let m = q.m;
        assert!(q.kp == kp && q.data.len() >= m.div_ceil(MR) * MR * kp);
        let panels = n.div_ceil(NR);
        assert!(self.packed.len() >= panels * NR * kp);
        let (nb, gb, np) = (self.nb, self.kb / 4, self.bias.len());
        assert!(q.nb == nb && self.scale.len() >= nb * np && nb * gb * 4 == kp);
        let mut tile = [0f32; MR * NR];
        for rb in 0..m.div_ceil(MR) {
            let r0 = rb * MR;
            let a = q.data.as_ptr().add(r0 * kp);
            for p in 0..panels {
                let b = self.packed.as_ptr().add(p * NR * kp);
                let c0 = p * NR;
                for t in tile.chunks_exact_mut(NR) {
                    t.copy_from_slice(&self.bias[c0..c0 + NR]);
                }
                for blk in 0..nb {
                    let mut acc = [[_mm512_setzero_si512(); 3]; MR];
                    for g in blk * gb..(blk + 1) * gb {
                        // SAFETY: g < kp/4, so b + g·NR·4 + 3·64 bytes lies in
                        // this panel, and each a + i·kp + 4g + 4 lies in row
                        // r0+i < the padded row count (checked above).
                        let bp = b.add(g * NR * 4);
                        let b0 = _mm512_loadu_si512(bp as *const _);
                        let b1 = _mm512_loadu_si512(bp.add(64) as *const _);
                        let b2 = _mm512_loadu_si512(bp.add(128) as *const _);
                        for (i, acc) in acc.iter_mut().enumerate() {
                            let av = _mm512_set1_epi32((a.add(i * kp + g * 4) as *const i32).read_unaligned());
                            acc[0] = _mm512_dpbusd_epi32(acc[0], av, b0);
                            acc[1] = _mm512_dpbusd_epi32(acc[1], av, b1);
                            acc[2] = _mm512_dpbusd_epi32(acc[2], av, b2);
                        }
                    }
                    // Dequantize the block: tile += (acc − 128·Σq) · sx · sw.
                    for (i, acc) in acc.iter().enumerate() {
                        let sx = _mm512_set1_ps(q.scale.get((r0 + i) * nb + blk).copied().unwrap_or(0.0));
                        for (v, acc) in acc.iter().enumerate() {
                            let c = blk * np + c0 + v * 16;
                            // SAFETY: scale and colsum128 hold nb·np entries,
                            // np a multiple of NR ≥ c0 + NR; the tile is MR × NR.
                            let cs = _mm512_loadu_si512(self.colsum128.as_ptr().add(c) as *const _);
                            let sw = _mm512_loadu_ps(self.scale.as_ptr().add(c));
                            let f = _mm512_cvtepi32_ps(_mm512_sub_epi32(*acc, cs));
                            let t = tile.as_mut_ptr().add(i * NR + v * 16);
                            _mm512_storeu_ps(t, _mm512_fmadd_ps(f, _mm512_mul_ps(sx, sw), _mm512_loadu_ps(t)));
                        }
                    }
                }
                let cols = NR.min(n - c0);
                for i in 0..MR.min(m - r0) {
                    out[(r0 + i) * n + c0..(r0 + i) * n + c0 + cols].copy_from_slice(&tile[i * NR..i * NR + cols]);
                }
            }
        }
    }
}

/// Activation rows quantized to u8 (`q + 128`), one scale per row; rows
/// padded to a multiple of the micro-kernel height with the zero point.
#[derive(Default)]
pub(crate) struct Quantized {
    data: Vec<u8>,
    /// Per row and k block (`[row][block]`).
    scale: Vec<f32>,
    m: usize,
    kp: usize,
    nb: usize,
}

impl Quantized {
    fn quantize(&mut self, x: &[f32], m: usize, k: usize, kp: usize, kb: usize, isa: Isa) {
        let mp = m.div_ceil(MR) * MR;
        let nb = kp / kb;
        self.m = m;
        self.kp = kp;
        self.nb = nb;
        self.data.clear();
        self.data.resize(mp * kp, 128);
        self.scale.clear();
        self.scale.resize(m * nb, 0.0);
        for r in 0..m {
            for blk in 0..nb {
                let (k0, k1) = (blk * kb, ((blk + 1) * kb).min(k));
                let src = &x[r * k + k0..r * k + k1];
                let dst = &mut self.data[r * kp + k0..r * kp + k1];
                self.scale[r * nb + blk] = match isa {
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `Isa::Vnni` implies AVX-512F (see `Isa::detect`).
                    Isa::Vnni if src.len().is_multiple_of(16) => unsafe { quantize_row_avx512(src, dst) },
                    _ => quantize_row(src, dst),
                };
            }
        }
    }
}

/// Inputs per quantization block: 128 where `k` divides into them (the
/// MiniLM widths, 384 and 1536), else the whole padded row.
fn block_len(k: usize) -> usize {
    if k.is_multiple_of(128) {
        128
    } else {
        k.div_ceil(4) * 4
    }
}

#[inline(always)]
fn quantize_row(src: &[f32], dst: &mut [u8]) -> f32 {
    let amax = src.iter().fold(0f32, |m, v| m.max(v.abs()));
    if amax == 0.0 || !amax.is_finite() {
        dst.fill(128);
        return 0.0;
    }
    let inv = 127.0 / amax;
    for (d, &v) in dst.iter_mut().zip(src) {
        *d = ((v * inv).round_ties_even().clamp(-127.0, 127.0) as i32 + 128) as u8;
    }
    amax / 127.0
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn quantize_row_avx512(src: &[f32], dst: &mut [u8]) -> f32 {
    use std::arch::x86_64::*;
    assert!(src.len().is_multiple_of(16) && dst.len() == src.len());
    let mut mx = _mm512_setzero_ps();
    for c in src.chunks_exact(16) {
        // SAFETY: `c` holds 16 floats.
        mx = _mm512_max_ps(mx, _mm512_abs_ps(_mm512_loadu_ps(c.as_ptr())));
    }
    let amax = _mm512_reduce_max_ps(mx);
    if amax == 0.0 || !amax.is_finite() {
        dst.fill(128);
        return 0.0;
    }
    let inv = _mm512_set1_ps(127.0 / amax);
    let off = _mm512_set1_epi32(128);
    for (c, d) in src.chunks_exact(16).zip(dst.chunks_exact_mut(16)) {
        // SAFETY: `c` holds 16 floats and `d` 16 bytes. Rounding is to
        // nearest even (the default MXCSR mode); |v·inv| ≤ 127.
        let i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(c.as_ptr()), inv));
        let b = _mm512_cvtepi32_epi8(_mm512_add_epi32(i, off));
        _mm_storeu_si128(d.as_mut_ptr() as *mut __m128i, b);
    }
    amax / 127.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isas() -> Vec<Isa> {
        let mut v = vec![Isa::Scalar];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                v.push(Isa::Avx2);
            }
            if Isa::detect() == Isa::Vnni {
                v.push(Isa::Vnni);
            }
        }
        v
    }

    /// A small deterministic generator (no dependency on `rand` here).
    fn values(seed: u64, len: usize) -> Vec<f32> {
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..len)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 33) as f32 / (1u64 << 31) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    #[allow(clippy::needless_range_loop)] // index loops mirror the maths
    fn every_path_matches_a_naive_integer_reference() {
        for &(m, n, k) in &[(1, 48, 384), (13, 1152, 384), (37, 384, 1536), (9, 50, 36), (3, 17, 5)] {
            let w = values(1, n * k);
            let b = values(2, n);
            let mut x = values(3, m * k);
            x[0] = 7.5; // an outlier, as after GELU
            for isa in isas() {
                let lin = QLinear::new(&w, &b, n, k, isa);
                let mut q = Quantized::default();
                let mut out = vec![0f32; m * n];
                lin.forward(&x, m, &mut out, &mut q);
                let (kb, nb, np) = (lin.kb, lin.nb, lin.bias.len());
                for r in 0..m {
                    // Reference: the same quantized operands, an i32 dot per block.
                    let mut qa = vec![0u8; k];
                    let mut sx = vec![0f32; nb];
                    for blk in 0..nb {
                        let (k0, k1) = (blk * kb, ((blk + 1) * kb).min(k));
                        sx[blk] = quantize_row(&x[r * k + k0..r * k + k1], &mut qa[k0..k1]);
                        assert!((q.scale[r * nb + blk] - sx[blk]).abs() <= 1e-6 * sx[blk].abs());
                    }
                    assert_eq!(&q.data[r * q.kp..r * q.kp + k], &qa[..], "{isa:?} row {r} quantized differently");
                    for c in 0..n {
                        let mut want = b[c];
                        for blk in 0..nb {
                            let (k0, k1) = (blk * kb, ((blk + 1) * kb).min(k));
                            let dot: i32 = (k0..k1).map(|i| (qa[i] as i32 - 128) * lin.rows[c * k + i] as i32).sum();
                            want += dot as f32 * sx[blk] * lin.scale[blk * np + c];
                        }
                        let got = out[r * n + c];
                        assert!((got - want).abs() <= 1e-4 * want.abs().max(1.0), "{isa:?} {m}x{n}x{k} [{r},{c}]: {got} vs {want}");
                        // And close to the float product.
                        let exact: f32 = (0..k).map(|i| x[r * k + i] * w[c * k + i]).sum::<f32>() + b[c];
                        assert!((got - exact).abs() < 0.05 * (k as f32).sqrt(), "{isa:?}: {got} vs exact {exact}");
                    }
                }
            }
        }
    }
}
