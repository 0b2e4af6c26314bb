//! Names, addresses and identifiers for demo records.
//!
//! Organisation names come in tiers: first the plain names of real bodies
//! ("Tampereen kaupunki"), then their units ("Tampereen kaupungin
//! ruokapalvelut"), then units told apart by area. Each tier is a product of
//! word lists visited in a scattered order, so the n-th customer of a type
//! always gets the same name for a seed and early names do not repeat.

use kumppani_domain::{BusinessId, OrgType};
use rand::Rng;
use rand::seq::IndexedRandom;

use super::words::{
    AGENCIES, AGENCY_UNITS, AREAS, ASSOCIATION_KINDS, COMPANY_LINES, COMPANY_PREFIXES, FOUNDATION_KINDS,
    JOINT_AUTHORITIES, JOINT_KINDS, JOINT_UNITS, LARGE_MUNICIPALITIES, MEN, MUNICIPAL_UNITS, MUNICIPALITIES,
    Municipality, REGIONS, SERVICE_CENTRE_KINDS, SERVICE_CENTRES, STREETS, SURNAMES, WELLBEING_COUNTIES,
    WELLBEING_UNITS, WOMEN,
};

/// A pseudo-random permutation of `0..size`: a four-round Feistel network
/// over the smallest even number of bits that covers `size`, with cycle
/// walking to stay inside the range. Scattered, yet never repeats.
struct Permutation {
    size: u64,
    half: u32,
    salt: u64,
}

impl Permutation {
    fn new(size: u64, salt: u64) -> Permutation {
        let bits = 64 - size.max(2).saturating_sub(1).leading_zeros();
        Permutation { size: size.max(1), half: bits.div_ceil(2), salt }
    }

    fn mix(mut z: u64) -> u64 {
        // SplitMix64's finaliser.
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn round_trip(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half) - 1;
        let (mut left, mut right) = (x >> self.half, x & mask);
        for round in 0..4u64 {
            let f = Self::mix(right ^ self.salt.rotate_left(16 * round as u32) ^ (round << 60)) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half) | right
    }

    /// Where `i` (taken modulo the size) goes.
    fn apply(&self, i: u64) -> u64 {
        // Each step stays in 0..2^(2*half), at most four times the size, and
        // the walk returns inside the range because the network is a bijection.
        let mut x = i % self.size;
        loop {
            x = self.round_trip(x);
            if x < self.size {
                return x;
            }
        }
    }
}

/// The `j`-th point of the product of `radices`, in a scattered order.
fn pick(j: u64, radices: &[usize], salt: u64) -> Vec<usize> {
    let size: u64 = radices.iter().map(|&r| r as u64).product::<u64>().max(1);
    let mut p = Permutation::new(size, salt ^ radices.len() as u64).apply(j);
    radices
        .iter()
        .map(|&r| {
            let r = (r as u64).max(1);
            let d = p % r;
            p /= r;
            d as usize
        })
        .collect()
}

/// Which tier the `k`-th name falls in, its index there, and how many times
/// all tiers have been used up before it (0 until they run out).
fn locate(k: usize, tiers: &[&[usize]]) -> (usize, u64, usize) {
    let sizes: Vec<u64> = tiers.iter().map(|t| t.iter().map(|&r| r as u64).product()).collect();
    let total: u64 = sizes.iter().sum::<u64>().max(1);
    let (round, mut rest) = ((k as u64 / total) as usize, k as u64 % total);
    for (tier, &size) in sizes.iter().enumerate() {
        if rest < size {
            return (tier, rest, round);
        }
        rest -= size;
    }
    (0, 0, round)
}

/// Lower-cased ASCII for addresses: ä→a, ö→o, å→a; `keep` says which other
/// characters survive, the rest become `-` (collapsed).
fn fold(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'å' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() || keep(c) {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// An e-mail domain made from words of a name: "tampereen-vesi.fi".
fn domain_of(name: &str) -> String {
    let words: Vec<&str> = name
        .split(',')
        .next()
        .unwrap_or(name)
        .split_whitespace()
        .filter(|w| !matches!(*w, "Oy" | "ry" | "sr"))
        .take(3)
        .collect();
    format!("{}.fi", fold(&words.join(" "), |_| false))
}

fn municipality_kind(m: &Municipality) -> (&'static str, &'static str) {
    if m.city { ("kaupunki", "kaupungin") } else { ("kunta", "kunnan") }
}

/// The `k`-th organisation name of a type, and its staff's e-mail domain.
pub(super) fn organisation(org_type: OrgType, k: usize, salt: u64) -> (String, String) {
    // Each type walks its lists in its own order, so the first foundation
    // and the first association are not from the same town.
    let salt = Permutation::mix(salt ^ (org_type as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let (name, domain, round) = base_name(org_type, k, salt);
    if round == 0 { (name, domain) } else { (format!("{name} {}", round + 1), domain) }
}

/// Whether a name is one of the state's own service centres (which work
/// like agencies, not like municipal ones).
pub(super) fn is_state_service_centre(name: &str) -> bool {
    SERVICE_CENTRES.iter().any(|(n, _)| *n == name)
}

fn base_name(org_type: OrgType, k: usize, salt: u64) -> (String, String, usize) {
    let munis = MUNICIPALITIES.len();
    let large = LARGE_MUNICIPALITIES.min(munis);
    let muni_domain = |m: &Municipality| format!("{}.fi", fold(m.name, |_| false));
    match org_type {
        OrgType::Municipality => {
            let tiers: [&[usize]; 3] =
                [&[munis], &[munis, MUNICIPAL_UNITS.len()], &[munis, MUNICIPAL_UNITS.len(), AREAS.len()]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let m = &MUNICIPALITIES[d[0]];
            let (kind, kind_gen) = municipality_kind(m);
            let name = match tier {
                0 => format!("{} {kind}", m.genitive),
                1 => format!("{} {kind_gen} {}", m.genitive, MUNICIPAL_UNITS[d[1]]),
                _ => format!("{} {kind_gen} {}, {}", m.genitive, MUNICIPAL_UNITS[d[1]], AREAS[d[2]]),
            };
            (name, muni_domain(m), round)
        }
        OrgType::JointAuthority => {
            let tiers: [&[usize]; 4] = [
                &[JOINT_AUTHORITIES.len()],
                &[REGIONS.len(), JOINT_KINDS.len()],
                &[large, JOINT_KINDS.len()],
                &[munis, JOINT_KINDS.len(), JOINT_UNITS.len()],
            ];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let (name, domain) = match tier {
                0 => (JOINT_AUTHORITIES[d[0]].0.to_owned(), JOINT_AUTHORITIES[d[0]].1.to_owned()),
                1 => {
                    let name = format!("{} {}", REGIONS[d[0]], JOINT_KINDS[d[1]]);
                    let domain = domain_of(&name);
                    (name, domain)
                }
                2 => {
                    let name = format!("{} seudun {}", MUNICIPALITIES[d[0]].genitive, JOINT_KINDS[d[1]]);
                    let domain = domain_of(&name);
                    (name, domain)
                }
                _ => {
                    let base = format!("{} seudun {}", MUNICIPALITIES[d[0]].genitive, JOINT_KINDS[d[1]]);
                    let domain = domain_of(&base);
                    (format!("{base}, {}", JOINT_UNITS[d[2]]), domain)
                }
            };
            (name, domain, round)
        }
        OrgType::Other => {
            // Wellbeing services counties (hyvinvointialue) are their own kind
            // of public body: neither municipality nor joint authority.
            let counties = WELLBEING_COUNTIES.len();
            let tiers: [&[usize]; 3] =
                [&[counties], &[counties, WELLBEING_UNITS.len()], &[counties, WELLBEING_UNITS.len(), AREAS.len()]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let county = WELLBEING_COUNTIES[d[0]];
            let name = match tier {
                0 => format!("{county} hyvinvointialue"),
                1 => format!("{county} hyvinvointialueen {}", WELLBEING_UNITS[d[1]]),
                _ => format!("{county} hyvinvointialueen {}, {}", WELLBEING_UNITS[d[1]], AREAS[d[2]]),
            };
            (name, domain_of(&format!("{county} hyvinvointialue")), round)
        }
        OrgType::Agency => {
            let agencies = AGENCIES.len();
            let tiers: [&[usize]; 4] = [
                &[agencies],
                &[agencies, AGENCY_UNITS.len()],
                &[agencies, large],
                &[agencies, AGENCY_UNITS.len(), large],
            ];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let (agency, domain) = AGENCIES[d[0]];
            let name = match tier {
                0 => agency.to_owned(),
                1 => format!("{agency}, {}", AGENCY_UNITS[d[1]]),
                2 => format!("{agency}, {} toimipiste", MUNICIPALITIES[d[1]].genitive),
                _ => format!("{agency}, {}, {} toimipiste", AGENCY_UNITS[d[1]], MUNICIPALITIES[d[2]].genitive),
            };
            (name, domain.to_owned(), round)
        }
        OrgType::LimitedCompany => {
            let places = large + COMPANY_PREFIXES.len();
            let tiers: [&[usize]; 2] = [&[places, COMPANY_LINES.len()], &[munis, STREETS.len(), 40]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let (name, domain) = if tier == 0 {
                let place = match MUNICIPALITIES.get(d[0]).filter(|_| d[0] < large) {
                    Some(m) => m.genitive,
                    None => COMPANY_PREFIXES[(d[0] - large) % COMPANY_PREFIXES.len()],
                };
                let name = format!("{place} {} Oy", COMPANY_LINES[d[1]]);
                let domain = domain_of(&name);
                (name, domain)
            } else {
                let m = &MUNICIPALITIES[d[0]];
                let name = format!("Kiinteistö Oy {} {} {}", m.genitive, STREETS[d[1]], d[2] + 1);
                (name, muni_domain(m))
            };
            (name, domain, round)
        }
        OrgType::Foundation => {
            let tiers: [&[usize]; 2] = [&[munis, FOUNDATION_KINDS.len()], &[MEN.len(), WOMEN.len(), SURNAMES.len()]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let (name, domain) = if tier == 0 {
                let name = format!("{} {} sr", MUNICIPALITIES[d[0]].genitive, FOUNDATION_KINDS[d[1]]);
                let domain = domain_of(&name);
                (name, domain)
            } else {
                let family = genitive(SURNAMES[d[2]]);
                let name = format!("{} ja {} {family} säätiö sr", MEN[d[0]], WOMEN[d[1]]);
                (name, domain_of(&format!("{family} säätiö")))
            };
            (name, domain, round)
        }
        OrgType::Association => {
            let tiers: [&[usize]; 2] = [&[munis, ASSOCIATION_KINDS.len()], &[large, ASSOCIATION_KINDS.len()]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let place = MUNICIPALITIES[d[0]].genitive;
            let name = if tier == 0 {
                format!("{place} {} ry", ASSOCIATION_KINDS[d[1]])
            } else {
                format!("{place} seudun {} ry", ASSOCIATION_KINDS[d[1]])
            };
            let domain = domain_of(&name);
            (name, domain, round)
        }
        OrgType::ServiceCentre => {
            let kinds = SERVICE_CENTRE_KINDS.len();
            let tiers: [&[usize]; 4] =
                [&[SERVICE_CENTRES.len()], &[large, kinds], &[munis, kinds], &[large, kinds, AREAS.len()]];
            let (tier, j, round) = locate(k, &tiers);
            let d = pick(j, tiers[tier], salt);
            let (name, domain) = match tier {
                0 => (SERVICE_CENTRES[d[0]].0.to_owned(), SERVICE_CENTRES[d[0]].1.to_owned()),
                1 => {
                    let m = &MUNICIPALITIES[d[0]];
                    (format!("{} seudun {}", m.genitive, SERVICE_CENTRE_KINDS[d[1]]), muni_domain(m))
                }
                2 => {
                    let m = &MUNICIPALITIES[d[0]];
                    let (_, kind_gen) = municipality_kind(m);
                    (format!("{} {kind_gen} {}", m.genitive, SERVICE_CENTRE_KINDS[d[1]]), muni_domain(m))
                }
                _ => {
                    let m = &MUNICIPALITIES[d[0]];
                    let name = format!("{} seudun {}, {}", m.genitive, SERVICE_CENTRE_KINDS[d[1]], AREAS[d[2]]);
                    (name, muni_domain(m))
                }
            };
            (name, domain, round)
        }
    }
}

/// The genitive of a surname in the word list ("Virtanen" → "Virtasen").
fn genitive(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("nen") {
        format!("{stem}sen")
    } else if let Some(stem) = surname.strip_suffix('i') {
        format!("{stem}en")
    } else if surname.ends_with('e') {
        format!("{surname}en")
    } else if surname.ends_with(['a', 'ä', 'o', 'ö', 'u', 'y']) {
        format!("{surname}n")
    } else {
        format!("{surname}in")
    }
}

/// A random Finnish person: first name and surname.
pub(super) fn person(rng: &mut impl Rng) -> (&'static str, &'static str) {
    let first = if rng.random_bool(0.5) { MEN.choose(rng) } else { WOMEN.choose(rng) };
    (first.copied().unwrap_or("Matti"), SURNAMES.choose(rng).copied().unwrap_or("Virtanen"))
}

/// "firstname.surname@domain", folded to ASCII.
pub(super) fn email(first: &str, last: &str, domain: &str) -> String {
    let part = |s: &str| fold(s, |c| c == '-');
    format!("{}.{}@{domain}", part(first), part(last))
}

/// A Finnish mobile number as people write it: "+358 40 123 4567".
pub(super) fn phone(rng: &mut impl Rng) -> String {
    let prefix = ["40", "41", "44", "45", "46", "50"].choose(rng).copied().unwrap_or("40");
    format!("+358 {prefix} {:03} {:04}", rng.random_range(100..1000), rng.random_range(0..10_000))
}

/// Hands out unique business IDs: public bodies from 0100000–0999999 and
/// private ones from 1000000–3499999, as the registry roughly does, each
/// range walked in a scattered order and bodies without a check digit skipped.
pub(super) struct BusinessIds {
    public: Walk,
    private: Walk,
}

struct Walk {
    start: u64,
    order: Permutation,
    next: u64,
}

impl Walk {
    fn new(start: u64, size: u64, salt: u64) -> Walk {
        Walk { start, order: Permutation::new(size, salt), next: 0 }
    }

    fn next(&mut self) -> Option<BusinessId> {
        while self.next < self.order.size {
            let body = self.start + self.order.apply(self.next);
            self.next += 1;
            if let Some(id) = u32::try_from(body).ok().and_then(BusinessId::with_check_digit) {
                return Some(id);
            }
        }
        None
    }
}

impl BusinessIds {
    pub(super) fn new(salt: u64) -> BusinessIds {
        BusinessIds {
            public: Walk::new(100_000, 900_000, salt),
            private: Walk::new(1_000_000, 2_500_000, salt.rotate_left(17)),
        }
    }

    pub(super) fn next(&mut self, org_type: OrgType) -> Option<BusinessId> {
        match org_type {
            OrgType::LimitedCompany | OrgType::Foundation | OrgType::Association => self.private.next(),
            _ => self.public.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kumppani_domain::{Email, Name};

    #[test]
    fn permutations_are_bijections() {
        for size in [1u64, 2, 3, 17, 64, 100, 1000] {
            let p = Permutation::new(size, 99);
            let mut seen: Vec<u64> = (0..size).map(|i| p.apply(i)).collect();
            seen.sort();
            assert_eq!(seen, (0..size).collect::<Vec<_>>(), "size {size}");
        }
    }

    #[test]
    fn pick_visits_every_point_once() {
        let radices = [7, 5, 3];
        let mut seen: Vec<Vec<usize>> = (0..105).map(|j| pick(j, &radices, 11)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 105);
    }

    #[test]
    fn first_names_of_a_type_are_plain_and_distinct() {
        let names: Vec<String> =
            (0..MUNICIPALITIES.len()).map(|k| organisation(OrgType::Municipality, k, 5).0).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names.contains(&"Tampereen kaupunki".to_owned()));
        assert!(names.contains(&"Nurmijärven kunta".to_owned()));
    }

    #[test]
    fn names_and_domains_stay_valid_far_out() {
        for org_type in OrgType::ALL {
            for k in [0, 1, 50, 999, 5_000, 40_000, 400_000] {
                let (name, domain) = organisation(org_type, k, 2026);
                assert!(Name::parse(&name).is_ok(), "{name}");
                assert!(Email::parse(&email("Anna-Liisa", "Åberg", &domain)).is_ok(), "{name} {domain}");
                assert!(domain.is_ascii(), "{domain}");
            }
        }
    }

    #[test]
    fn surnames_take_the_genitive() {
        let g: Vec<String> = ["Virtanen", "Niemi", "Laine", "Mäkelä", "Kallio", "Lindholm"].map(genitive).into();
        assert_eq!(g, ["Virtasen", "Niemen", "Laineen", "Mäkelän", "Kallion", "Lindholmin"]);
    }

    #[test]
    fn addresses_are_ascii() {
        assert_eq!(email("Päivi", "Hämäläinen", "kemi.fi"), "paivi.hamalainen@kemi.fi");
        assert_eq!(domain_of("Hämeenlinnan Vesi Oy"), "hameenlinnan-vesi.fi");
        assert_eq!(email("Anna-Liisa", "Åberg", "x.fi"), "anna-liisa.aberg@x.fi");
    }

    #[test]
    fn business_ids_are_unique_and_valid() {
        let mut ids = BusinessIds::new(7);
        let mut all: Vec<String> = (0..20_000)
            .filter_map(|i| ids.next(if i % 2 == 0 { OrgType::Agency } else { OrgType::Foundation }))
            .map(|b| b.as_str().to_owned())
            .collect();
        assert_eq!(all.len(), 20_000);
        assert!(all.iter().all(|b| BusinessId::parse(b).is_ok()));
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 20_000);
    }
}
