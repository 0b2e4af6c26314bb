//! Writes a sample board guidance page as PDF and DOCX, to look at the
//! typesetting: `cargo run -p kumppani-docs --example sample -- /tmp/sample`.

use kumppani_docs::{Document, docx, pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stem = std::env::args().nth(1).unwrap_or_else(|| "sample".to_owned());
    let mut doc = Document::new("Ohjausryhmän ohje", "fi")
        .subtitle("Asiakasportaalin uudistus · Tampereen kaupunki")
        .footer("Kumppani · koottu 27.11.2026");
    doc.heading("Ohjausryhmä kokonaisuutena")
        .paragraph(
            "Ohjausryhmä vastaa projektista kokonaisuutena. Se päättää etenemisestä, laajuudesta, budjetista, \
             resurssimuutoksista ja aikataulun kannalta kriittisistä asioista.",
        )
        .fields([("Kokousväli", "4 viikon välein"), ("Työtavat", "Päätökset kirjataan päätöslokiin kokouksessa.")])
        .heading("Roolit")
        .table(
            ["Rooli", "Jäsen", "Vastaa"],
            vec![
                vec!["Omistaja".into(), "Liisa Mäkelä".into(), "Liiketoimintaperusteet ja koko projekti".into()],
                vec!["Pääkäyttäjä".into(), "Sören Ålander".into(), "Että tulos palvelee käyttäjiä".into()],
            ],
        )
        .bullets(["Viestintä omalle puolelle on kunkin jäsenen vastuulla.", "Sen voi delegoida projektipäällikölle."])
        .note("Tämä ohje on koottu projektin tiedoista.");
    std::fs::write(format!("{stem}.pdf"), pdf(&doc)?)?;
    std::fs::write(format!("{stem}.docx"), docx(&doc)?)?;
    Ok(())
}
