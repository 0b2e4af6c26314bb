//! A small `multipart/form-data` reader for the one upload form (project
//! import) and for the CSRF check of its body. Whole body in memory: the
//! upload is bounded (8 MiB) before it gets here.

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..].windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// A `name="…"` parameter of a Content-Disposition line.
fn param(line: &str, key: &str) -> Option<String> {
    let at = line.find(&format!("{key}=\""))? + key.len() + 2;
    let end = line[at..].find('"')? + at;
    Some(line[at..end].to_owned())
}

/// The parts of a body; malformed input gives the parts read so far.
pub fn parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut out = Vec::new();
    let Some(mut at) = find(body, &delimiter, 0) else { return out };
    loop {
        let start = at + delimiter.len();
        // "--" after a delimiter ends the body.
        if body.get(start..start + 2) == Some(b"--") {
            break;
        }
        let Some(head_end) = find(body, b"\r\n\r\n", start) else { break };
        let head = String::from_utf8_lossy(&body[start..head_end]);
        let Some(next) = find(body, &[b"\r\n".as_slice(), &delimiter].concat(), head_end + 4) else { break };
        let disposition =
            head.lines().find(|l| l.to_ascii_lowercase().starts_with("content-disposition")).unwrap_or("");
        if let Some(name) = param(disposition, "name") {
            out.push(Part { name, filename: param(disposition, "filename"), data: body[head_end + 4..next].to_vec() });
        }
        at = next + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_a_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\nName\r\nA\r\n\r\n--XyZ--\r\n";
        let ct = "multipart/form-data; boundary=XyZ";
        let p = parts(body, &boundary(ct).unwrap_or_default());
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].name.as_str(), p[0].data.as_slice()), ("_csrf", b"abc".as_slice()));
        assert_eq!(p[1].filename.as_deref(), Some("p.csv"));
        assert_eq!(p[1].data, b"Name\r\nA\r\n");
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert!(parts(b"garbage", "XyZ").is_empty());
    }
}
