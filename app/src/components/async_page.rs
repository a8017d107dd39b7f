use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorNotice;
use crate::api::AppError;

/// Shows a loading state while `resource` first loads, then either `render`s it or explains
/// the error with a way back: to `back` (a path and its label) when given, and to the start
/// page. When it loads again (after a change), the page keeps showing what it had until the
/// new data is there.
#[component]
pub fn AsyncPage<T, F>(
    resource: Resource<Result<T, AppError>>,
    render: F,
    #[prop(optional)] back: Option<(String, &'static str)>,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> AnyView + Copy + Send + Sync + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading" aria-live="polite">"Loading\u{2026}"</p> }>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                match resource.await {
                    Ok(value) => render(value),
                    Err(error) => view! {
                        <Title text="Unavailable"/>
                        <section class="empty-state">
                            <ErrorNotice error/>
                            {back.map(|(href, label)| view! { <a class="button button-primary" href=href>{label}</a> })}
                            <a class="button" href="/">"Go to the start page"</a>
                        </section>
                    }
                    .into_any(),
                }
            })
            }}
        </Transition>
    }
}
