//! The guided walk-through: reading a step, saving answers as they are given, saving a step's
//! importance and note, and the results.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
use domain::Assessment;
use domain::access::{LinkKind, Links};
use domain::content::{Dimension, Exception};
use domain::cost::CostInputs;
use domain::room::Participant;
use domain::scoring::Report;
use domain::walkthrough::{DimensionSetting, StepProgress};

/// What a step page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub assessment: Assessment,
    pub number: usize,
    pub total: usize,
    pub heading: String,
    /// The dimension of this step; `None` on the "when not to" step.
    pub dimension: Option<Dimension>,
    /// The "when not to" checks, on their step.
    pub exceptions: Vec<Exception>,
    /// The viewer's saved answer codes, by question or check id.
    pub mine: BTreeMap<String, i16>,
    pub setting: Option<DimensionSetting>,
    /// The workload and prices, on the cost step: saved ones, or the defaults.
    pub cost: Option<CostInputs>,
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
    /// Everyone in the workshop now, in joining order.
    pub people: Vec<Participant>,
    /// Somebody has joined (the answer mode is fixed from then on).
    pub started: bool,
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
    /// The cost step's workload and prices, if the team filled it in.
    pub costs: Option<CostInputs>,
}

#[server(prefix = "/api", endpoint = "overview", input = GetUrl)]
pub async fn get_overview(token: String) -> Result<OverviewView, AppError> {
    use domain::access::Capability;
    use domain::content::Content;
    use domain::walkthrough::{progress, resume_step};

    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let links = state
        .store
        .links(&assessment.id, &token)
        .await
        .map_err(support::fail)?;
    let mine = my_codes(&*state.snapshot(&assessment.id).await.map_err(support::fail)?);
    let progress = progress(Content::bundled(), &mine);
    let resume = resume_step(&progress, usize::try_from(assessment.current_step).unwrap_or(1));
    let base_url = support::base_url(&state);
    let everyone = state
        .snapshot(&assessment.id)
        .await
        .map_err(support::fail)?
        .participants
        .clone();
    let started = !everyone.is_empty();
    Ok(OverviewView {
        assessment,
        links,
        base_url,
        progress,
        resume,
        people: everyone.into_iter().filter(|p| !p.removed).collect(),
        started,
    })
}

/// Replaces one of the assessment's links; the old token stops working at once. Replacing
/// the facilitator link moves the browser to the new one. With `remove_joined`, replacing the
/// participant link also takes out everyone who joined through an old one (a leaked link's
/// crowd), deleting their answers.
#[server(prefix = "/api", endpoint = "rotate_link")]
pub async fn rotate_link(token: String, kind: String, remove_joined: Option<String>) -> Result<(), AppError> {
    use domain::ValidationError;

    let state = support::state();
    let assessment = support::authorize_change(&state, &token).await?.assessment;
    let kind = LinkKind::from_slug(&kind)
        .ok_or_else(|| support::fail(ValidationError::new("kind", "There is no such kind of link.")))?;
    let links = state
        .store
        .rotate_link(&assessment.id, kind, &token)
        .await
        .map_err(support::fail)?;
    tracing::info!(assessment = %assessment.id, kind = kind.slug(), "link replaced");
    if kind == LinkKind::Participant && remove_joined.is_some() {
        let left = state
            .store
            .joined_through_old_links(&assessment.id)
            .await
            .map_err(support::fail)?;
        support::remove_people(&state, &assessment.id, &left).await?;
    }
    state.changed(&assessment.id, Change::Room).await;
    leptos_axum::redirect(&crate::routes::facilitator_path(&links.facilitator));
    Ok(())
}

#[server(prefix = "/api", endpoint = "step", input = GetUrl)]
pub async fn get_step(token: String, number: usize) -> Result<StepView, AppError> {
    use domain::access::Capability;
    use domain::content::Content;
    use domain::walkthrough::{Step, progress, setting_of};

    let content = Content::bundled();
    let state = support::state();
    let assessment = support::authorize(&state, &token, Capability::Facilitate)
        .await?
        .assessment;
    let step = Step::from_number(content, number).ok_or_else(|| support::fail(AppError::NotFound))?;
    let snapshot = state.snapshot(&assessment.id).await.map_err(support::fail)?;
    let mine = my_codes(&snapshot);
    let progress = progress(content, &mine);
    let mut cost = None;
    let (dimension, exceptions, setting) = match step {
        Step::Dimension(index) => {
            let dimension = content.dimensions[index].clone();
            let setting = setting_of(&snapshot.settings, &dimension.id);
            (Some(dimension), Vec::new(), Some(setting))
        }
        Step::Costs => {
            cost = Some(snapshot.costs.clone().unwrap_or_default());
            (None, Vec::new(), None)
        }
        Step::Checks => (None, content.exceptions.clone(), None),
    };
    Ok(StepView {
        cost,
        assessment,
        number,
        total: Step::count(content),
        heading: step.title(content),
        dimension,
        exceptions,
        mine,
        setting,
        progress,
    })
}

/// Saves one answer the moment it is given (called from the page when JavaScript runs), as
/// the facilitator or as the participant this browser joined as.
#[server(prefix = "/api", endpoint = "save_answer")]
pub async fn save_answer(token: String, question: String, value: String) -> Result<(), AppError> {
    use domain::access::Capability;
    use domain::content::Content;
    use domain::walkthrough::{AnswerRecord, parse_answer};

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Participate).await?;
    let voter = support::voter(&state, &access).await?;
    let value = parse_answer(Content::bundled(), &question, &value).map_err(support::fail)?;
    let record = AnswerRecord {
        participant_id: voter,
        question_id: question,
        value,
    };
    let assessment = access.assessment;
    state
        .store
        .save_answer(&assessment.id, &record)
        .await
        .map_err(support::fail)?;
    state.changed(&assessment.id, Change::Answers).await;
    Ok(())
}

#[server(prefix = "/api", endpoint = "results", input = GetUrl)]
pub async fn get_results(token: String) -> Result<ResultsView, AppError> {
    use crate::state::scored;
    use domain::access::Capability;

    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let scored = scored(&state, &access).await.map_err(support::fail)?;
    Ok(results_view(&access, scored))
}

/// The results of a scored assessment, as the link of `access` may see them.
#[cfg(feature = "ssr")]
fn results_view(access: &crate::store::Access, scored: crate::state::Scored) -> ResultsView {
    use domain::content::Content;
    use domain::walkthrough::team_notes;

    ResultsView {
        notes: team_notes(Content::bundled(), &scored.settings),
        assessment: scored.assessment,
        kind: access.kind,
        report: scored.report,
        costs: scored.costs,
    }
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
#[server(prefix = "/api", endpoint = "shared", input = GetUrl)]
pub async fn get_shared(token: String) -> Result<SharedView, AppError> {
    use crate::state::scored;
    use domain::access::Capability;
    use domain::content::Content;
    use domain::walkthrough::dimension_answers;

    let content = Content::bundled();
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let scored = scored(&state, &access).await.map_err(support::fail)?;
    let details = content
        .dimensions
        .iter()
        .zip(dimension_answers(content, &scored.answers, &scored.settings))
        .map(|(dimension, answers)| DimensionDetail {
            dimension: dimension.clone(),
            importance: answers.setting.importance,
            note: answers.setting.note,
            counts: answers.counts,
        })
        .collect();
    Ok(SharedView {
        results: results_view(&access, scored),
        details,
    })
}

/// The facilitator's answer codes, with the saved cost estimate counted as the cost step's
/// one answer.
#[cfg(feature = "ssr")]
fn my_codes(snapshot: &crate::snapshots::Snapshot) -> BTreeMap<String, i16> {
    use domain::walkthrough::{COST_STEP_ID, FACILITATOR, codes_of};

    let mut mine = codes_of(&snapshot.answers, FACILITATOR);
    if snapshot.costs.is_some() {
        mine.insert(COST_STEP_ID.to_owned(), 1);
    }
    mine
}
