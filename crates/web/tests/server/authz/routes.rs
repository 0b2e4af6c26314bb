//! The route table, read from what the server itself declares: the OpenAPI
//! document for the JSON API (`kumppani_web::openapi()`) and the router
//! source (`.route("PATH", get(..).post(..))` in the crate's modules)
//! for the pages and the few unannotated routes. A new route shows up here
//! without anyone touching this file.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
}

impl Kind {
    /// Whether a record of this kind belongs to someone, so that "own" and
    /// "other" differ for some role.
    pub fn owned(self) -> bool {
        !matches!(self, Kind::Segment | Kind::Service | Kind::Term)
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
pub fn all() -> Vec<Route> {
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
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).expect("read router source");
        assert!(!text.contains(".nest("), "authz: {} nests a router; teach routes.rs its prefix", file.display());
        for (path, methods) in source_routes(&text) {
            for method in methods {
                let route = Route { path: path.clone(), method, body: None };
                // An annotated API route is also in the OpenAPI document.
                found.entry(route.rank()).or_insert(route);
            }
        }
    }
    assert!(found.len() > 20, "authz: suspiciously few routes found ({})", found.len());
    found.into_values().collect()
}

/// The crate's source files that are compiled in: lib.rs and the files its
/// `mod name;` declarations name, recursively (a file not yet declared as a
/// module routes nothing).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.join("lib.rs")];
    while let Some(file) = todo.pop() {
        let text = std::fs::read_to_string(&file).expect("read crate source");
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let parent = file.parent().unwrap_or(dir);
        let base = if matches!(stem, "lib" | "mod") { parent.to_path_buf() } else { parent.join(stem) };
        for line in text.lines().map(str::trim) {
            let decl = line.strip_prefix("pub ").or_else(|| line.strip_prefix("pub(crate) ")).unwrap_or(line);
            let Some(name) = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) else { continue };
            let name = name.trim();
            let flat = base.join(format!("{name}.rs"));
            todo.push(if flat.exists() { flat } else { base.join(name).join("mod.rs") });
        }
        out.push(file);
    }
    out.sort();
    out
}

/// `.route("PATH", get(..).post(..))` calls in a source file.
pub fn source_routes(text: &str) -> Vec<(String, Vec<&'static str>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + ".route(".len()..];
        let Some(lit) = rest.trim_start().strip_prefix('"') else {
            panic!("authz: a .route( call without a literal path: {}", &rest[..rest.len().min(80)])
        };
        let end = lit.find('"').expect("closing quote of a route path");
        let path = lit[..end].to_owned();
        let mut t = lit[end + 1..].trim_start().strip_prefix(',').expect("comma after a route path").trim_start();
        let mut methods = Vec::new();
        loop {
            let len = t.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(t.len());
            let ident = t[..len].rsplit("::").next().unwrap_or("");
            t = &t[len..];
            let Some(close) = t.starts_with('(').then(|| closing_paren(t)).flatten() else { break };
            let method = METHODS
                .iter()
                .find(|m| m.eq_ignore_ascii_case(ident))
                .unwrap_or_else(|| panic!("authz: route {path}: `{ident}(..)` is not a method routes.rs knows"));
            methods.push(*method);
            t = t[close + 1..].trim_start();
            match t.strip_prefix('.') {
                Some(next) => t = next.trim_start(),
                None => break,
            }
        }
        assert!(!methods.is_empty(), "authz: could not read the methods of route {path}");
        out.push((path, methods));
    }
    out
}

/// The index of the `)` that closes the `(` at the start of `t`.
fn closing_paren(t: &str) -> Option<usize> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, c) in t.char_indices() {
        match (in_str, c) {
            (true, '\\') if !escaped => escaped = true,
            (true, '"') if !escaped => in_str = false,
            (true, _) => escaped = false,
            (false, '"') => in_str = true,
            (false, '(') => depth += 1,
            (false, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
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
fn reads_chained_methods_from_router_source() {
    let src = r#"Router::new()
        .route("/a", get(|| async { "ok" }))
        .route("/b/{id}", axum::routing::get(show).post(update))
        .route( "/c", post(f(x)) )"#;
    let routes = source_routes(src);
    assert_eq!(
        routes,
        vec![("/a".into(), vec!["GET"]), ("/b/{id}".into(), vec!["GET", "POST"]), ("/c".into(), vec!["POST"])]
    );
}

#[test]
fn blank_bodies_have_every_property() {
    let schema = serde_json::json!({"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "n": {"type": ["integer", "null"]}, "b": {"type": "boolean"}}});
    assert_eq!(blank(&schema), serde_json::json!({"name": "", "n": MISSING, "b": false}));
}
