//! Measuring and breaking text into lines with the embedded font's own
//! advance widths, so wrapped lines never run past the margin.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

pub(crate) static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Advance widths of one face at 1 pt, looked up per character.
pub(crate) struct Metrics<'a> {
    font: FontRef<'a>,
}

impl<'a> Metrics<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Option<Metrics<'a>> {
        FontRef::new(data).ok().map(|font| Metrics { font })
    }

    /// Width of `text` at `size` points. Characters the font lacks count as
    /// the width of the replacement glyph (glyph 0).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self.font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// `text` broken into lines no wider than `max` points: at spaces where
    /// possible, inside a word only when the word alone is too wide.
    /// Explicit newlines start a new line.
    pub(crate) fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size) <= max {
                    line = word.to_owned();
                } else {
                    let mut pieces = self.break_word(word, size, max);
                    line = pieces.pop().unwrap_or_default();
                    lines.extend(pieces);
                }
            }
            lines.push(line);
        }
        lines
    }

    fn break_word(&self, word: &str, size: f32, max: f32) -> Vec<String> {
        let mut pieces = vec![String::new()];
        for c in word.chars() {
            let last = pieces.last_mut();
            if let Some(last) = last {
                let mut next = last.clone();
                next.push(c);
                if self.width(&next, size) > max && !last.is_empty() {
                    pieces.push(c.to_string());
                } else {
                    *last = next;
                }
            }
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let m = Metrics::new(REGULAR).expect("font");
        let text = "Ohjausryhmä vastaa projektista kokonaisuutena ja päättää etenemisestä";
        let lines = m.wrap(text, 10.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| m.width(l, 10.0) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn breaks_a_word_longer_than_the_line() {
        let m = Metrics::new(REGULAR).expect("font");
        let lines = m.wrap("Kuntayhtymäyhteistyösopimusneuvottelukierros", 10.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "Kuntayhtymäyhteistyösopimusneuvottelukierros");
    }

    #[test]
    fn keeps_explicit_line_breaks_and_empty_text() {
        let m = Metrics::new(REGULAR).expect("font");
        assert_eq!(m.wrap("a\nb", 10.0, 500.0), vec!["a", "b"]);
        assert_eq!(m.wrap("", 10.0, 500.0), vec![""]);
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let regular = Metrics::new(REGULAR).expect("font");
        let bold = Metrics::new(BOLD).expect("font");
        assert!(bold.width("Päätökset", 10.0) > regular.width("Päätökset", 10.0));
    }
}
