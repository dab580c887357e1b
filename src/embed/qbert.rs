//! Our own BERT encoder forward pass with 8-bit linear layers.
//!
//! The weights come from the same `model.safetensors` as the fp32 path and
//! are quantized once at load: every linear layer's weight matrix becomes
//! int8 (a scale per output channel and block of 128 inputs), multiplied
//! by our own GEMM ([`super::int8`]), which quantizes each activation row
//! to 8 bits on the fly (a scale per block of 128). Embeddings,
//! LayerNorm, softmax, GELU and the attention products stay in f32.
//!
//! The forward pass is plain Rust on flat buffers, single-threaded: the
//! embedder runs different batches on different cores, so no op waits for
//! another thread. Padding costs nothing: a batch's tokens are packed
//! back to back (no padded rows), and attention runs per text over that
//! text's own tokens, which is exactly what masking the padding does.
//! Query, key and value are one fused `1152 × k` matrix: one GEMM instead
//! of three.
//!
//! Unsafe code here only calls the `#[target_feature]` copies of the
//! forward pass after checking the CPU has the features.
#![allow(unsafe_code)]

use candle_nn::VarBuilder;
use candle_transformers::models::bert::{Config, HiddenAct};

use super::int8::{Isa, QLinear, Quantized};
use super::kernels::gelu;
use crate::error::{Error, Result};

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

fn host(vb: &VarBuilder, shape: impl Into<candle_core::Shape>, name: &str) -> Result<Vec<f32>> {
    Ok(vb.get(shape, name)?.flatten_all()?.to_vec1::<f32>()?)
}

impl LayerNorm {
    fn load(vb: VarBuilder, dim: usize, eps: f64) -> Result<Self> {
        Ok(LayerNorm { weight: host(&vb, dim, "weight")?, bias: host(&vb, dim, "bias")?, eps: eps as f32 })
    }

    /// Normalise `x` in place, one row of `weight.len()` at a time.
    #[inline(always)]
    fn apply(&self, x: &mut [f32]) {
        let h = self.weight.len();
        for row in x.chunks_exact_mut(h) {
            let mean = sum(row) / h as f32;
            let mut var = [0f32; 8];
            for c in row.chunks_exact(8) {
                for (v, &x) in var.iter_mut().zip(c) {
                    *v += (x - mean) * (x - mean);
                }
            }
            let tail: f32 = row.chunks_exact(8).remainder().iter().map(|x| (x - mean) * (x - mean)).sum();
            let inv = 1.0 / ((var.iter().sum::<f32>() + tail) / h as f32 + self.eps).sqrt();
            for ((x, w), b) in row.iter_mut().zip(&self.weight).zip(&self.bias) {
                *x = (*x - mean) * inv * w + b;
            }
        }
    }
}

/// Σ x with eight partial sums, so the loop vectorises.
#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for c in x.chunks_exact(8) {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum::<f32>() + x.chunks_exact(8).remainder().iter().sum::<f32>()
}

/// a · b with eight partial sums.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for (ca, cb) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for ((s, &x), &y) in acc.iter_mut().zip(ca).zip(cb) {
            *s += x * y;
        }
    }
    let tail: f32 = a.chunks_exact(8).remainder().iter().zip(b.chunks_exact(8).remainder()).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

struct Layer {
    qkv: QLinear,
    attn_out: QLinear,
    attn_norm: LayerNorm,
    intermediate: QLinear,
    output: QLinear,
    out_norm: LayerNorm,
}

/// Per-thread working memory for [`QBert::embed_batch`].
#[derive(Default)]
pub(crate) struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    scores: Vec<f32>,
    q: Quantized,
}

/// The quantized BERT encoder (no pooler: sentence embeddings pool the
/// last hidden state).
pub(crate) struct QBert {
    word: Vec<f32>,
    position: Vec<f32>,
    token_type0: Vec<f32>,
    vocab: usize,
    max_positions: usize,
    embed_norm: LayerNorm,
    layers: Vec<Layer>,
    head_dim: usize,
    hidden: usize,
    inter: usize,
    gelu_exact: bool,
    isa: Isa,
}

impl QBert {
    pub(crate) fn load(vb: VarBuilder, config: &Config) -> Result<Self> {
        let vb = if vb.contains_tensor("embeddings.word_embeddings.weight") { vb } else { vb.pp("bert") };
        let h = config.hidden_size;
        let inter = config.intermediate_size;
        if config.num_attention_heads == 0 || !h.is_multiple_of(config.num_attention_heads) {
            return Err(Error::Model(format!(
                "hidden size {h} is not a multiple of the {} attention heads",
                config.num_attention_heads
            )));
        }
        let gelu_exact = match config.hidden_act {
            HiddenAct::Gelu => true,
            HiddenAct::GeluApproximate => false,
            HiddenAct::Relu => {
                return Err(Error::Model("the 8-bit BERT path supports GELU activations only".into()))
            }
        };
        let isa = Isa::detect();
        let e = vb.pp("embeddings");
        let word = host(&e, (config.vocab_size, h), "word_embeddings.weight")?;
        let position = host(&e, (config.max_position_embeddings, h), "position_embeddings.weight")?;
        let token_type0 = host(&e, (config.type_vocab_size, h), "token_type_embeddings.weight")?[..h].to_vec();
        let embed_norm = LayerNorm::load(e.pp("LayerNorm"), h, config.layer_norm_eps)?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            let s = a.pp("self");
            let w = |vb: &VarBuilder, name: &str, out: usize, inp: usize| -> Result<(Vec<f32>, Vec<f32>)> {
                let vb = vb.pp(name);
                Ok((host(&vb, (out, inp), "weight")?, host(&vb, out, "bias")?))
            };
            let (qw, qb) = w(&s, "query", h, h)?;
            let (kw, kb) = w(&s, "key", h, h)?;
            let (vw, vbias) = w(&s, "value", h, h)?;
            let qkv_w = [qw, kw, vw].concat();
            let qkv_b = [qb, kb, vbias].concat();
            let (ow, ob) = w(&a.pp("output"), "dense", h, h)?;
            let (iw, ib) = w(&l.pp("intermediate"), "dense", inter, h)?;
            let (fw, fb) = w(&l.pp("output"), "dense", h, inter)?;
            layers.push(Layer {
                qkv: QLinear::new(&qkv_w, &qkv_b, 3 * h, h, isa),
                attn_out: QLinear::new(&ow, &ob, h, h, isa),
                attn_norm: LayerNorm::load(a.pp("output").pp("LayerNorm"), h, config.layer_norm_eps)?,
                intermediate: QLinear::new(&iw, &ib, inter, h, isa),
                output: QLinear::new(&fw, &fb, h, inter, isa),
                out_norm: LayerNorm::load(l.pp("output").pp("LayerNorm"), h, config.layer_norm_eps)?,
            });
        }
        Ok(QBert {
            word,
            position,
            token_type0,
            vocab: config.vocab_size,
            max_positions: config.max_position_embeddings,
            embed_norm,
            layers,
            head_dim: h / config.num_attention_heads,
            hidden: h,
            inter,
            gelu_exact,
            isa,
        })
    }

    /// The pooled (not yet normalised) embedding of each text of `batch`
    /// (token ids, token type 0): the mean of its last hidden states, or
    /// the first one (`mean == false`, CLS pooling). Runs on the calling
    /// thread only.
    pub(crate) fn embed_batch(&self, batch: &[&[u32]], mean: bool, s: &mut Scratch) -> Result<Vec<Vec<f32>>> {
        for ids in batch {
            if ids.len() > self.max_positions {
                return Err(Error::Model(format!("{} tokens exceed the model's {} positions", ids.len(), self.max_positions)));
            }
            if let Some(&bad) = ids.iter().find(|&&t| t as usize >= self.vocab) {
                return Err(Error::Model(format!("token id {bad} is outside the vocabulary")));
            }
        }
        match self.isa {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Isa::Vnni` is chosen only on CPUs with AVX-512F/BW.
            Isa::Vnni => unsafe { self.run_avx512(batch, mean, s) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Isa::Avx2` is chosen only on CPUs with AVX2 and FMA.
            Isa::Avx2 => unsafe { self.run_avx2(batch, mean, s) },
            _ => Ok(self.run(batch, mean, s)),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx2,fma")]
    unsafe fn run_avx512(&self, batch: &[&[u32]], mean: bool, s: &mut Scratch) -> Result<Vec<Vec<f32>>> {
        Ok(self.run(batch, mean, s))
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn run_avx2(&self, batch: &[&[u32]], mean: bool, s: &mut Scratch) -> Result<Vec<Vec<f32>>> {
        Ok(self.run(batch, mean, s))
    }

    #[inline(always)]
    fn run(&self, batch: &[&[u32]], mean: bool, s: &mut Scratch) -> Vec<Vec<f32>> {
        let (h, hd, inter) = (self.hidden, self.head_dim, self.inter);
        let m: usize = batch.iter().map(|ids| ids.len()).sum();
        let longest = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let resize = |v: &mut Vec<f32>, len: usize| {
            v.clear();
            v.resize(len, 0.0);
        };
        resize(&mut s.x, m * h);
        resize(&mut s.qkv, m * 3 * h);
        resize(&mut s.ctx, m * h);
        resize(&mut s.tmp, m * h);
        resize(&mut s.mid, m * inter);
        resize(&mut s.scores, longest);

        // Embeddings: word + position + token type 0, then LayerNorm.
        let mut t = 0;
        for ids in batch {
            for (pos, &id) in ids.iter().enumerate() {
                let row = &mut s.x[t * h..(t + 1) * h];
                let w = &self.word[id as usize * h..(id as usize + 1) * h];
                let p = &self.position[pos * h..(pos + 1) * h];
                for (((x, w), p), tt) in row.iter_mut().zip(w).zip(p).zip(&self.token_type0) {
                    *x = w + p + tt;
                }
                t += 1;
            }
        }
        self.embed_norm.apply(&mut s.x);

        let scale = 1.0 / (hd as f32).sqrt();
        for layer in &self.layers {
            layer.qkv.forward(&s.x, m, &mut s.qkv, &mut s.q);
            // Attention, per text and head, over the text's own tokens.
            match hd {
                32 => attention::<32>(&s.qkv, &mut s.ctx, &mut s.scores, batch, h, scale),
                64 => attention::<64>(&s.qkv, &mut s.ctx, &mut s.scores, batch, h, scale),
                _ => attention_any(&s.qkv, &mut s.ctx, &mut s.scores, batch, h, hd, scale),
            }
            layer.attn_out.forward(&s.ctx, m, &mut s.tmp, &mut s.q);
            for (x, a) in s.x.iter_mut().zip(&s.tmp) {
                *x += a;
            }
            layer.attn_norm.apply(&mut s.x);

            layer.intermediate.forward(&s.x, m, &mut s.mid, &mut s.q);
            if self.gelu_exact {
                s.mid.iter_mut().for_each(|v| *v = gelu(*v));
            } else {
                s.mid.iter_mut().for_each(|v| *v = gelu_tanh(*v));
            }
            layer.output.forward(&s.mid, m, &mut s.tmp, &mut s.q);
            for (x, a) in s.x.iter_mut().zip(&s.tmp) {
                *x += a;
            }
            layer.out_norm.apply(&mut s.x);
        }

        let mut off = 0;
        batch
            .iter()
            .map(|ids| {
                let len = ids.len();
                if len == 0 {
                    return vec![0f32; h];
                }
                let rows = &s.x[off * h..(off + len) * h];
                off += len;
                if !mean {
                    return rows[..h].to_vec();
                }
                let mut v = vec![0f32; h];
                for row in rows.chunks_exact(h).take(len) {
                    for (v, x) in v.iter_mut().zip(row) {
                        *v += x;
                    }
                }
                v.iter_mut().for_each(|v| *v /= len as f32);
                v
            })
            .collect()
    }
}

/// Softmax attention for heads of `HD` dimensions (a constant, so the
/// per-token loops unroll into whole registers). `qkv` rows hold
/// `[q | k | v]`, `h` wide each; `ctx` receives the heads side by side.
#[inline(always)]
fn attention<const HD: usize>(qkv: &[f32], ctx: &mut [f32], scores: &mut [f32], batch: &[&[u32]], h: usize, scale: f32) {
    let row = |t: usize, part: usize, col: usize| -> &[f32; HD] {
        let at = t * 3 * h + part * h + col;
        qkv[at..at + HD].try_into().expect("HD-wide slice")
    };
    let mut off = 0;
    for ids in batch {
        let len = ids.len();
        let scores = &mut scores[..len];
        for col in (0..h).step_by(HD) {
            for i in 0..len {
                let qi = row(off + i, 0, col);
                let mut max = f32::NEG_INFINITY;
                for (j, sc) in scores.iter_mut().enumerate() {
                    let kj = row(off + j, 1, col);
                    let mut acc = [0f32; 16];
                    for (q, k) in qi.chunks_exact(16).zip(kj.chunks_exact(16)) {
                        for ((a, q), k) in acc.iter_mut().zip(q).zip(k) {
                            *a += q * k;
                        }
                    }
                    *sc = acc.iter().sum::<f32>() * scale;
                    max = max.max(*sc);
                }
                let mut total = 0.0;
                for sc in scores.iter_mut() {
                    *sc = exp_neg(*sc - max);
                    total += *sc;
                }
                let inv = 1.0 / total;
                let mut out = [0f32; HD];
                for (j, &p) in scores.iter().enumerate() {
                    let vj = row(off + j, 2, col);
                    let p = p * inv;
                    for (o, v) in out.iter_mut().zip(vj) {
                        *o += p * v;
                    }
                }
                ctx[(off + i) * h + col..(off + i) * h + col + HD].copy_from_slice(&out);
            }
        }
        off += len;
    }
}

/// [`attention`] for any head width.
fn attention_any(qkv: &[f32], ctx: &mut [f32], scores: &mut [f32], batch: &[&[u32]], h: usize, hd: usize, scale: f32) {
    let row = |t: usize, part: usize, col: usize| &qkv[t * 3 * h + part * h + col..t * 3 * h + part * h + col + hd];
    let mut off = 0;
    for ids in batch {
        let len = ids.len();
        let scores = &mut scores[..len];
        for col in (0..h).step_by(hd) {
            for i in 0..len {
                let mut max = f32::NEG_INFINITY;
                for (j, sc) in scores.iter_mut().enumerate() {
                    *sc = dot(row(off + i, 0, col), row(off + j, 1, col)) * scale;
                    max = max.max(*sc);
                }
                let mut total = 0.0;
                for sc in scores.iter_mut() {
                    *sc = exp_neg(*sc - max);
                    total += *sc;
                }
                let inv = 1.0 / total;
                let out = &mut ctx[(off + i) * h + col..(off + i) * h + col + hd];
                out.fill(0.0);
                for (j, &p) in scores.iter().enumerate() {
                    for (o, v) in out.iter_mut().zip(row(off + j, 2, col)) {
                        *o += p * inv * v;
                    }
                }
            }
        }
        off += len;
    }
}

/// eˣ for x ≤ 0 (softmax after subtracting the maximum), without a libm
/// call so the loop vectorises: x = n ln2 + r, |r| ≤ ln2/2, eʳ by its
/// degree-6 Taylor polynomial (relative error < 2e-7), 2ⁿ built in the
/// exponent bits. Below −87 it returns 0 rather than a subnormal.
#[inline(always)]
fn exp_neg(x: f32) -> f32 {
    const SHIFT: f32 = 12_582_912.0; // 1.5·2²³: adding it rounds to an integer
    let x = x.max(-87.0);
    let n = (x * std::f32::consts::LOG2_E + SHIFT) - SHIFT;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    let e = f32::from_bits((((n as i32) + 127) << 23) as u32);
    if x <= -87.0 {
        0.0
    } else {
        p * e
    }
}

/// GELU, tanh approximation.
#[inline(always)]
fn gelu_tanh(x: f32) -> f32 {
    0.5 * x * (1.0 + (0.797_884_6 * (x + 0.044_715 * x * x * x)).tanh())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_neg_matches_std() {
        for i in 0..17_400 {
            let x = -(i as f32) / 200.0;
            let (got, want) = (exp_neg(x), x.exp());
            assert!((got - want).abs() <= 3e-7 * want + 1e-38, "exp({x}) = {got}, want {want}");
        }
        assert_eq!(exp_neg(-1000.0), 0.0);
    }
}
