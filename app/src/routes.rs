//! The app's URLs, built in one place.

/// The page of one assessment.
pub fn assessment_path(id: &str) -> String {
    format!("/a/{id}")
}
