//! Our own BERT encoder forward pass with 8-bit linear layers.
//!
//! The weights come from the same `model.safetensors` as the fp32 path and
//! are quantized once at load: every linear layer's weight matrix becomes a
//! candle `QTensor` in `Q8_0` (blocks of 32 signed bytes with one f16
//! scale), multiplied through `QMatMul`, which quantizes the activations to
//! 8 bits on the fly. Embeddings, LayerNorm, softmax, GELU and the bias
//! additions stay in f32, as do the attention products (they are small).
//!
//! Two layout choices make candle's fast kernel apply:
//! - candle's AVX-512 VNNI kernel for `Q8_0` (runtime-detected) needs the
//!   inner dimension to be a multiple of 256. MiniLM's hidden size is 384,
//!   so those weights are zero-padded to 512 columns and the activations
//!   padded to match; the padding contributes exact zeros. Without VNNI
//!   the padding is skipped.
//! - Query, key and value are one fused `1152 × k` matrix: one matmul
//!   instead of three.

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{Config, HiddenAct};

use super::kernels::BiasGelu;
use crate::error::{Error, Result};

/// A linear layer `y = x Wᵀ + b` with an 8-bit weight.
struct QLinear {
    weight: QMatMul,
    bias: Tensor,
    bias_host: Vec<f32>,
    /// Zero columns appended to the input so `k` becomes a multiple of 256.
    pad: usize,
}

/// Whether candle's repacked VNNI kernel is available on this CPU.
fn vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512vnni") && std::arch::is_x86_feature_detected!("avx512bw")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl QLinear {
    /// Quantize `weight` (out × in) to Q8_0; `pad_to_256` pads the input
    /// dimension up to a multiple of 256.
    fn new(weight: Tensor, bias: Tensor, pad_to_256: bool) -> Result<Self> {
        let (_, k) = weight.dims2()?;
        let pad = if pad_to_256 && k % 256 != 0 { k.div_ceil(256) * 256 - k } else { 0 };
        let weight = if pad > 0 { weight.pad_with_zeros(1, 0, pad)? } else { weight };
        let q = QTensor::quantize(&weight, GgmlDType::Q8_0)?;
        let bias_host = bias.to_vec1::<f32>()?;
        Ok(QLinear { weight: QMatMul::from_qtensor(q)?, bias, bias_host, pad })
    }

    /// `x Wᵀ` without the bias; `x` is (rows, k), contiguous.
    fn matmul(&self, x: &Tensor) -> Result<Tensor> {
        Ok(if self.pad > 0 {
            self.weight.forward(&x.pad_with_zeros(D::Minus1, 0, self.pad)?)?
        } else {
            self.weight.forward(x)?
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(self.matmul(x)?.broadcast_add(&self.bias)?)
    }

    /// `gelu(x Wᵀ + b)` with the exact (erf) GELU, fused.
    fn forward_gelu(&self, x: &Tensor) -> Result<Tensor> {
        Ok(self.matmul(x)?.apply_op1_no_bwd(&BiasGelu { bias: &self.bias_host })?)
    }
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f32,
}

impl LayerNorm {
    fn load(vb: VarBuilder, dim: usize, eps: f64) -> Result<Self> {
        Ok(LayerNorm { weight: vb.get(dim, "weight")?, bias: vb.get(dim, "bias")?, eps: eps as f32 })
    }
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps)?)
    }
}

struct Layer {
    qkv: QLinear,
    attn_out: QLinear,
    attn_norm: LayerNorm,
    intermediate: QLinear,
    output: QLinear,
    out_norm: LayerNorm,
}

/// The quantized BERT encoder (no pooler: sentence embeddings pool the
/// last hidden state).
pub(crate) struct QBert {
    word: Tensor,
    position: Tensor,
    token_type0: Tensor,
    embed_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
    hidden: usize,
    gelu_exact: bool,
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
        let pad = vnni();
        let e = vb.pp("embeddings");
        let word = e.get((config.vocab_size, h), "word_embeddings.weight")?;
        let position = e.get((config.max_position_embeddings, h), "position_embeddings.weight")?;
        let token_type0 = e.get((config.type_vocab_size, h), "token_type_embeddings.weight")?.get(0)?;
        let embed_norm = LayerNorm::load(e.pp("LayerNorm"), h, config.layer_norm_eps)?;
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            let s = a.pp("self");
            let w = |vb: &VarBuilder, name: &str, out: usize, inp: usize| -> Result<(Tensor, Tensor)> {
                let vb = vb.pp(name);
                Ok((vb.get((out, inp), "weight")?, vb.get(out, "bias")?))
            };
            let (qw, qb) = w(&s, "query", h, h)?;
            let (kw, kb) = w(&s, "key", h, h)?;
            let (vw, vbias) = w(&s, "value", h, h)?;
            let qkv = QLinear::new(Tensor::cat(&[qw, kw, vw], 0)?, Tensor::cat(&[qb, kb, vbias], 0)?, pad)?;
            let (ow, ob) = w(&a.pp("output"), "dense", h, h)?;
            let (iw, ib) = w(&l.pp("intermediate"), "dense", inter, h)?;
            let (fw, fb) = w(&l.pp("output"), "dense", h, inter)?;
            layers.push(Layer {
                qkv,
                attn_out: QLinear::new(ow, ob, pad)?,
                attn_norm: LayerNorm::load(a.pp("output").pp("LayerNorm"), h, config.layer_norm_eps)?,
                intermediate: QLinear::new(iw, ib, pad)?,
                output: QLinear::new(fw, fb, pad)?,
                out_norm: LayerNorm::load(l.pp("output").pp("LayerNorm"), h, config.layer_norm_eps)?,
            });
        }
        Ok(QBert {
            word,
            position,
            token_type0,
            embed_norm,
            layers,
            heads: config.num_attention_heads,
            head_dim: h / config.num_attention_heads,
            hidden: h,
            gelu_exact,
        })
    }

    /// Last hidden state, (n, len, hidden), for token ids (n, len) and a
    /// 0/1 attention mask (n, len). Token type ids are all zero.
    ///
    /// A small input (a query) runs whole on one worker of candle's thread
    /// pool, where candle runs every nested parallel op inline: one hand-off
    /// instead of a few per layer. Each hand-off wakes a parked thread; on a
    /// busy machine that wait can cost milliseconds, and a query pays ~50.
    pub(crate) fn forward(&self, ids: &Tensor, mask: &Tensor, device: &Device) -> Result<Tensor> {
        const SMALL_TOKENS: usize = 256;
        let pool = candle_core::utils::barrier_pool();
        if ids.elem_count() > SMALL_TOKENS || pool.n_workers() == 0 {
            return self.forward_inner(ids, mask, device);
        }
        let out = std::sync::Mutex::new(None);
        pool.execute(|tid| {
            if tid == 0 {
                let r = self.forward_inner(ids, mask, device);
                *out.lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            }
        });
        let r = out.into_inner().unwrap_or_else(|e| e.into_inner());
        r.unwrap_or_else(|| self.forward_inner(ids, mask, device))
    }

    fn forward_inner(&self, ids: &Tensor, mask: &Tensor, device: &Device) -> Result<Tensor> {
        let (n, len) = ids.dims2()?;
        let (h, heads, hd) = (self.hidden, self.heads, self.head_dim);
        let flat = ids.flatten_all()?;
        let word = self.word.index_select(&flat, 0)?.reshape((n, len, h))?;
        let pos = self.position.narrow(0, 0, len)?;
        let x = word.broadcast_add(&pos)?.broadcast_add(&self.token_type0)?;
        let mut x = self.embed_norm.forward(&x.reshape((n * len, h))?)?;
        // Additive mask: 0 where attended, a large negative where padded
        // (finite, so a fully padded row cannot produce NaN).
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * 1e9)?.reshape((n, 1, 1, len))?;
        let scale = 1.0 / (hd as f64).sqrt();
        let _ = device;
        for layer in &self.layers {
            let qkv = layer.qkv.forward(&x)?; // (n*len, 3h)
            let qkv = qkv.reshape((n, len, 3, heads, hd))?.permute((2, 0, 3, 1, 4))?; // (3, n, heads, len, hd)
            let q = (qkv.get(0)?.contiguous()? * scale)?;
            let k = qkv.get(1)?.contiguous()?;
            let v = qkv.get(2)?.contiguous()?;
            let scores = q.matmul(&k.t()?)?.broadcast_add(&bias)?; // (n, heads, len, len)
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx = probs.matmul(&v)?; // (n, heads, len, hd)
            let ctx = ctx.transpose(1, 2)?.contiguous()?.reshape((n * len, h))?;
            let attn = layer.attn_out.forward(&ctx)?;
            x = layer.attn_norm.forward(&(attn + &x)?)?;
            let mid = if self.gelu_exact {
                layer.intermediate.forward_gelu(&x)?
            } else {
                layer.intermediate.forward(&x)?.gelu()?
            };
            let out = layer.output.forward(&mid)?;
            x = layer.out_norm.forward(&(out + &x)?)?;
        }
        Ok(x.reshape((n, len, h))?)
    }
}
