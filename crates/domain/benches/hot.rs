//! Micro-benchmarks of the domain's hot code: the balance optimizer (the
//! peer anchor's instance shape: 10,000 customers, 100 managers, 8 segments,
//! 30 % of them away from where a balanced plan would put them) and search
//! key building (run for every customer written, 100,000 per large import).
//! `cargo bench -p kumppani-domain`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kumppani_domain::balance::{CustomerSlot, Goals, propose, propose_deputies};
use kumppani_domain::search;
use std::hint::black_box;

/// A deterministic xorshift, so runs compare the same instance.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `customers` spread over `managers` and `segments`; a `skew` share of
/// them crowded onto the first tenth of the managers, so a rebalance must
/// move many.
fn instance(customers: i64, managers: i64, segments: i64, skew: u64, weighted: bool) -> (Vec<CustomerSlot>, Goals) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let slots = (0..customers)
        .map(|i| {
            let crowd = rng.below(100) < skew;
            let manager = if crowd { rng.below((managers / 10).max(1) as u64) } else { rng.below(managers as u64) };
            CustomerSlot {
                customer_id: i + 1,
                segment_id: rng.below(segments as u64) as i64 + 1,
                manager_id: Some(manager as i64 + 1),
                deputy_id: None,
                weight: if weighted { 1 + rng.below(5) as u32 } else { 1 },
                pinned: rng.below(100) == 0,
            }
        })
        .collect();
    let goals =
        Goals { managers: (1..=managers).collect(), every_segment: true, tolerance_percent: 10, by_weight: weighted };
    (slots, goals)
}

fn balance(c: &mut Criterion) {
    let mut g = c.benchmark_group("balance");
    g.sample_size(10);
    for (name, n, m) in [("1k_x_20", 1_000, 20), ("10k_x_100", 10_000, 100)] {
        let (slots, goals) = instance(n, m, 8, 30, false);
        g.bench_function(format!("propose_{name}"), |b| b.iter(|| propose(black_box(&slots), black_box(&goals))));
    }
    let (slots, goals) = instance(2_000, 40, 8, 30, true);
    g.bench_function("propose_weighted_2k_x_40", |b| b.iter(|| propose(black_box(&slots), black_box(&goals))));
    let (slots, goals) = instance(10_000, 100, 8, 0, false);
    g.bench_function("deputies_10k_x_100", |b| {
        b.iter_batched(|| slots.clone(), |s| propose_deputies(&s, &goals.managers), BatchSize::LargeInput)
    });
    g.finish();
}

fn search_keys(c: &mut Criterion) {
    let names = [
        "Tampereen kaupunki",
        "Pirkanmaan hyvinvointialue",
        "Acme Globex 00042 Ltd",
        "Länsi-Uudenmaan  Vesi ja Ympäristö Oy",
    ];
    c.bench_function("search/terms_x4", |b| {
        b.iter(|| {
            for n in names {
                black_box(search::terms(black_box(n), Some("0211675-2")));
            }
        })
    });
    c.bench_function("search/sort_key_x4", |b| {
        b.iter(|| {
            for n in names {
                black_box(search::sort_key(black_box(n)));
            }
        })
    });
    c.bench_function("search/query_words", |b| b.iter(|| search::query_words(black_box("acme  Globex ltd 42"))));
}

criterion_group!(benches, balance, search_keys);
criterion_main!(benches);
