//! Medians, percentiles and the interleaving order.

use std::time::Duration;

/// The order contenders run in during round `round`: a rotation, so that each contender is
/// first (right after the previous round's last) equally often.
pub fn rotation(round: usize, contenders: usize) -> impl Iterator<Item = usize> {
    (0..contenders).map(move |offset| (round + offset) % contenders)
}

/// The median of `values` (the mean of the two middle ones for an even count); NaN if empty.
pub fn median(values: &[f64]) -> f64 {
    let sorted = sorted(values);
    match sorted.len() {
        0 => f64::NAN,
        len if len % 2 == 1 => sorted[len / 2],
        len => (sorted[len / 2 - 1] + sorted[len / 2]) / 2.0,
    }
}

/// The `p`-th percentile (0..=100) of already sorted samples, nearest-rank: the smallest sample
/// with at least `p` percent of the samples at or below it.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `values` sorted ascending (NaNs last).
pub fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

/// Nanoseconds as a float, for sample vectors.
pub fn nanos(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e9
}

/// A duration in nanoseconds shown with a fitting unit: `812 ns`, `41.3 µs`, `12.8 ms`, `1.92 s`.
pub fn show_nanos(nanos: f64) -> String {
    if nanos < 1e3 {
        format!("{nanos:.0} ns")
    } else if nanos < 1e6 {
        format!("{:.1} µs", nanos / 1e3)
    } else if nanos < 1e9 {
        format!("{:.2} ms", nanos / 1e6)
    } else {
        format!("{:.2} s", nanos / 1e9)
    }
}

/// Per-round values of each contender, and ratios taken within a round.
#[derive(Debug, Clone)]
pub struct Rounds {
    names: Vec<String>,
    /// `values[contender][round]`.
    values: Vec<Vec<f64>>,
}

impl Rounds {
    /// No rounds yet, for contenders named `names`.
    pub fn new(names: &[&str]) -> Self {
        Self {
            names: names.iter().map(|name| (*name).to_owned()).collect(),
            values: vec![Vec::new(); names.len()],
        }
    }

    /// Records contender `index`'s value for the current round.
    pub fn push(&mut self, index: usize, value: f64) {
        self.values[index].push(value);
    }

    /// The contenders' names, in index order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The median over rounds of contender `index`.
    pub fn median(&self, index: usize) -> f64 {
        median(&self.values[index])
    }

    /// The median over rounds of `numerator / denominator`, each ratio within one round.
    pub fn ratio(&self, numerator: usize, denominator: usize) -> f64 {
        let ratios: Vec<f64> = self.values[numerator]
            .iter()
            .zip(&self.values[denominator])
            .map(|(top, bottom)| top / bottom)
            .collect();
        median(&ratios)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn percentile_is_nearest_rank() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 50.0), 50.0);
        assert_eq!(percentile(&samples, 99.0), 99.0);
        assert_eq!(percentile(&samples, 100.0), 100.0);
        assert_eq!(percentile(&samples, 0.0), 1.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }

    #[test]
    fn rotation_starts_each_contender_first_in_turn() {
        assert_eq!(rotation(0, 3).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(rotation(4, 3).collect::<Vec<_>>(), [1, 2, 0]);
    }

    #[test]
    fn ratios_are_taken_within_a_round() {
        let mut rounds = Rounds::new(&["a", "b"]);
        for (a, b) in [(2.0, 1.0), (10.0, 10.0), (30.0, 10.0)] {
            rounds.push(0, a);
            rounds.push(1, b);
        }
        assert_eq!(rounds.ratio(0, 1), 2.0);
        assert_eq!(rounds.median(0), 10.0);
    }
}
