//! Saving a whole step form. Its server function takes one argument per form field, named as
//! the form names them, so it has more arguments than clippy likes; the allowance is kept to
//! this module.
#![allow(clippy::too_many_arguments)]

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
#[cfg(feature = "ssr")]
use domain::cost::CostInputs;
#[cfg(feature = "ssr")]
use domain::walkthrough::DimensionSetting;

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

/// Saves a whole step form (its answers, importance and note, or the cost step's numbers,
/// `costs[<field>]`, and `instance` size) and moves to the step named by
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
    costs: Option<HashMap<String, String>>,
    instance: Option<String>,
    go: Option<String>,
) -> Result<(), AppError> {
    use crate::routes::{results_path, step_path};
    use domain::walkthrough::{Saved, Step, parse_importance, parse_note, setting_of};

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize_change(&state, &token).await?;
    let id = access.assessment.id.clone();
    let content = &*state
        .content_of(&access.assessment)
        .await
        .map_err(support::fail)?;
    let step = Step::from_number(content, number).ok_or_else(|| support::fail(AppError::NotFound))?;
    let go = Go::parse(go.as_deref().unwrap_or_default());
    // Check everything before writing anything.
    let answers = support::parse_answers(content, answers)?;
    let setting = match step {
        Step::Dimension(index) => Some(DimensionSetting {
            dimension_id: content.dimensions[index].id.clone(),
            importance: parse_importance(importance.as_deref().unwrap_or("2")).map_err(support::fail)?,
            note: parse_note(note.as_deref().unwrap_or_default()).map_err(support::fail)?,
            version: version.unwrap_or(0),
        }),
        Step::Costs | Step::Exceptions => None,
    };
    let costs = match (step, costs) {
        (Step::Costs, Some(fields)) => {
            let saved = state.store.cost_inputs(&id).await.map_err(support::fail)?;
            let typed = CostInputs::from_form(
                saved,
                instance.as_deref(),
                fields.iter().map(|(name, typed)| (name.as_str(), typed.as_str())),
            )
            .map_err(support::fail)?;
            // "Save and continue" and "Save and see results" save the figures shown, the
            // defaults included; "Back" saves a change only.
            typed.or_else(|| matches!(go, Go::Next | Go::Results).then(CostInputs::default))
        }
        _ => None,
    };
    if let Some(inputs) = &costs {
        state
            .store
            .save_cost_inputs(&id, inputs)
            .await
            .map_err(support::fail)?;
    }

    if !answers.is_empty() {
        let voter = support::voter(&state, &access).await?;
        support::save_answers(&state, &id, &voter, answers).await?;
    }
    if let Some(setting) = setting {
        let saved = state.store.dimension_settings(&id).await.map_err(support::fail)?;
        let unchanged = setting_of(&saved, &setting.dimension_id) == setting;
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
    let target = match go {
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
    state.changed(&id, Change::Room).await;
    leptos_axum::redirect(&target.map_or_else(
        || results_path(token.expose()),
        |target| step_path(token.expose(), target),
    ));
    Ok(())
}
