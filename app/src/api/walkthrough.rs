//! The guided walk-through: reading a step, saving answers as they are given, saving a step's
//! importance and note, and the results.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
use crate::domain::Assessment;
use crate::domain::access::{LinkKind, Links};
use crate::domain::content::{Dimension, Exception};
use crate::domain::scoring::Report;
use crate::domain::walkthrough::{DimensionSetting, StepProgress};

/// What a step page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub assessment: Assessment,
    pub number: usize,
    pub total: usize,
    /// The dimension of this step; `None` on the "when not to" step.
    pub dimension: Option<Dimension>,
    /// The "when not to" checks, on their step.
    pub exceptions: Vec<Exception>,
    /// The viewer's saved answer codes, by question or check id.
    pub mine: BTreeMap<String, i16>,
    pub setting: Option<DimensionSetting>,
    pub progress: Vec<StepProgress>,
}

/// What the facilitator's overview page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewView {
    pub assessment: Assessment,
    /// The current links, to copy and hand out.
    pub links: Links,
    /// Where the app is reached, to make the links absolute.
    pub base_url: String,
    pub progress: Vec<StepProgress>,
    /// The step to continue at.
    pub resume: usize,
}

/// What the results page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub assessment: Assessment,
    /// The kind of link the page was opened with, which decides what it may offer.
    pub kind: LinkKind,
    pub report: Report,
    /// (dimension title, note) for every dimension with a note.
    pub notes: Vec<(String, String)>,
}

/// Where a submitted step form goes next.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Go {
    Back,
    Stay,
    Next,
    Results,
}

#[cfg(feature = "ssr")]
impl Go {
    fn parse(value: &str) -> Go {
        match value {
            "back" => Go::Back,
            "next" => Go::Next,
            "results" => Go::Results,
            _ => Go::Stay,
        }
    }
}

#[server(prefix = "/api", endpoint = "overview")]
pub async fn get_overview(token: String) -> Result<OverviewView, AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::domain::walkthrough::{FACILITATOR, codes_of, progress, resume_step};

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let links = state
        .store
        .links(&assessment.id, &token)
        .await
        .map_err(support::fail)?;
    let answers = state.store.answers(&assessment.id).await.map_err(support::fail)?;
    let progress = progress(Content::bundled(), &codes_of(&answers, FACILITATOR));
    let resume = resume_step(&progress, usize::try_from(assessment.current_step).unwrap_or(1));
    let base_url = support::base_url(&state);
    Ok(OverviewView {
        assessment,
        links,
        base_url,
        progress,
        resume,
    })
}

/// Replaces one of the assessment's links; the old token stops working at once. Replacing
/// the facilitator link moves the browser to the new one.
#[server(prefix = "/api", endpoint = "rotate_link")]
pub async fn rotate_link(token: String, kind: String) -> Result<(), AppError> {
    use crate::domain::ValidationError;
    use crate::domain::access::Capability;

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let kind = LinkKind::from_slug(&kind)
        .ok_or_else(|| support::fail(ValidationError::new("kind", "There is no such kind of link.")))?;
    let links = state
        .store
        .rotate_link(&assessment.id, kind, &token)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, kind = kind.slug(), "link replaced");
    leptos_axum::redirect(&crate::routes::facilitator_path(&links.facilitator));
    Ok(())
}

#[server(prefix = "/api", endpoint = "step")]
pub async fn get_step(token: String, number: usize) -> Result<StepView, AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::domain::walkthrough::{FACILITATOR, Step, codes_of, progress};

    let content = Content::bundled();
    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let step = Step::from_number(content, number).ok_or_else(|| support::fail(AppError::NotFound))?;
    let id = assessment.id.clone();
    let answers = state.store.answers(&id).await.map_err(support::fail)?;
    let mine = codes_of(&answers, FACILITATOR);
    let progress = progress(content, &mine);
    let (dimension, exceptions, setting) = match step {
        Step::Dimension(index) => {
            let dimension = content.dimensions[index].clone();
            let setting = state
                .store
                .dimension_settings(&id)
                .await
                .map_err(support::fail)?
                .into_iter()
                .find(|s| s.dimension_id == dimension.id)
                .unwrap_or_else(|| DimensionSetting::unset(&dimension.id));
            (Some(dimension), Vec::new(), Some(setting))
        }
        Step::Checks => (None, content.exceptions.clone(), None),
    };
    Ok(StepView {
        assessment,
        number,
        total: Step::count(content),
        dimension,
        exceptions,
        mine,
        setting,
        progress,
    })
}

/// Saves one answer the moment it is given (called from the page when JavaScript runs).
#[server(prefix = "/api", endpoint = "save_answer")]
pub async fn save_answer(token: String, question: String, value: String) -> Result<(), AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::domain::walkthrough::{AnswerRecord, FACILITATOR, parse_answer};

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let value = parse_answer(Content::bundled(), &question, &value).map_err(support::fail)?;
    let record = AnswerRecord {
        participant_id: FACILITATOR.to_owned(),
        question_id: question,
        value,
    };
    state
        .store
        .save_answer(&assessment.id, &record)
        .await
        .map_err(support::fail)
}

/// Saves a whole step form (its answers, importance and note) and moves to the step named by
/// `go` (`back`, `next`, `results`; anything else stays). This is how the walk-through works
/// without JavaScript; with it, answers are already saved and this saves the rest.
#[server(prefix = "/api", endpoint = "save_step")]
pub async fn save_step(
    token: String,
    number: usize,
    answers: Option<HashMap<String, String>>,
    importance: Option<String>,
    note: Option<String>,
    version: Option<i64>,
    go: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::domain::walkthrough::{
        AnswerRecord, FACILITATOR, Saved, Step, parse_answer, parse_importance, parse_note,
    };
    use crate::routes::{results_path, step_path};

    let state = support::state();
    let id = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment
        .id;
    let content = Content::bundled();
    let step = Step::from_number(content, number).ok_or_else(|| support::fail(AppError::NotFound))?;
    // Check everything before writing anything.
    let answers = answers
        .unwrap_or_default()
        .into_iter()
        .map(|(question, value)| parse_answer(content, &question, &value).map(|value| (question, value)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(support::fail)?;
    let setting = match step {
        Step::Dimension(index) => Some(DimensionSetting {
            dimension_id: content.dimensions[index].id.clone(),
            importance: parse_importance(importance.as_deref().unwrap_or("2")).map_err(support::fail)?,
            note: parse_note(note.as_deref().unwrap_or_default()).map_err(support::fail)?,
            version: version.unwrap_or(0),
        }),
        Step::Checks => None,
    };

    for (question_id, value) in answers {
        let record = AnswerRecord {
            participant_id: FACILITATOR.to_owned(),
            question_id,
            value,
        };
        state
            .store
            .save_answer(&id, &record)
            .await
            .map_err(support::fail)?;
    }
    if let Some(setting) = setting {
        let unchanged = state
            .store
            .dimension_settings(&id)
            .await
            .map_err(support::fail)?
            .into_iter()
            .find(|s| s.dimension_id == setting.dimension_id)
            .unwrap_or_else(|| DimensionSetting::unset(&setting.dimension_id))
            == setting;
        if !unchanged
            && let Saved::Conflict(theirs) = state
                .store
                .save_dimension_setting(&id, &setting)
                .await
                .map_err(support::fail)?
        {
            return Err(support::fail(AppError::Conflict {
                yours: setting.note,
                theirs: theirs.note,
            }));
        }
    }

    let total = Step::count(content);
    let target = match Go::parse(go.as_deref().unwrap_or_default()) {
        Go::Back => Some(number.saturating_sub(1).max(1)),
        Go::Next if number < total => Some(number + 1),
        Go::Next | Go::Results => None,
        Go::Stay => Some(number),
    };
    if let Some(target) = target {
        let step = i64::try_from(target).unwrap_or(1);
        state
            .store
            .set_current_step(&id, step)
            .await
            .map_err(support::fail)?;
    }
    leptos_axum::redirect(&target.map_or_else(|| results_path(&token), |target| step_path(&token, target)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "results")]
pub async fn get_results(token: String) -> Result<ResultsView, AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::store::{Scored, scored};

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let Scored {
        assessment,
        settings,
        report,
        ..
    } = scored(state.store.as_ref(), &access.assessment)
        .await
        .map_err(support::fail)?;
    let notes = Content::bundled()
        .dimensions
        .iter()
        .filter_map(|d| {
            let setting = settings.iter().find(|s| s.dimension_id == d.id)?;
            (!setting.note.is_empty()).then(|| (d.title.clone(), setting.note.clone()))
        })
        .collect();
    Ok(ResultsView {
        assessment,
        kind: access.kind,
        report,
        notes,
    })
}

/// One dimension as the read-only page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionDetail {
    pub dimension: Dimension,
    pub importance: u8,
    pub note: String,
    /// Per question id, how many gave each answer (in the order of `Answer::ALL`).
    pub counts: BTreeMap<String, [usize; 6]>,
}

/// What the read-only page shows: the results and every dimension in detail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub results: ResultsView,
    pub details: Vec<DimensionDetail>,
}

/// The whole saved assessment, for anyone holding any of its links.
#[server(prefix = "/api", endpoint = "shared")]
pub async fn get_shared(token: String) -> Result<SharedView, AppError> {
    use crate::domain::access::Capability;
    use crate::domain::content::Content;
    use crate::domain::walkthrough::answer_counts;
    use crate::store::{Scored, scored};

    let content = Content::bundled();
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let Scored {
        assessment,
        answers,
        settings,
        report,
    } = scored(state.store.as_ref(), &access.assessment)
        .await
        .map_err(support::fail)?;
    let counts = answer_counts(content, &answers);
    let setting = |id: &str| {
        settings
            .iter()
            .find(|s| s.dimension_id == id)
            .cloned()
            .unwrap_or_else(|| DimensionSetting::unset(id))
    };
    let details = content
        .dimensions
        .iter()
        .map(|dimension| {
            let DimensionSetting { importance, note, .. } = setting(&dimension.id);
            DimensionDetail {
                dimension: dimension.clone(),
                importance,
                note,
                counts: dimension
                    .questions
                    .iter()
                    .filter_map(|q| counts.get(&q.id).map(|c| (q.id.clone(), *c)))
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let notes = details
        .iter()
        .filter(|d| !d.note.is_empty())
        .map(|d| (d.dimension.title.clone(), d.note.clone()))
        .collect();
    Ok(SharedView {
        results: ResultsView {
            assessment,
            kind: access.kind,
            report,
            notes,
        },
        details,
    })
}
