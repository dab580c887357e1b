//! The exact (erf) GELU for the 8-bit BERT forward.
//!
//! candle's `gelu_erf` calls a scalar `erf` per element; [`gelu`] uses an
//! erf approximation that is only a polynomial and a division (Abramowitz
//! and Stegun 7.1.28, absolute error ≤ 3e-7), so loops over it vectorise.

/// erf(x) for x ≥ 0 (A&S 7.1.28), written so the compiler can vectorise it.
#[inline(always)]
fn erf_pos(x: f32) -> f32 {
    const A: [f32; 6] = [0.070_523_08, 0.042_282_01, 0.009_270_527, 0.000_152_014_3, 0.000_276_567_2, 0.000_043_063_8];
    let p = 1.0 + x * (A[0] + x * (A[1] + x * (A[2] + x * (A[3] + x * (A[4] + x * A[5])))));
    let p2 = p * p;
    let p4 = p2 * p2;
    let p8 = p4 * p4;
    1.0 - 1.0 / (p8 * p8)
}

/// GELU with the exact erf form: 0.5 x (1 + erf(x / √2)).
#[inline(always)]
pub(crate) fn gelu(x: f32) -> f32 {
    let z = x * std::f32::consts::FRAC_1_SQRT_2;
    let e = erf_pos(z.abs());
    let e = if z < 0.0 { -e } else { e };
    0.5 * x * (1.0 + e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gelu_matches_the_exact_erf_form() {
        for i in -1000..=1000 {
            let x = i as f64 / 100.0;
            let exact = 0.5 * x * (1.0 + libm_erf(x / std::f64::consts::SQRT_2));
            let got = gelu(x as f32) as f64;
            assert!((got - exact).abs() < 2e-6 * x.abs().max(1.0), "gelu({x}) = {got}, want {exact}");
        }
        assert_eq!(gelu(-1e30), 0.0);
        assert_eq!(gelu(1e30), 1e30);
    }

    /// erf by its Taylor series (small |x|) or continued fraction (large),
    /// accurate to ~1e-12 over the tested range.
    fn libm_erf(x: f64) -> f64 {
        let s = x.signum();
        let x = x.abs();
        if x < 3.0 {
            let mut sum = 0.0;
            let mut term = x;
            let mut n = 0.0;
            while term.abs() > 1e-17 {
                sum += term / (2.0 * n + 1.0);
                n += 1.0;
                term *= -x * x / n;
            }
            s * sum * 2.0 / std::f64::consts::PI.sqrt()
        } else {
            // erfc continued fraction (Lentz), enough terms at x ≥ 3.
            let mut f = 0.0;
            for k in (1..60).rev() {
                f = (k as f64 / 2.0) / (x + f);
            }
            let erfc = (-x * x).exp() / std::f64::consts::PI.sqrt() / (x + f);
            s * (1.0 - erfc)
        }
    }
}
