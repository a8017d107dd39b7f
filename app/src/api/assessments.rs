//! Creating and reading assessments.

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;

/// Creates an assessment from the home page form and sends the browser to its facilitator
/// page. Returns the facilitator token.
#[server(prefix = "/api", endpoint = "create_assessment")]
pub async fn create_assessment(title: String, description: String) -> Result<String, AppError> {
    use crate::domain::AssessmentDraft;
    use crate::domain::content::Content;

    let draft = AssessmentDraft::parse(&title, &description).map_err(support::fail)?;
    let state = support::state();
    let (assessment, links) = state
        .store
        .create_assessment(&draft, &Content::bundled().version)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, "assessment created");
    leptos_axum::redirect(&crate::routes::facilitator_path(&links.facilitator));
    Ok(links.facilitator)
}
