//! `kumppani-floor DB_FILE [ADDR]`: the limit of the stack for the customer
//! list and a customer page. Same SQL, same SQLite settings (WAL, 8
//! connections), rows written out with `format!`; no session, no permit, no
//! template, no translation. The gap to Kumppani is what those cost.

use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Router, http::StatusCode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, Row};
use std::fmt::Write;
use std::str::FromStr;

const SELECT: &str = "SELECT c.id, c.name, c.business_id, c.org_type, c.segment_id, s.name AS segment_name,
        c.manager_id, m.display_name AS manager_name, c.deputy_id, d.display_name AS deputy_name,
        c.notes, c.version, c.created_at, c.updated_at, c.name_key
    FROM customers c
    JOIN segments s ON s.id = c.segment_id
    LEFT JOIN users m ON m.id = c.manager_id
    LEFT JOIN users d ON d.id = c.deputy_id";

type Page = Result<Html<String>, StatusCode>;

fn fail(_: sqlx::Error) -> StatusCode {
    StatusCode::INTERNAL_SERVER_ERROR
}

async fn list(State(db): State<SqlitePool>) -> Page {
    let total: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM customers c WHERE 1 = 1").fetch_one(&db).await.map_err(fail)?.get("n");
    let sql = format!("{SELECT} WHERE 1 = 1 ORDER BY c.name_key ASC, c.id ASC LIMIT $1");
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(26_i64).fetch_all(&db).await.map_err(fail)?;
    let mut html = format!("<!doctype html><title>Customers</title><p>{total} customers</p><table>");
    for r in rows.iter().take(25) {
        let _ = write!(
            html,
            "<tr><td><a href=\"/customers/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.get::<i64, _>("id"),
            r.get::<String, _>("name"),
            r.get::<String, _>("segment_name"),
            r.get::<Option<String>, _>("manager_name").unwrap_or_default(),
            r.get::<String, _>("org_type"),
        );
    }
    html.push_str("</table>");
    Ok(Html(html))
}

async fn detail(State(db): State<SqlitePool>, Path(id): Path<i64>) -> Page {
    let sql = format!("{SELECT} WHERE c.id = $1");
    let c = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(&db).await.map_err(fail)?;
    let c = c.ok_or(StatusCode::NOT_FOUND)?;
    let contacts = sqlx::query(
        "SELECT id, customer_id, name, title, email, phone, version, created_at, updated_at FROM contacts
         WHERE customer_id = $1 ORDER BY name COLLATE \"C\", id",
    )
    .bind(id)
    .fetch_all(&db)
    .await
    .map_err(fail)?;
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_activities WHERE customer_id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .map_err(fail)?
        .get("n");
    let activities = sqlx::query(
        "SELECT a.id, a.occurred_on, a.kind, a.title, u.display_name AS owner_name, a.notes
         FROM customer_activities a LEFT JOIN users u ON u.id = a.owner_id
         WHERE a.customer_id = $1 ORDER BY a.occurred_on DESC, a.id DESC LIMIT $2",
    )
    .bind(id)
    .bind(11_i64)
    .fetch_all(&db)
    .await
    .map_err(fail)?;
    let history = sqlx::query(
        "SELECT id, at, actor_name, action, entity, entity_id, changes FROM audit_log
         WHERE subject_type = $1 AND subject_id = $2 ORDER BY id DESC LIMIT $3",
    )
    .bind("customer")
    .bind(id)
    .bind(50_i64)
    .fetch_all(&db)
    .await
    .map_err(fail)?;
    let mut html = format!(
        "<!doctype html><title>{0}</title><h1>{0}</h1><p>{1} · {2}</p><table>",
        c.get::<String, _>("name"),
        c.get::<String, _>("segment_name"),
        c.get::<Option<String>, _>("manager_name").unwrap_or_default()
    );
    for r in &contacts {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.get::<String, _>("name"),
            r.get::<Option<String>, _>("email").unwrap_or_default(),
            r.get::<Option<String>, _>("phone").unwrap_or_default()
        );
    }
    let _ = write!(html, "</table><p>{total} activities</p><table>");
    for r in activities.iter().take(10) {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.get::<String, _>("occurred_on"),
            r.get::<String, _>("kind"),
            r.get::<String, _>("title"),
            r.get::<Option<String>, _>("owner_name").unwrap_or_default()
        );
    }
    let _ = write!(html, "</table><ol>");
    for r in &history {
        let _ = write!(html, "<li>{} {}</li>", r.get::<String, _>("actor_name"), r.get::<String, _>("action"));
    }
    html.push_str("</ol>");
    Ok(Html(html))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: kumppani-floor DB_FILE [ADDR]")?;
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{file}"))?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .collation("C", |a: &str, b: &str| a.cmp(b));
    let db = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    let app = Router::new()
        .route("/hello", get(|| async { "hello" }))
        .route("/customers", get(list))
        .route("/customers/{id}", get(detail))
        .with_state(db);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("floor listening on http://{addr}/");
    axum::serve(listener, app).await?;
    Ok(())
}
