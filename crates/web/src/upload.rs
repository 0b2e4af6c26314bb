//! The upload forms (`multipart/form-data`): only the routes in
//! [`UPLOAD_PATHS`] accept such a body, and it is read here, streaming,
//! with multer (axum's `Multipart`) after the handler has its permit.
//!
//! The CSRF guard cannot look inside a multipart body without reading all
//! of it first, so for these routes it leaves the token to this reader: the
//! form's first field must be `_csrf` and match the session's, or nothing
//! else of the body is read. The guard says what to expect in a
//! [`CsrfCheck`] extension; a request without one is refused, so an upload
//! route that somehow skipped the guard cannot accept a body.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The routes that accept multipart bodies; every other page refuses them.
pub const UPLOAD_PATHS: [&str; 3] = ["/import", "/projects/import", "/requests/import"];
/// Largest file an upload form accepts (a CSV import or a project-server
/// export).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// The body limit of the upload routes: the file and the small fields.
pub const MAX_UPLOAD_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;
/// Any other field of an upload form is a short value.
const MAX_FIELD_BYTES: usize = 4 * 1024;
/// RFC 2046: a boundary is 1–70 characters.
pub const MAX_BOUNDARY_CHARS: usize = 70;

/// What the CSRF guard left for the upload reader to check.
#[derive(Debug, Clone)]
pub enum CsrfCheck {
    /// The session's token: the form's first field must carry it.
    Expect(String),
    /// Signed in with an API token, which a browser never sends by itself.
    NotNeeded,
}

/// A read upload form: its short fields and its one file.
#[derive(Debug, Default)]
pub struct Upload {
    fields: HashMap<String, String>,
    /// The file's base name and bytes, when a non-empty file was sent.
    pub file: Option<(String, Vec<u8>)>,
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    pub fn checked(&self, name: &str) -> bool {
        matches!(self.field(name), Some("on" | "true" | "1"))
    }
}

/// Why an upload was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum UploadError {
    Csrf,
    TooLarge,
    TimedOut,
    Malformed,
}

impl IntoResponse for UploadError {
    fn into_response(self) -> Response {
        match self {
            UploadError::Csrf => crate::csrf::refused(),
            UploadError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            UploadError::TimedOut => StatusCode::REQUEST_TIMEOUT.into_response(),
            UploadError::Malformed => (StatusCode::BAD_REQUEST, "The upload form could not be read.").into_response(),
        }
    }
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<&str> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"'))
    })
}

/// Whether a content type is a multipart form at all (with or without a
/// usable boundary).
pub fn is_multipart(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|k| k.trim().eq_ignore_ascii_case("multipart/form-data"))
}

fn body_error(e: &(dyn std::error::Error + 'static)) -> UploadError {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if c.is::<crate::server::BodyTimedOut>() {
            return UploadError::TimedOut;
        }
        if c.is::<http_body_util::LengthLimitError>() {
            return UploadError::TooLarge;
        }
        cause = c.source();
    }
    UploadError::Malformed
}

/// Reads an upload form. Call it after the permit check: nothing of the
/// body is read before. A request that is not multipart reads as an empty
/// form (the handler then says the file is missing).
pub async fn read(request: Request) -> Result<Upload, UploadError> {
    let check = request.extensions().get::<CsrfCheck>().cloned().ok_or(UploadError::Csrf)?;
    let Ok(mut form) = Multipart::from_request(request, &()).await else {
        return match check {
            CsrfCheck::Expect(_) => Err(UploadError::Csrf),
            CsrfCheck::NotNeeded => Ok(Upload::default()),
        };
    };
    let mut upload = Upload::default();
    let mut first = true;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(body_error(&e)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(base_name);
        let limit = if file_name.is_some() { MAX_FILE_BYTES } else { MAX_FIELD_BYTES };
        let mut data = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if data.len() + chunk.len() > limit => return Err(UploadError::TooLarge),
                Ok(Some(chunk)) => data.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return Err(body_error(&e)),
            }
        }
        if std::mem::take(&mut first)
            && let CsrfCheck::Expect(expected) = &check
            && !(name == "_csrf" && crate::csrf::matches(&data, expected))
        {
            return Err(UploadError::Csrf);
        }
        match file_name {
            Some(file_name) if !data.is_empty() => upload.file = Some((file_name, data)),
            Some(_) => {}
            None => {
                upload.fields.insert(name, String::from_utf8_lossy(&data).into_owned());
            }
        }
    }
    if first && matches!(check, CsrfCheck::Expect(_)) {
        return Err(UploadError::Csrf);
    }
    Ok(upload)
}

/// The last path segment of an uploaded file's name (browsers may send a
/// whole path).
fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() { "upload".to_owned() } else { base.chars().take(200).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_names() {
        assert_eq!(boundary("multipart/form-data; boundary=XyZ"), Some("XyZ"));
        assert_eq!(boundary("multipart/form-data; boundary=\"a b\""), Some("a b"));
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert!(is_multipart("Multipart/Form-Data"));
        assert!(!is_multipart("text/plain"));
        assert_eq!(base_name("C:\\Users\\kp\\projektit.xml"), "projektit.xml");
        assert_eq!(base_name("../../etc/passwd"), "passwd");
        assert_eq!(base_name(""), "upload");
        assert_eq!(base_name(&"x".repeat(5000)).len(), 200);
    }
}
