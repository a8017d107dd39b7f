//! Assessments in and out: the exports (deck, summary, JSON file) and `POST /import`.

use app::api::AppError;
use app::limits::{ClientAddress, Writer};
use app::routes::IMPORT_ERROR_FIELD;
use app::state::{AppState, scored};
use app::store::{Store, StoreError, authorize, now_ms};
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::access::{Capability, Links, Token};
use domain::content::Content;
use domain::problems::ImportProblem;
use domain::transfer::{AssessmentFile, ValidImport};

use super::IMPORT_LIMIT_BYTES;
use super::error::RouteError;
use super::rate_limits::too_many_writes;
use crate::charts;
use crate::export::{self, Charts, Summary};

/// `GET /{f,r}/{token}/export/{deck.html,summary.md,decision.md,actions.md,actions.csv,assessment.json}`:
/// a download.
pub(super) async fn export(
    State(state): State<AppState>,
    Path((token, file)): Path<(Token, String)>,
) -> Result<Response, RouteError> {
    let access = authorize(state.store.as_ref(), &token, Capability::Read).await?;
    let scored = scored(&state, &access).await?;
    let content = &*state.content_of(&scored.assessment).await?;
    let (body, mime, extension) = match file.as_str() {
        "deck.html" => {
            let charts = Charts {
                pros_and_cons: charts::pros_and_cons(&scored.report)?,
                cost: scored.costs.as_ref().map(charts::cost).transpose()?,
            };
            (
                export::deck(&Summary::new(&scored, content, charts, now_ms())),
                "text/html; charset=utf-8",
                "html",
            )
        }
        "summary.md" => (
            export::markdown(&Summary::new(&scored, content, Charts::default(), now_ms())),
            "text/markdown; charset=utf-8",
            "md",
        ),
        "decision.md" => (
            export::decision(&Summary::new(&scored, content, Charts::default(), now_ms())),
            "text/markdown; charset=utf-8",
            "decision.md",
        ),
        "actions.md" => (
            export::checklist(&Summary::new(&scored, content, Charts::default(), now_ms())),
            "text/markdown; charset=utf-8",
            "actions.md",
        ),
        "actions.csv" => (
            export::csv_rows(&Summary::new(&scored, content, Charts::default(), now_ms()))?,
            "text/csv; charset=utf-8",
            "actions.csv",
        ),
        "assessment.json" => {
            let file = AssessmentFile::new(
                content,
                &scored.assessment,
                &scored.answers,
                &scored.settings,
                scored.costs.as_ref(),
                &scored.parts,
                &scored.decision,
            )
            .with_next_actions(&scored.next_actions)
            .with_history(&scored.review, &scored.rounds);
            let json = serde_json::to_string_pretty(&file).unwrap_or_default();
            (json, "application/json", "json")
        }
        _ => return Err(RouteError::NoSuchExport),
    };
    let disposition = format!(
        "attachment; filename=\"{}\"",
        export::file_name(&scored.assessment, extension)
    );
    let disposition = HeaderValue::from_str(&disposition).map_err(|_| RouteError::NoSuchExport)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// Why an import was refused: a form is sent back to the start page with the problem's code,
/// a script gets the detail in words, as invalid input.
fn import_refused(problem: ImportProblem, detail: String, from_form: bool) -> Response {
    if from_form {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(IMPORT_ERROR_FIELD, problem.code())
            .finish();
        (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/?{query}"))]).into_response()
    } else {
        let error = AppError::from(ValidationError::new("file", detail));
        (
            error.status(),
            Json(serde_json::json!({ "error": error.to_string() })),
        )
            .into_response()
    }
}

/// `POST /import`: a new assessment from a JSON export, sent as the body
/// (`application/json`, answered with JSON) or as the `file` field of a form
/// (`multipart/form-data`, answered with a redirect). Everything is checked before anything
/// is written.
pub(super) async fn import(State(state): State<AppState>, request: Request) -> Response {
    if let Some(&ClientAddress(address)) = request.extensions().get::<ClientAddress>()
        && let Err(wait) = state.limits.check(Writer::Address(address))
    {
        return too_many_writes(wait.as_secs());
    }
    let from_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"multipart/form-data"));
    let text = if from_form {
        match read_file_field(request).await {
            Ok(text) => text,
            Err(problem) => return import_refused(problem, problem.message().to_owned(), true),
        }
    } else {
        match axum::body::to_bytes(request.into_body(), IMPORT_LIMIT_BYTES).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        }
    };
    let file = match AssessmentFile::parse(&text) {
        Ok(file) => file,
        Err(error) => return import_refused(ImportProblem::NotWhenless, error.message, from_form),
    };
    if let Err(error) = file.check_format() {
        return import_refused(ImportProblem::Invalid, error.message, from_form);
    }
    // The file is imported into the content it was exported with: a shipped version of the
    // talk's, or the organisation's content it carries (kept with the assessment).
    let content = match file.content() {
        Ok(content) => content,
        Err(error) => return import_refused(ImportProblem::UnknownVersion, error.message, from_form),
    };
    let valid = match file.validate(&content) {
        Ok(valid) => valid,
        Err(error) => return import_refused(ImportProblem::Invalid, error.message, from_form),
    };
    match save_import(state.store.as_ref(), &content, valid).await {
        Ok(links) => {
            let location = app::routes::facilitator_path(links.facilitator.expose());
            if from_form {
                (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
            } else {
                (
                    StatusCode::CREATED,
                    Json(serde_json::json!({ "facilitator": location })),
                )
                    .into_response()
            }
        }
        Err(error) => RouteError::Store(error).into_response(),
    }
}

async fn read_file_field(request: Request) -> Result<String, ImportProblem> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|_| ImportProblem::Unreadable)?;
    while let Some(field) = form.next_field().await.map_err(|_| ImportProblem::Unreadable)? {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| ImportProblem::Unreadable)?;
            if bytes.is_empty() {
                return Err(ImportProblem::NoFile);
            }
            return Ok(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Err(ImportProblem::NoFile)
}

async fn save_import(store: &dyn Store, content: &Content, valid: ValidImport) -> Result<Links, StoreError> {
    let (assessment, links) = store.import_assessment(&valid, &content.version).await?;
    tracing::info!(assessment = %assessment.id, answers = valid.answers.len(), "assessment imported");
    Ok(links)
}
