//! Embed the first 2,000 LoCoMo turns at one precision, for profiling
//! (`perf record`) without the other benchmark phases.
//!
//! `cargo run --release --example embed_profile -- q8 [rounds] [device]`
//! (device: cpu, the default, or auto / cuda:N with `--features cuda`).

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::Instant;

use dreamdb::embed::{BertEmbedder, BertOptions, DeviceChoice, Embedder, Precision};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let precision: Precision = args.next().unwrap_or_else(|| "q8".into()).parse()?;
    let rounds: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let device: DeviceChoice = args.next().map(|s| s.parse()).transpose()?.unwrap_or(DeviceChoice::Cpu);
    let d = support::locomo().ok_or_else(|| anyhow::anyhow!("LoCoMo not found"))?;
    let texts: Vec<String> = d.turns.iter().take(2000).map(|t| format!("{}: {}", t.speaker, t.text)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let dir = dreamdb::embed::default_model_dir()?;
    let m = BertEmbedder::new(&dir, BertOptions { device, precision, ..Default::default() })?;
    m.embed(&refs[..64])?;
    let t = Instant::now();
    for _ in 0..rounds {
        m.embed(&refs)?;
    }
    println!("{}: {:.1} texts/s", precision.as_str(), (rounds * refs.len()) as f64 / t.elapsed().as_secs_f64());
    Ok(())
}
