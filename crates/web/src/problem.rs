//! API errors as `application/problem+json` (RFC 9457).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kumppani_app::AppError;
use serde::Serialize;

use crate::Lang;

/// One invalid field of a request body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    /// Stable machine-readable code (a message id).
    pub code: String,
    /// The message in the caller's language.
    pub detail: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// The record's current version, on a 412.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// Seconds to wait, sent as `Retry-After` on a 429.
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, detail: &str) -> Self {
        Problem {
            kind: format!("https://kumppani.fi/problems/{kind}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.to_owned(),
            errors: Vec::new(),
            current_version: None,
            retry_after: None,
        }
    }

    pub fn from_app(e: AppError, lang: Lang) -> Self {
        match e {
            AppError::Invalid(invalid) => Problem {
                errors: invalid
                    .0
                    .into_iter()
                    .map(|f| FieldProblem { detail: lang.t(f.code), field: f.field, code: f.code.to_owned() })
                    .collect(),
                ..Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", &lang.t("problem-validation"))
            },
            AppError::NotFound => Problem::new(StatusCode::NOT_FOUND, "not-found", &lang.t("problem-not-found")),
            AppError::Conflict { current } => Problem {
                current_version: Some(current),
                ..Problem::new(StatusCode::PRECONDITION_FAILED, "stale", &lang.t("problem-stale"))
            },
            AppError::Forbidden => Problem::new(StatusCode::FORBIDDEN, "forbidden", &lang.t("problem-forbidden")),
            AppError::BadCredentials => {
                Problem::new(StatusCode::UNAUTHORIZED, "bad-credentials", &lang.t("login-failed"))
            }
            AppError::Throttled { retry_after_secs } => Problem {
                retry_after: Some(retry_after_secs),
                ..Problem::new(StatusCode::TOO_MANY_REQUESTS, "throttled", &lang.t("login-throttled"))
            },
            AppError::Unavailable => {
                Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", &lang.t("problem-unavailable"))
            }
            AppError::Internal(detail) => internal(&detail, lang),
        }
    }
}

/// Logs the detail with an id and shows only the id.
pub fn internal(detail: &str, lang: Lang) -> Problem {
    let id = format!("{:016x}", rand_id());
    tracing::error!(error_id = %id, %detail, "internal error");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", &lang.t_args("problem-internal", &[("id", id)]))
}

fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    h.finish()
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Attaches the caller's language to a use case's error.
pub trait OrProblem<T> {
    fn or_problem(self, lang: Lang) -> Result<T, Problem>;
}

impl<T> OrProblem<T> for Result<T, AppError> {
    fn or_problem(self, lang: Lang) -> Result<T, Problem> {
        self.map_err(|e| Problem::from_app(e, lang))
    }
}
