//! The app's URLs, built in one place.

/// The overview page of one assessment.
pub fn assessment_path(id: &str) -> String {
    format!("/a/{id}")
}

/// Step `number` (from 1) of the walk-through.
pub fn step_path(id: &str, number: usize) -> String {
    format!("/a/{id}/step/{number}")
}

/// The results page.
pub fn results_path(id: &str) -> String {
    format!("/a/{id}/results")
}

/// The pros-and-cons chart of the results, as SVG.
pub fn pros_cons_chart_path(id: &str) -> String {
    format!("/a/{id}/charts/pros-cons.svg")
}
