//! Routing rules: which channel a customer contact goes to.

use chrono::{DateTime, Utc};
use kumppani_domain::request::{Channel, RequestKind};
use kumppani_domain::routing::{Rule, ValidRule};
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct RoutingRule {
    pub id: i64,
    /// Lower numbers are tried first.
    pub position: i64,
    pub name: String,
    /// `service_desk` or `partnership_manager`
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Channel>")]
    pub channel: Channel,
    /// Kinds the rule applies to, one per line; empty is any kind.
    pub kinds: String,
    pub service_id: Option<i64>,
    pub service_name: Option<String>,
    /// Keywords, one per line; empty is no keyword condition.
    pub keywords: String,
    /// An address or `@domain`; empty is anyone.
    pub sender: String,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl RoutingRule {
    pub fn kind_list(&self) -> Vec<RequestKind> {
        self.kinds.lines().filter_map(|k| RequestKind::parse(k).ok()).collect()
    }

    pub fn keyword_list(&self) -> Vec<String> {
        self.keywords.lines().map(str::to_owned).filter(|k| !k.is_empty()).collect()
    }

    /// The rule as the router reads it.
    pub fn rule(&self) -> Rule {
        Rule {
            id: self.id,
            kinds: self.kind_list(),
            service_id: self.service_id,
            keywords: self.keyword_list(),
            sender: self.sender.clone(),
            channel: self.channel,
        }
    }

    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("position", Some(self.position.to_string())),
            ("name", Some(self.name.clone())),
            ("channel", Some(self.channel.as_str().to_owned())),
            ("kinds", text(&self.kinds)),
            ("service_id", self.service_id.map(|s| s.to_string())),
            ("keywords", text(&self.keywords)),
            ("sender", text(&self.sender)),
            ("active", Some(self.active.to_string())),
        ]
    }
}

const SELECT: &str = "SELECT r.id, r.position, r.name, r.channel, r.kinds, r.service_id, s.name AS service_name,
        r.keywords, r.sender, r.active, r.version, r.created_at, r.updated_at
    FROM routing_rules r LEFT JOIN services s ON s.id = r.service_id";

/// Every rule in the order the router tries them.
pub async fn list(db: &Db) -> Result<Vec<RoutingRule>, StoreError> {
    db.fetch_all_as(&format!("{SELECT} ORDER BY r.position, r.id"), &[]).await
}

/// The active rules, in order, read inside the write that routes.
pub async fn active_in(tx: &mut Tx) -> Result<Vec<RoutingRule>, StoreError> {
    tx.fetch_all_as(&format!("{SELECT} WHERE r.active = $1 ORDER BY r.position, r.id"), &[true.into()]).await
}

pub async fn get(db: &Db, id: i64) -> Result<RoutingRule, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE r.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<RoutingRule, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE r.id = $1"), &[id.into()]).await
}

fn values(r: &ValidRule) -> Vec<Value> {
    let kinds: Vec<&str> = r.kinds.iter().map(|k| k.as_str()).collect();
    vec![
        r.position.into(),
        r.name.as_str().into(),
        r.channel.as_str().into(),
        kinds.join("\n").into(),
        r.service_id.into(),
        r.keywords.join("\n").into(),
        r.sender.as_str().into(),
        r.active.into(),
    ]
}

pub async fn insert(tx: &mut Tx, r: &ValidRule) -> Result<i64, StoreError> {
    let mut params = values(r);
    params.push(now().into());
    tx.fetch_scalar(
        "INSERT INTO routing_rules (position, name, channel, kinds, service_id, keywords, sender, active,
                                    created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        &params,
    )
    .await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, r: &ValidRule) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(values(r));
    params.push(now().into());
    let rows = tx
        .execute(
            "UPDATE routing_rules SET position = $3, name = $4, channel = $5, kinds = $6, service_id = $7,
                    keywords = $8, sender = $9, active = $10, version = version + 1, updated_at = $11
             WHERE id = $1 AND version = $2",
            &params,
        )
        .await?;
    check_updated(tx, "routing_rules", id, rows).await
}
