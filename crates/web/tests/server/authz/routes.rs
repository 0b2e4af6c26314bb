//! The route table, read from what the server itself declares: the OpenAPI
//! document for the JSON API (`kumppani_web::openapi()`, with request
//! bodies) and the router's own list of paths (`kumppani_web::route_paths()`)
//! for the pages and the few unannotated routes, whose methods the server
//! names in the `Allow` header of a 405. A new route shows up here without
//! anyone touching this file.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeMap;

use crate::harness::TestApp;

/// Methods in the order rows are sorted.
pub const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// An id that names no record of any kind.
pub const MISSING: i64 = 999_999_999;

#[derive(Debug, Clone)]
pub struct Route {
    /// The path template, e.g. `/api/v1/customers/{id}`.
    pub path: String,
    pub method: &'static str,
    /// The JSON request body's schema (API routes that take one).
    pub body: Option<Value>,
}

impl Route {
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }

    fn rank(&self) -> (String, usize) {
        (self.path.clone(), METHODS.iter().position(|m| *m == self.method).unwrap_or(METHODS.len()))
    }
}

/// The kinds of record a path's `{id}` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Customer,
    Contact,
    Subscription,
    Segment,
    Service,
    User,
    Token,
    Absence,
    Project,
    /// A customer event (account plans).
    Event,
    /// A project's stakeholder, communication line and lesson: owned
    /// through their project.
    Stakeholder,
    Communication,
    Lesson,
    /// A glossary term: shared, nobody's own.
    Term,
    /// A calendar feed: its owner's.
    Feed,
    /// A customer contact: owned through its customer.
    Request,
    /// A routing rule: shared, nobody's own.
    Rule,
    /// A process template and one of its steps: shared.
    Process,
    Step,
}

impl Kind {
    /// Whether a record of this kind belongs to someone, so that "own" and
    /// "other" differ for some role.
    pub fn owned(self) -> bool {
        !matches!(self, Kind::Segment | Kind::Service | Kind::Term | Kind::Rule | Kind::Process | Kind::Step)
    }
}

/// The record kind a template's `{id}` names, from the collection before it.
pub fn kind_of(template: &str) -> Option<Kind> {
    let segments: Vec<&str> = template.split('/').collect();
    for s in &segments {
        if s.starts_with('{') && !matches!(*s, "{id}" | "{code}" | "{token}") {
            panic!("authz: route {template} has parameter {s}, which routes.rs does not know how to fill");
        }
    }
    let at = segments.iter().position(|s| *s == "{id}")?;
    let owner = at.checked_sub(1).map_or("", |i| segments[i]);
    Some(match owner {
        "customers" => Kind::Customer,
        "contacts" => Kind::Contact,
        "subscriptions" => Kind::Subscription,
        "segments" => Kind::Segment,
        "services" => Kind::Service,
        "users" => Kind::User,
        "tokens" => Kind::Token,
        "absences" => Kind::Absence,
        "projects" => Kind::Project,
        "events" => Kind::Event,
        "stakeholders" => Kind::Stakeholder,
        "communications" => Kind::Communication,
        "lessons" => Kind::Lesson,
        "glossary" => Kind::Term,
        "calendars" | "calendar-feeds" => Kind::Feed,
        "requests" => Kind::Request,
        "routing" | "routing-rules" => Kind::Rule,
        "processes" => Kind::Process,
        "process-steps" => Kind::Step,
        other => panic!("authz: route {template}: no record kind for `{other}/{{id}}`; add it to routes::kind_of"),
    })
}

/// The rows a route gets in the matrix: which record its id names.
pub fn rows(template: &str) -> &'static [&'static str] {
    match kind_of(template) {
        None => &["-"],
        Some(k) if k.owned() => &["own", "other", "missing"],
        Some(_) => &["any", "missing"],
    }
}

/// A well-formed feed secret that no feed has: `{token}` routes (calendar
/// feeds, which take no session) must answer it like any other guess.
pub const FORGED_SECRET: &str = "kcal_00000000000000000000000000000000000000000000000000000000000000ff.ics";

/// Fills a template: `{id}` with `id`, `{code}` with a language code,
/// `{token}` with a forged secret.
pub fn fill(template: &str, id: Option<i64>) -> String {
    let id = id.map_or_else(String::new, |i| i.to_string());
    template.replace("{id}", &id).replace("{code}", "sv").replace("{token}", FORGED_SECRET)
}

/// Every route the server answers, sorted by path and method.
pub async fn all(app: &TestApp) -> Vec<Route> {
    let doc = serde_json::to_value(kumppani_web::openapi()).expect("OpenAPI document as JSON");
    let mut found: BTreeMap<(String, usize), Route> = BTreeMap::new();
    let paths = doc["paths"].as_object().expect("paths in the OpenAPI document");
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(method) = METHODS.iter().find(|m| m.eq_ignore_ascii_case(method)) else { continue };
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let body = (!schema.is_null()).then(|| resolve(&doc, schema));
            let route = Route { path: path.clone(), method, body };
            found.insert(route.rank(), route);
        }
    }
    for path in kumppani_web::route_paths() {
        for method in allowed_methods(app, &path).await {
            let route = Route { path: path.clone(), method, body: None };
            // An annotated API route is also in the OpenAPI document.
            found.entry(route.rank()).or_insert(route);
        }
    }
    assert!(found.len() > 20, "authz: suspiciously few routes found ({})", found.len());
    found.into_values().collect()
}

/// The methods a path template is routed for, as the router names them in
/// the `Allow` header of its 405 to a method no route has (OPTIONS).
async fn allowed_methods(app: &TestApp, template: &str) -> Vec<&'static str> {
    let path = fill(template, Some(MISSING));
    let r = app.anonymous().request(Method::OPTIONS, &path).send().await.expect("request reaches the server");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "authz: OPTIONS {path} is not refused by the router");
    let allow = r.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or("");
    let methods = methods_of(allow);
    assert!(!methods.is_empty(), "authz: route {template}: no methods in Allow: {allow:?}");
    methods
}

/// The methods of an `Allow` header, in [`METHODS`] order (HEAD goes with GET).
fn methods_of(allow: &str) -> Vec<&'static str> {
    let named: Vec<&str> = allow.split(',').map(str::trim).filter(|m| !m.is_empty() && *m != "HEAD").collect();
    for m in &named {
        assert!(METHODS.contains(m), "authz: `{m}` is not a method routes.rs knows (Allow: {allow})");
    }
    METHODS.iter().copied().filter(|m| named.contains(m)).collect()
}

/// A schema with `$ref`s replaced by what they name.
fn resolve(doc: &Value, schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or("");
                return resolve(doc, &doc["components"]["schemas"][name]);
            }
            Value::Object(map.iter().map(|(k, v)| (k.clone(), resolve(doc, v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(doc, v)).collect()),
        other => other.clone(),
    }
}

/// A body of the schema's shape that names nothing and says nothing: every
/// property present (so no extractor rejects it), strings blank, numbers a
/// missing id, booleans false. Use cases refuse it (422) after their checks.
pub fn blank(schema: &Value) -> Value {
    if let Some(all) = schema["allOf"].as_array() {
        let mut out = serde_json::Map::new();
        for part in all {
            if let Value::Object(m) = blank(part) {
                out.extend(m);
            }
        }
        return Value::Object(out);
    }
    if let Some(first) =
        schema["oneOf"].as_array().or(schema["anyOf"].as_array()).and_then(|v| v.iter().find(|s| s["type"] != "null"))
    {
        return blank(first);
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null"),
        Value::String(t) => t.as_str(),
        _ if schema["properties"].is_object() => "object",
        _ => "null",
    };
    match ty {
        "object" => Value::Object(
            schema["properties"].as_object().into_iter().flatten().map(|(k, v)| (k.clone(), blank(v))).collect(),
        ),
        "string" => Value::String(String::new()),
        "integer" | "number" => Value::from(MISSING),
        "boolean" => Value::Bool(false),
        "array" => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

#[test]
fn reads_methods_from_allow_headers() {
    assert_eq!(methods_of("GET,HEAD,POST"), ["GET", "POST"]);
    assert_eq!(methods_of("DELETE, PUT, GET, HEAD"), ["GET", "PUT", "DELETE"]);
    assert!(methods_of("").is_empty());
}

#[test]
fn blank_bodies_have_every_property() {
    let schema = serde_json::json!({"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "n": {"type": ["integer", "null"]}, "b": {"type": "boolean"}}});
    assert_eq!(blank(&schema), serde_json::json!({"name": "", "n": MISSING, "b": false}));
}
