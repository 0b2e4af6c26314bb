//! Rendered documents read back: what goes in comes out as text, in all
//! three languages' letters, and a long document breaks into pages.

use kumppani_docs::extract::{docx_text, pdf_text};
use kumppani_docs::{Document, docx, page_count, pdf};

fn sample() -> Document {
    let mut doc = Document::new("Ohjausryhmän ohje — Åbo stads förändring", "fi")
        .subtitle("Projekti: Asiakasportaalin uudistus")
        .footer("Kumppani · 27.11.2026");
    doc.heading("Päätösvalta")
        .paragraph("Ohjausryhmä vastaa projektista kokonaisuutena ja päättää etenemisestä, laajuudesta, budjetista.")
        .bullets(["Omistaja: Liisa Mäkelä", "Pääkäyttäjä: Sören Ålander"])
        .fields([("Kokousväli", "4 viikkoa"), ("Työtavat", "Päätökset kirjataan päätöslokiin.")])
        .table(["Rooli", "Henkilö"], vec![vec!["Toimittajan edustaja".to_owned(), "Pekka Öhman".to_owned()]])
        .note("Koottu elävästä datasta.");
    doc
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pdf_text_reads_back_with_every_letter() {
    let bytes = pdf(&sample()).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = normalised(&pdf_text(&bytes).expect("text"));
    for expected in [
        "Ohjausryhmän ohje — Åbo stads förändring",
        "Päätösvalta",
        "Liisa Mäkelä",
        "Sören Ålander",
        "Kokousväli",
        "4 viikkoa",
        "Pekka Öhman",
        "Koottu elävästä datasta.",
        "1 / 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
}

#[test]
fn docx_text_reads_back() {
    let bytes = docx(&sample()).expect("docx");
    let text = docx_text(&bytes).expect("text");
    for expected in ["Ohjausryhmän ohje", "Päätösvalta", "• Omistaja: Liisa Mäkelä", "4 viikkoa", "Pekka Öhman"]
    {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
}

#[test]
fn a_long_document_breaks_into_numbered_pages() {
    let mut doc = Document::new("Pitkä", "fi");
    let rows = (0..200).map(|i| vec![format!("Rivi {i}"), "Tila: vihreä, etenee suunnitellusti".to_owned()]);
    doc.table(["Nimi", "Tila"], rows);
    let pages = page_count(&doc).expect("layout");
    assert!(pages > 3, "{pages} pages");
    let text = normalised(&pdf_text(&pdf(&doc).expect("pdf")).expect("text"));
    assert!(text.contains("Rivi 0") && text.contains("Rivi 199"));
    assert!(text.contains(&format!("{pages} / {pages}")));
}

#[test]
fn the_sample_fits_one_page() {
    assert_eq!(page_count(&sample()).expect("layout"), 1);
}

#[test]
fn xlsx_reads_back_with_types() {
    use kumppani_docs::extract::xlsx_rows;
    use kumppani_docs::{Cell, Sheet, xlsx};
    let sheet = Sheet {
        name: "Suunnitelmat".into(),
        header: vec!["Asiakas".into(), "Rivejä".into(), "Katselmoitu".into()],
        rows: vec![
            vec!["Åbo stad".into(), Cell::Number(12.0), Cell::Date { year: 2026, month: 11, day: 27 }],
            vec!["Tampereen kaupunki".into(), Cell::from(3_i64), Cell::Empty],
        ],
    };
    let bytes = xlsx(&[sheet]).expect("xlsx");
    let sheets = xlsx_rows(&bytes).expect("read back");
    assert_eq!(sheets.len(), 1);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "Suunnitelmat");
    assert_eq!(rows[0], ["Asiakas", "Rivejä", "Katselmoitu"]);
    assert_eq!(rows[1], ["Åbo stad", "12", "2026-11-27"]);
    assert_eq!(rows[2][0], "Tampereen kaupunki");
    assert_eq!(rows[2][1], "3");
}
