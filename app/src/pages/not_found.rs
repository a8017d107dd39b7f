use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any address the router does not know, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <section class="empty-state">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. If someone sent you a link, check that it was copied whole."</p>
            <a class="button" href="/">"Go to the start page"</a>
        </section>
    }
}
