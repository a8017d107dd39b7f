use leptos::prelude::*;

use crate::routes::step_path;
use domain::walkthrough::StepProgress;

/// The walk-through's steps as links, each with how many of its questions are answered.
#[component]
pub fn StepList(token: String, steps: Vec<StepProgress>, current: usize) -> impl IntoView {
    view! {
        <ol class="step-list">
            {steps
                .into_iter()
                .map(|step| {
                    let state = if step.number == current {
                        "current"
                    } else if step.complete() {
                        "done"
                    } else if step.answered > 0 {
                        "partial"
                    } else {
                        "todo"
                    };
                    view! {
                        <li class=format!("step-item step-{state}")>
                            <a
                                href=step_path(&token, step.number)
                                aria-current=(step.number == current).then_some("step")
                            >
                                <span class="step-number" aria-hidden="true">{step.number}</span>
                                <span class="step-title">{step.title.clone()}</span>
                                <span class="step-count">
                                    <span class="visually-hidden">", "</span>
                                    {format!("{}/{}", step.answered, step.total)}
                                    <span class="visually-hidden">" answered"</span>
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
