//! Extractors whose rejections are problem+json, in the caller's language.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::Lang;
use crate::problem::Problem;

fn bad_request(kind: &str, detail: String) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, kind, &detail)
}

/// A JSON request body.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let lang = Lang::from_request_parts(&mut parts, state).await.unwrap_or_default();
        let req = Request::from_parts(parts, body);
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                &lang.t("problem-json-required"),
            )),
            // Over the route's body limit: nothing is wrong with the data
            // the client could fix by correcting it, so not a 422.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", &lang.t("problem-too-large")))
            }
            Err(e) => Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed-body",
                &lang.t_args("problem-malformed-body", &[("detail", e.body_text())]),
            )),
        }
    }
}

/// A JSON body read only when the handler asks, after its own checks: a
/// handler that takes the whole [`Request`] checks the caller's permit
/// first, so a caller who may not act is answered without their body
/// being read (an import's body may be tens of megabytes). The limit is
/// the route's `DefaultBodyLimit`, as for [`Json`].
pub async fn json_body<T: DeserializeOwned, S: Send + Sync>(request: Request, state: &S) -> Result<T, Problem> {
    Json::<T>::from_request(request, state).await.map(|Json(v)| v)
}

/// Path parameters.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => {
                let is_bad_id = matches!(e, PathRejection::FailedToDeserializePathParams(_));
                let detail = e.body_text();
                drop(e);
                let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
                if is_bad_id {
                    // A malformed id names no record: same answer as a missing one.
                    Err(Problem::new(StatusCode::NOT_FOUND, "not-found", &lang.t("problem-not-found")))
                } else {
                    Err(bad_request("bad-path", detail))
                }
            }
        }
    }
}

/// Query-string parameters.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
        match axum::extract::Query::<T>::try_from_uri(&parts.uri) {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e) => {
                let e: QueryRejection = e;
                Err(bad_request("bad-query", lang.t_args("problem-bad-query", &[("detail", e.body_text())])))
            }
        }
    }
}
