//! The app's URLs, built in one place. Every assessment URL starts with a link's prefix and
//! token: `/f/<token>` (facilitator), `/r/<token>` (read-only), `/p/<token>` (participant).

use crate::domain::access::LinkKind;

/// The page a link opens.
pub fn link_path(kind: LinkKind, token: &str) -> String {
    format!("/{}/{token}", kind.prefix())
}

/// The facilitator's overview of one assessment.
pub fn facilitator_path(token: &str) -> String {
    link_path(LinkKind::Facilitator, token)
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

/// A download of the assessment; `file` is `deck.html`, `summary.md` or `assessment.json`.
pub fn export_path(kind: LinkKind, token: &str, file: &str) -> String {
    format!("/{}/{token}/export/{file}", kind.prefix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_carry_the_link_prefix_and_token() {
        assert_eq!(link_path(LinkKind::ReadOnly, "T"), "/r/T");
        assert_eq!(facilitator_path("T"), "/f/T");
        assert_eq!(step_path("T", 3), "/f/T/step/3");
        assert_eq!(results_path("T"), "/f/T/results");
        assert_eq!(chart_path(LinkKind::ReadOnly, "T"), "/r/T/charts/pros-cons.svg");
        assert_eq!(
            export_path(LinkKind::Facilitator, "T", "deck.html"),
            "/f/T/export/deck.html"
        );
    }
}
