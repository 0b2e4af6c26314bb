//! Languages: Project Fluent messages compiled into the binary, Finnish by
//! default, Swedish and English. The choice is a cookie set by the language
//! switch, else the browser's `Accept-Language`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::{Loader, static_loader};
use std::collections::HashMap;
use std::convert::Infallible;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fi",
        // Isolation marks around arguments show as stray characters in
        // plain-text contexts (titles, attributes); our arguments are short.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| code.trim().to_lowercase().starts_with(l.code()))
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Fi => unic_langid::langid!("fi"),
            Lang::Sv => unic_langid::langid!("sv"),
            Lang::En => unic_langid::langid!("en"),
        }
    }

    /// The message `key`; a missing key shows as itself so tests can find it.
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(&self.id(), key).unwrap_or_else(|| key.to_owned())
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<std::borrow::Cow<'static, str>, fluent_templates::fluent_bundle::FluentValue> =
            args.iter().map(|(k, v)| ((*k).into(), v.clone().into())).collect();
        LOCALES.try_lookup_with_args(&self.id(), key, &args).unwrap_or_else(|| key.to_owned())
    }
}

/// Message ids present in one language but missing in another, as
/// `lang: key` strings. Empty when every language has every message.
pub fn missing_keys() -> Vec<String> {
    // One file per topic in each language directory; the loader reads them
    // all, and this list must name every one so no message goes unchecked.
    macro_rules! sources {
        ($($topic:literal),*) => {[
            (Lang::Fi, concat!($(include_str!(concat!("../locales/fi/", $topic, ".ftl")), "\n"),*)),
            (Lang::Sv, concat!($(include_str!(concat!("../locales/sv/", $topic, ".ftl")), "\n"),*)),
            (Lang::En, concat!($(include_str!(concat!("../locales/en/", $topic, ".ftl")), "\n"),*)),
        ]};
    }
    const SOURCES: [(Lang, &str); 3] =
        sources!("main", "balance", "boards", "lessons", "plans", "import", "exports", "feeds", "requests");
    let keys = |src: &str| -> Vec<String> {
        src.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
            .collect()
    };
    let all: std::collections::BTreeSet<String> = SOURCES.iter().flat_map(|(_, s)| keys(s)).collect();
    // A message with arguments fails to format without them, so every
    // variable any message uses gets a placeholder value.
    let args: HashMap<std::borrow::Cow<'static, str>, fluent_templates::fluent_bundle::FluentValue> = SOURCES
        .iter()
        .flat_map(|(_, src)| src.split('$').skip(1))
        .map(|rest| {
            rest.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).collect::<String>()
        })
        .filter(|v| !v.is_empty())
        .map(|v| (v.into(), "1".into()))
        .collect();
    let mut missing = Vec::new();
    for (lang, src) in SOURCES {
        let have = keys(src);
        for key in &all {
            if !have.contains(key) || LOCALES.try_lookup_with_args(&lang.id(), key, &args).is_none() {
                missing.push(format!("{}: {key}", lang.code()));
            }
        }
    }
    missing
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let from_cookie = crate::session::cookie(&parts.headers, "lang").and_then(|c| Lang::parse(&c));
        let from_header = || {
            parts
                .headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.split(',').find_map(|part| Lang::parse(part.split(';').next().unwrap_or(""))))
        };
        Ok(from_cookie.or_else(from_header).unwrap_or_default())
    }
}
