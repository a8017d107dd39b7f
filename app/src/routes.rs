//! The app's URLs, built in one place. Every assessment URL starts with a link's prefix and
//! token: `/f/<token>` (facilitator), `/r/<token>` (read-only), `/p/<token>` (participant).

use domain::access::LinkKind;

/// The page a link opens.
pub fn link_path(kind: LinkKind, token: &str) -> String {
    format!("/{}/{token}", kind.prefix())
}

/// Where the app is reached, without a trailing slash: the configured public URL, else the
/// request's Host (over plain HTTP), else `http://localhost`.
pub fn base_url(public_url: Option<&str>, host: Option<&str>) -> String {
    match public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{}", host.unwrap_or("localhost")),
    }
}

/// The facilitator's overview of one assessment.
pub fn facilitator_path(token: &str) -> String {
    link_path(LinkKind::Facilitator, token)
}

/// A participant's page of the workshop.
pub fn room_path(token: &str) -> String {
    link_path(LinkKind::Participant, token)
}

/// The facilitator's presenter view, for the projector.
pub fn presenter_path(token: &str) -> String {
    format!("/f/{token}/present")
}

/// The QR code of the participant link, as SVG.
pub fn join_qr_path(token: &str) -> String {
    format!("/f/{token}/join-qr.svg")
}

/// Where people type a join code.
pub const JOIN_PATH: &str = "/join";

/// The start page's query field naming why an import was refused (an [`domain::problems::ImportProblem`] code).
pub const IMPORT_ERROR_FIELD: &str = "import_error";

/// The browser bundle of every page not rendered with islands; the stylesheet has its name too.
pub const FULL_BUNDLE: &str = "whenless";

/// The file of the site root in which `scripts/build.sh` writes the content hashes of `bundle`'s
/// files (in the format of Leptos's `hash.txt`: `js: <hash>`, `wasm: <hash>`, `css: <hash>`), so
/// that pages name `<bundle>.<hash>.js` and so on.
pub fn hash_file_name(bundle: &str) -> String {
    format!("{bundle}.hash.txt")
}

/// The browser bundle of the pages rendered with islands: only their islands hydrate, from a
/// fraction of the whole app. These are the pages people open on a phone or from a shared link:
/// the join page, a participant's page and the read-only page.
pub const ISLANDS_BUNDLE: &str = "whenless-islands";

/// Whether the page at `path` is rendered with islands and loads [`ISLANDS_BUNDLE`].
pub fn is_islands_page(path: &str) -> bool {
    path == JOIN_PATH
        || link_page_token(LinkKind::Participant, path).is_some()
        || link_page_token(LinkKind::ReadOnly, path).is_some()
}

/// The token of `path` when it is the page a link of `kind` opens (see [`link_path`]).
pub fn link_page_token(kind: LinkKind, path: &str) -> Option<&str> {
    let token = path.strip_prefix(&format!("/{}/", kind.prefix()))?;
    (!token.is_empty() && !token.contains('/')).then_some(token)
}

/// Step `number` (from 1) of the walk-through.
pub fn step_path(token: &str, number: usize) -> String {
    format!("/f/{token}/step/{number}")
}

/// The facilitator's results page.
pub fn results_path(token: &str) -> String {
    format!("/f/{token}/results")
}

/// The pros-and-cons chart of the results, as SVG.
pub fn chart_path(kind: LinkKind, token: &str) -> String {
    format!("/{}/{token}/charts/pros-cons.svg", kind.prefix())
}

/// The rounds of an assessment, with two compared (none given: the last two).
pub fn rounds_path(kind: LinkKind, token: &str) -> String {
    format!("/{}/{token}/rounds", kind.prefix())
}

/// Each dimension's score across the rounds, as a chart.
pub fn rounds_chart_path(kind: LinkKind, token: &str) -> String {
    format!("/{}/{token}/charts/rounds.svg", kind.prefix())
}

/// A download of the assessment; `file` is `deck.html`, `summary.md` or `assessment.json`.
pub fn export_path(kind: LinkKind, token: &str, file: &str) -> String {
    format!("/{}/{token}/export/{file}", kind.prefix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_prefers_the_configured_one() {
        assert_eq!(
            base_url(Some("https://w.example/"), Some("h:1")),
            "https://w.example"
        );
        assert_eq!(base_url(None, Some("h:1")), "http://h:1");
        assert_eq!(base_url(None, None), "http://localhost");
    }

    #[test]
    fn paths_carry_the_link_prefix_and_token() {
        assert_eq!(link_path(LinkKind::ReadOnly, "T"), "/r/T");
        assert_eq!(facilitator_path("T"), "/f/T");
        assert_eq!(step_path("T", 3), "/f/T/step/3");
        assert_eq!(results_path("T"), "/f/T/results");
        assert_eq!(room_path("T"), "/p/T");
        assert_eq!(presenter_path("T"), "/f/T/present");
        assert_eq!(join_qr_path("T"), "/f/T/join-qr.svg");
        assert_eq!(chart_path(LinkKind::ReadOnly, "T"), "/r/T/charts/pros-cons.svg");
        assert_eq!(
            export_path(LinkKind::Facilitator, "T", "deck.html"),
            "/f/T/export/deck.html"
        );
    }

    #[test]
    fn the_join_participant_and_read_only_pages_are_rendered_with_islands() {
        assert_eq!(link_page_token(LinkKind::ReadOnly, "/r/T"), Some("T"));
        assert!(is_islands_page(JOIN_PATH));
        assert!(is_islands_page(&room_path("T")));
        assert!(is_islands_page(&link_path(LinkKind::ReadOnly, "T")));
        for path in [
            "/",
            "/f/T",
            "/f/T/present",
            "/p/",
            "/r/T/events",
            "/p/T/events",
            "/join/x",
            "/px/T",
        ] {
            assert!(!is_islands_page(path), "{path}");
        }
    }
}
