//! Creating and reading assessments.

use leptos::prelude::*;

use super::AppError;
use crate::domain::Assessment;

/// Creates an assessment from the home page form and sends the browser to its page.
#[server(prefix = "/api", endpoint = "create_assessment")]
pub async fn create_assessment(title: String, description: String) -> Result<String, AppError> {
    use super::error::respond_with;
    use crate::domain::AssessmentDraft;
    use crate::store::AppState;

    let draft = AssessmentDraft::parse(&title, &description).map_err(|e| respond_with(e.into()))?;
    let state = expect_context::<AppState>();
    let assessment = state
        .store
        .create_assessment(&draft)
        .await
        .map_err(|e| respond_with(e.into()))?;
    tracing::info!(assessment = %assessment.id, "assessment created");
    leptos_axum::redirect(&crate::routes::assessment_path(&assessment.id));
    Ok(assessment.id)
}

/// The saved assessment with this id.
#[server(prefix = "/api", endpoint = "assessment")]
pub async fn get_assessment(id: String) -> Result<Assessment, AppError> {
    use super::error::respond_with;
    use crate::store::AppState;

    let state = expect_context::<AppState>();
    match state.store.assessment(&id).await {
        Ok(Some(assessment)) => Ok(assessment),
        Ok(None) => Err(respond_with(AppError::NotFound)),
        Err(e) => Err(respond_with(e.into())),
    }
}
