//! Configuration, layered: defaults, then a TOML file, then `KUMPPANI_`
//! environment variables (`__` for nesting), then command-line flags.

use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub listen: String,
    pub database_url: String,
    /// Mark cookies `Secure`; set when served over HTTPS.
    pub secure_cookies: bool,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
    /// `text` for people, `json` for log collectors.
    pub log_format: String,
    /// The header the reverse proxy puts the client's address in, e.g.
    /// `X-Forwarded-For` (its right-most entry is used). Unset: the
    /// connection's own address; no header is trusted. Set it only when
    /// Kumppani cannot be reached except through that proxy.
    pub trusted_proxy_header: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://kumppani.db".into(),
            secure_cookies: false,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            log_format: "text".into(),
            trusted_proxy_header: None,
        }
    }
}

/// Database URLs can carry passwords: never print them whole.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("database_url", &redact(&self.database_url))
            .field("secure_cookies", &self.secure_cookies)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("log_format", &self.log_format)
            .field("trusted_proxy_header", &self.trusted_proxy_header)
            .finish()
    }
}

impl Settings {
    /// The trusted proxy header's name, lowercase, when set; an error when
    /// it is not a header name.
    pub fn trusted_proxy_header(&self) -> Result<Option<String>, String> {
        match self.trusted_proxy_header.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            Some(name) if name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) => {
                Ok(Some(name.to_ascii_lowercase()))
            }
            Some(name) => Err(format!("trusted_proxy_header {name:?} is not a header name")),
            None => Ok(None),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Loads the layers below the command line. A missing default file is
/// fine; a missing file named explicitly is an error.
pub fn load(file: Option<&Path>, env: &[(String, String)]) -> Result<Settings, config::ConfigError> {
    let mut builder = config::Config::builder();
    match file {
        Some(path) => builder = builder.add_source(config::File::from(path).required(true)),
        None => builder = builder.add_source(config::File::with_name("kumppani.toml").required(false)),
    }
    let env_source = config::Environment::with_prefix("KUMPPANI")
        .prefix_separator("_")
        .separator("__")
        .source(Some(env.iter().cloned().collect()))
        .try_parsing(true);
    builder.add_source(env_source).build()?.try_deserialize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_without_file_or_env() {
        let s = load(None, &[]).expect("loads");
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn file_then_env_override_defaults() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("k.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\nsession_idle_minutes = 5\n").expect("write");
        let env = [("KUMPPANI_SESSION_IDLE_MINUTES".to_owned(), "7".to_owned())];
        let s = load(Some(&path), &env).expect("loads");
        assert_eq!(s.listen, "0.0.0.0:9000");
        assert_eq!(s.session_idle_minutes, 7);
    }

    #[test]
    fn a_named_file_must_exist() {
        assert!(load(Some(Path::new("/nonexistent/k.toml")), &[]).is_err());
    }

    #[test]
    fn proxy_header_comes_from_env_and_is_checked() {
        let env = [("KUMPPANI_TRUSTED_PROXY_HEADER".to_owned(), "X-Forwarded-For".to_owned())];
        let s = load(None, &env).expect("loads");
        assert_eq!(s.trusted_proxy_header(), Ok(Some("x-forwarded-for".into())));
        assert_eq!(Settings::default().trusted_proxy_header(), Ok(None));
        let bad = Settings { trusted_proxy_header: Some("X Forwarded".into()), ..Settings::default() };
        assert!(bad.trusted_proxy_header().is_err());
    }

    #[test]
    fn debug_hides_the_database_password() {
        let s = Settings { database_url: "postgres://app:hunter2@db/k".into(), ..Settings::default() };
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://app:***@db/k"));
    }
}
