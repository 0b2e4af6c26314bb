//! `/api/v1/requests/mail`: an `.eml` message or an mbox mailbox read into
//! customer contacts.

use axum::extract::{DefaultBodyLimit, Request, State};
use kumppani_app::requests::mail::{self, MailReport};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::json_body;
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::upload::MAX_UPLOAD_BYTES;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_mail)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

/// A mail file, as text.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MailBody {
    /// One message (RFC 5322, as an `.eml` file holds it) or an mbox
    /// mailbox (starting with a `From ` line).
    content: String,
}

/// Reads e-mail into customer contacts: each message's sender is matched to
/// a contact person by address, or to the only customer with contact people
/// at its domain; a message already read is skipped; one that cannot be
/// read or matched is reported with its reason. Routing is as for any
/// contact. At most 32 MiB; one message at most 10 MiB.
#[utoipa::path(post, path = "/api/v1/requests/mail", tag = "requests", request_body = MailBody,
    responses((status = 200, body = MailReport), (status = 404, body = Problem), (status = 413, body = Problem),
        (status = 422, body = Problem)))]
async fn import_mail(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<axum::Json<MailReport>, Problem> {
    // The permit first: a caller who may not record contacts is answered
    // before their body is read.
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let body: MailBody = json_body(request, &state).await?;
    mail::import(&state.db, &permit, body.content.as_bytes()).await.map(axum::Json).or_problem(lang)
}
