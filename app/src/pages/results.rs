use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::saves_to_show;
use crate::api::{EditActions, EditDecision, get_results};
use crate::components::{AsyncPage, Results, use_changes};

/// The verdict, the numbers behind it, and what to do next.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let changes = use_changes(format!("/f/{}/events", token()));
    let decide = ServerAction::<EditDecision>::new();
    let plan = ServerAction::<EditActions>::new();
    let (decided, planned) = (
        saves_to_show(decide.version(), move || decide.value().get()),
        saves_to_show(plan.version(), move || plan.value().get()),
    );
    let results = Resource::new(
        move || (token(), changes.get(), decided.get(), planned.get()),
        |(token, _, _, _)| get_results(token),
    );
    view! { <AsyncPage resource=results render=move |view| view! { <Results view token=token() decide plan/> }.into_any()/> }
}
