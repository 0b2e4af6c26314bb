//! The plan template page: sections (add, rename, reorder, retire; titles
//! in three languages; which data fills each) and review cadences per
//! segment, saved as one document.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kumppani_app::plans::Cadence;
use kumppani_app::policy::cap;
use kumppani_app::{AppError, plans};
use kumppani_domain::FieldError;
use kumppani_domain::plan::{CadenceDraft, SectionDraft, SectionSource, TemplateDraft};

use super::{Labels, Notice, Options};
use crate::session::Session;
use crate::ui::form::{Form, submit};
use crate::ui::{Chrome, OrPage, PageError, render};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "plan_template.html")]
struct TemplatePage {
    c: Chrome,
    /// Section rows `0..rows` (the last one blank, for a new section).
    rows: usize,
    cadences: Vec<Cadence>,
    form: Form,
    sources: Options,
    notice: Option<String>,
    labels: Labels,
}

impl TemplatePage {
    fn field(&self, name: &str, i: &usize) -> String {
        format!("{name}-{i}")
    }

    fn is_new(&self, i: &usize) -> bool {
        self.form.v(&format!("id-{i}")).is_empty()
    }
}

fn sources(lang: Lang) -> Options {
    SectionSource::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), lang.t(&format!("plan-source-kind-{}", s.as_str()))))
        .collect()
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Option<Form>,
    notice: Option<String>,
) -> Result<TemplatePage, PageError> {
    let t = plans::template(&state.db, &session.permit(&state.db).await.or_page(lang)?).await.or_page(lang)?;
    let (rows, form) = match form {
        Some(f) => (f.id("rows").and_then(|n| usize::try_from(n).ok()).unwrap_or(0), f),
        None => {
            let mut pairs: Vec<(String, Option<String>)> = Vec::new();
            for (i, s) in t.sections.iter().enumerate() {
                pairs.push((format!("id-{i}"), Some(s.id.to_string())));
                pairs.push((format!("position-{i}"), Some((i + 1).to_string())));
                pairs.push((format!("source-{i}"), Some(s.source.as_str().to_owned())));
                pairs.push((format!("title_fi-{i}"), Some(s.title_fi.clone())));
                pairs.push((format!("title_sv-{i}"), Some(s.title_sv.clone())));
                pairs.push((format!("title_en-{i}"), Some(s.title_en.clone())));
            }
            let n = t.sections.len();
            pairs.push((format!("position-{n}"), Some((n + 1).to_string())));
            pairs.push((format!("source-{n}"), Some("narrative".to_owned())));
            for c in &t.cadences {
                pairs.push((format!("months-{}", c.segment_id), Some(c.months.to_string())));
            }
            let refs: Vec<(&str, Option<String>)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            (n + 1, Form::from_pairs(&refs, t.version))
        }
    };
    let c = Chrome::new(lang, Some(session), "/plans", "plan-template-title");
    Ok(TemplatePage { c, rows, cadences: t.cadences, form, sources: sources(lang), notice, labels: Labels(lang) })
}

pub(super) async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<Notice>,
) -> Result<Html<String>, PageError> {
    // Only those who may change the template get its form.
    session.permit::<cap::EditPlanTemplate>(&state.db).await.or_page(lang)?;
    render(&page(&state, &session, lang, None, q.text(lang)).await?, lang)
}

/// The draft the form describes, and for each draft section its form row.
fn draft_of(form: &Form) -> (TemplateDraft, Vec<usize>) {
    let rows = form.id("rows").and_then(|n| usize::try_from(n).ok()).unwrap_or(0).min(200);
    let mut listed: Vec<(i64, usize, SectionDraft)> = Vec::new();
    for i in 0..rows {
        let v = |name: &str| form.v(&format!("{name}-{i}")).to_owned();
        let id = form.id(&format!("id-{i}"));
        let blank = ["title_fi", "title_sv", "title_en"].iter().all(|n| v(n).trim().is_empty());
        if form.checked(&format!("retire-{i}")) || (id.is_none() && blank) {
            continue;
        }
        let position = form.id(&format!("position-{i}")).unwrap_or(i64::try_from(i).unwrap_or(0) + 1);
        let draft = SectionDraft {
            id,
            source: v("source"),
            title_fi: v("title_fi"),
            title_sv: v("title_sv"),
            title_en: v("title_en"),
        };
        listed.push((position, i, draft));
    }
    listed.sort_by_key(|(position, i, _)| (*position, *i));
    let cadences = form
        .keys()
        .filter_map(|k| {
            let segment_id = k.strip_prefix("months-")?.parse().ok()?;
            Some(CadenceDraft { segment_id, months: form.v(k).trim().parse().unwrap_or(0) })
        })
        .collect();
    let rows_of = listed.iter().map(|(_, i, _)| *i).collect();
    (TemplateDraft { sections: listed.into_iter().map(|(_, _, d)| d).collect(), cadences }, rows_of)
}

pub(super) async fn save(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let (draft, rows_of) = draft_of(&form);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = plans::save_template(&state.db, &permit, form.version, &draft).await.map_err(|e| match e {
        AppError::Invalid(mut e) => {
            // Errors name the draft's row; the page's rows are numbered as shown.
            for f in &mut e.0 {
                if let Some((name, k)) = f.field.rsplit_once('-')
                    && name != "months"
                    && let Some(row) = k.parse::<usize>().ok().and_then(|k| rows_of.get(k))
                {
                    *f = FieldError { field: format!("{name}-{row}"), code: f.code };
                }
            }
            e.into()
        }
        other => other,
    });
    let done = |_| Redirect::to("/plans/template?notice=template-saved").into_response();
    submit(lang, form, result, done, async |form| page(&state, &session, lang, Some(form), None).await).await
}
