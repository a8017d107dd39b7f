//! Forms posted without JavaScript: the page a form came from, put back where Leptos looks for
//! it, and the errors that travel in addresses, kept to their fixed forms.

use app::api::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use domain::problems::FormProblem;

use super::BODY_LIMIT_BYTES;

/// The name of the hidden field that tells a server function which page a form was on.
pub const RETURN_FIELD: &str = "__return";

/// The stand-in origin of Referers made up by [`restore_form_origin`]; it never leaves the
/// server.
const STAND_IN_ORIGIN: &str = "http://whenless.invalid";

/// Forms posted without JavaScript carry no Referer (the pages send `no-referrer`), yet Leptos
/// needs one to send the browser back to the form with its error. Every form carries its page
/// in a hidden field; this puts that page, if it is a path on this site, where Leptos looks,
/// and makes the redirect Leptos answers with relative again.
pub(super) async fn restore_form_origin(request: Request, next: Next) -> Response {
    let is_plain_form = request.method() == axum::http::Method::POST
        && request.uri().path().starts_with("/api/")
        && !request.headers().contains_key(header::REFERER)
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
    if !is_plain_form {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let origin = form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == RETURN_FIELD)
        .map(|(_, value)| value.into_owned())
        .filter(|path| is_same_site_path(path))
        .and_then(|path| HeaderValue::from_str(&format!("{STAND_IN_ORIGIN}{path}")).ok());
    let Some(origin) = origin else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    parts.headers.insert(header::REFERER, origin);
    let mut response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let relative = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok()?.strip_prefix(STAND_IN_ORIGIN).map(str::to_owned));
    if let Some(location) = relative {
        // Leptos sends the browser back to the Referer set above, with the error in the query,
        // which only ever carries one of the fixed forms.
        let location = with_fixed_errors(&location);
        let location = HeaderValue::from_str(&location)
            .ok()
            .filter(|_| is_same_site_path(&location))
            .unwrap_or(HeaderValue::from_static("/"));
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The query field in which Leptos carries a server function's error back to a form's page;
/// the page shows it, on the server and again in the browser.
const ERROR_FIELD: &str = "__err";
/// The query field naming the server function the error came from.
const ERROR_PATH_FIELD: &str = "__path";

/// The error encoded in an `__err` value, as Leptos encodes it.
fn decode_error(value: &str) -> Option<AppError> {
    serde_json::from_slice(&URL_SAFE.decode(value).ok()?).ok()
}

fn encode_error(error: &AppError) -> String {
    URL_SAFE.encode(serde_json::to_vec(error).unwrap_or_default())
}

/// Whether an `__err` value is exactly the encoding of one of the fixed forms.
fn is_fixed_error(value: &str) -> bool {
    decode_error(value).is_some_and(|error| error.is_fixed_for_address() && encode_error(&error) == value)
}

/// `location` with each `__err` in its query replaced by the error's fixed form.
fn with_fixed_errors(location: &str) -> String {
    let Some((path, query)) = location.split_once('?') else {
        return location.to_owned();
    };
    let mut fixed = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name == ERROR_FIELD {
            let error = decode_error(&value).map_or(FormProblem::Other.into(), |e| e.for_address());
            fixed.append_pair(&name, &encode_error(&error));
        } else {
            fixed.append_pair(&name, &value);
        }
    }
    format!("{path}?{}", fixed.finish())
}

/// An address carrying an error that is not one of the fixed forms was not made by this
/// server: the browser is sent to the same page without it, so it never shows that text or
/// keeps it in its address bar.
pub(super) async fn refuse_forged_errors(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let forged = form_urlencoded::parse(query.as_bytes())
        .any(|(name, value)| name == ERROR_FIELD && !is_fixed_error(&value));
    if !forged {
        return next.run(request).await;
    }
    let mut rest = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name != ERROR_FIELD && name != ERROR_PATH_FIELD {
            rest.append_pair(&name, &value);
            any = true;
        }
    }
    let path = request.uri().path();
    let location = if any {
        format!("{path}?{}", rest.finish())
    } else {
        path.to_owned()
    };
    let location = HeaderValue::from_str(&location)
        .ok()
        .filter(|_| is_same_site_path(&location))
        .unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// Whether `path` is a path on this site, in a strict form that every browser reads the same
/// way: one `/`, then only URL characters (no `\`, no second `/` at the start, no spaces
/// or control characters, which browsers drop or read as `/`).
pub fn is_same_site_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_same_site_path;

    #[test]
    fn only_strict_same_site_paths_are_return_paths() {
        for good in [
            "/",
            "/join",
            "/f/AbC-_9/step/3",
            "/?import=1&x=%2F",
            "/p/x?__path=/api/x&__err=e30=",
        ] {
            assert!(is_same_site_path(good), "{good}");
        }
        for bad in [
            "",
            "join",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\tevil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{2028}/evil.example",
            "/caf\u{e9}",
            "https://evil.example",
            "/x\\y",
        ] {
            assert!(!is_same_site_path(bad), "{bad:?}");
        }
    }
}
