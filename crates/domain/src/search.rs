//! Search keys for customers: lower-cased words matched by prefix.

/// The sort key of a name: lower-cased, single-spaced.
pub fn sort_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The terms a customer is found by: each word of its name, the whole name,
/// and its business ID with and without the hyphen.
pub fn terms(name: &str, business_id: Option<&str>) -> Vec<String> {
    let key = sort_key(name);
    let mut terms: Vec<String> =
        key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect();
    terms.push(key);
    if let Some(id) = business_id {
        terms.push(id.to_owned());
        terms.push(id.replace('-', ""));
    }
    terms.sort();
    terms.dedup();
    terms
}

/// Splits a search box's text into query words (at most five, so a pasted
/// paragraph cannot build a huge query).
pub fn query_words(q: &str) -> Vec<String> {
    q.split_whitespace().take(5).map(str::to_lowercase).collect()
}

/// The smallest string greater than every string starting with `prefix`, for
/// a range scan `term >= prefix AND term < upper`. None when no such bound
/// exists (the prefix is all U+10FFFF), in which case only `>=` applies.
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = u32::from(last) + 1;
        if (0xD800..=0xDFFF).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_cover_words_whole_name_and_business_id() {
        let t = terms("Tampereen  Kaupunki", Some("0211675-2"));
        for want in ["tampereen", "kaupunki", "tampereen kaupunki", "0211675-2", "02116752"] {
            assert!(t.contains(&want.to_owned()), "{want} in {t:?}");
        }
    }

    #[test]
    fn upper_bound_is_just_past_the_prefix() {
        assert_eq!(prefix_upper_bound("kau").as_deref(), Some("kav"));
        assert_eq!(prefix_upper_bound("").as_deref(), None);
        let b = prefix_upper_bound("ä").unwrap_or_default();
        assert!("äijä" < b.as_str() && "ä" < b.as_str());
    }

    #[test]
    fn query_is_capped_at_five_words() {
        assert_eq!(query_words("a B c d e f g").len(), 5);
        assert_eq!(query_words(" Espoo ")[0], "espoo");
    }
}
