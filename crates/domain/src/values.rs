//! Newtypes for values with rules. Each has a private field and a `parse`
//! constructor that returns a Fluent message id on failure.

use serde::Serialize;

/// Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct BusinessId(String);

impl BusinessId {
    /// Accepts `1234567-8`; the pre-2000 six-digit form `123456-7` gets its
    /// leading zero back, as the registry does.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let (body, check) = raw.split_once('-').ok_or("error-business-id-format")?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(body) || check.len() != 1 || !all_digits(check) {
            return Err("error-business-id-format");
        }
        let body = match body.len() {
            7 => body.to_owned(),
            6 => format!("0{body}"),
            _ => return Err("error-business-id-format"),
        };
        const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let expected = match sum % 11 {
            0 => 0,
            1 => return Err("error-business-id-checksum"),
            r => 11 - r,
        };
        if u32::from(check.as_bytes()[0] - b'0') != expected {
            return Err("error-business-id-checksum");
        }
        Ok(BusinessId(format!("{body}-{check}")))
    }

    /// Computes the check digit for seven digits, if one exists. Used by the
    /// demo generator to make valid IDs.
    pub fn with_check_digit(body: u32) -> Option<Self> {
        let digits = format!("{:07}", body % 10_000_000);
        (0..=9).find_map(|c| BusinessId::parse(&format!("{digits}-{c}")).ok())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, checked for shape only (delivery is the only real test).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let (local, domain) = raw.rsplit_once('@').ok_or("error-email")?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && raw.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
            && !local.contains('@');
        if ok { Ok(Email(raw.to_owned())) } else { Err("error-email") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number as people write it: digits with optional `+`, spaces,
/// hyphens and parentheses; 5 to 15 digits (E.164's limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')');
        let rest = raw.strip_prefix('+').unwrap_or(raw);
        let digits = rest.chars().filter(char::is_ascii_digit).count();
        if rest.chars().all(allowed) && (5..=15).contains(&digits) {
            Ok(Phone(raw.split_whitespace().collect::<Vec<_>>().join(" ")))
        } else {
            Err("error-phone")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A required name (of an organisation, person, segment or service):
/// trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            Err("error-required")
        } else if name.chars().count() > 200 {
            Err("error-too-long")
        } else if name.chars().any(char::is_control) {
            Err("error-control-chars")
        } else {
            Ok(Name(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Optional free text (notes, descriptions): at most 10,000 characters.
/// Line breaks are kept; other control characters are refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = raw.trim();
        if text.chars().count() > 10_000 {
            Err("error-too-long")
        } else if text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            Err("error-control-chars")
        } else {
            Ok(Text(text.replace("\r\n", "\n")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses an optional value: blank means absent.
pub fn optional<T>(
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, &'static str>,
) -> Result<Option<T>, &'static str> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_id_accepts_valid_check_digits() {
        // Real published IDs.
        for id in ["0737546-2", "1572860-0", "0201256-6", "2331972-7"] {
            assert_eq!(BusinessId::parse(id).map(|b| b.0), Ok(id.to_owned()), "{id}");
        }
    }

    #[test]
    fn business_id_pads_the_old_six_digit_form() {
        assert_eq!(BusinessId::parse("737546-2").map(|b| b.0), Ok("0737546-2".to_owned()));
    }

    #[test]
    fn business_id_rejects_wrong_check_digit_and_shape() {
        assert_eq!(BusinessId::parse("0737546-3"), Err("error-business-id-checksum"));
        for bad in ["", "0737546", "07375462", "073754a-2", "0737546-22", "12345678-9", "-1"] {
            assert_eq!(BusinessId::parse(bad), Err("error-business-id-format"), "{bad}");
        }
    }

    #[test]
    fn business_id_remainder_one_has_no_valid_check_digit() {
        // Weighted sum of 0000010 is 4*1 = 4; of 0000100 is 8; find a body with remainder 1.
        let body = (0..10_000_000u32)
            .find(|b| {
                let d = format!("{b:07}");
                let s: u32 = d.bytes().zip([7, 9, 10, 5, 8, 4, 2]).map(|(c, w)| u32::from(c - b'0') * w).sum();
                s % 11 == 1
            })
            .unwrap_or_default();
        assert!(BusinessId::with_check_digit(body).is_none());
        assert!((0..=9).all(|c| BusinessId::parse(&format!("{body:07}-{c}")).is_err()));
    }

    #[test]
    fn generated_business_ids_are_valid() {
        let id = BusinessId::with_check_digit(1_234_567).map(|b| b.0);
        assert_eq!(id.as_deref(), Some("1234567-1"));
    }

    #[test]
    fn email_shapes() {
        assert!(Email::parse(" liisa.virtanen@tampere.fi ").is_ok());
        for bad in ["", "a", "a@b", "@b.fi", "a b@c.fi", "a@.fi", "a@fi.", "<a@b.fi>"] {
            assert_eq!(Email::parse(bad), Err("error-email"), "{bad}");
        }
    }

    #[test]
    fn phone_shapes() {
        assert_eq!(Phone::parse("+358  40 123 4567").map(|p| p.0), Ok("+358 40 123 4567".to_owned()));
        assert!(Phone::parse("(09) 310 1691").is_ok());
        for bad in ["", "123", "+358 40 abc", "++358401234567", "1234567890123456"] {
            assert_eq!(Phone::parse(bad), Err("error-phone"), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("  Tampereen   kaupunki ").map(|n| n.0), Ok("Tampereen kaupunki".to_owned()));
        assert_eq!(Name::parse("   "), Err("error-required"));
        assert_eq!(Name::parse(&"x".repeat(201)), Err("error-too-long"));
        assert_eq!(Name::parse("a\u{7}b"), Err("error-control-chars"));
    }

    #[test]
    fn text_keeps_lines() {
        assert_eq!(Text::parse("a\r\nb").map(|t| t.0), Ok("a\nb".to_owned()));
        assert_eq!(Text::parse("a\u{0}"), Err("error-control-chars"));
    }

    #[test]
    fn optional_blank_is_none() {
        assert_eq!(optional(Some("  "), Email::parse), Ok(None));
        assert_eq!(optional(None, Email::parse), Ok(None));
        assert!(optional(Some("x"), Email::parse).is_err());
    }
}
