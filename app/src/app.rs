//! The document shell and the router.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::Layout;
use crate::pages::{
    HomePage, JoinPage, NotFoundPage, OverviewPage, PresenterPage, ResultsPage, RoomPage, RoundsPage,
    SharedPage, StepPage,
};

/// The HTML document around every page, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="Whenless walks a team through one decision: should this workload be serverless?"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="whenless"/>
                {hydration_scripts(options)}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The scripts that make the page interactive: the whole app hydrates, except on the pages
/// rendered with islands (see [`crate::routes::is_islands_page`]), where only their islands do,
/// from a much smaller bundle.
fn hydration_scripts(options: LeptosOptions) -> AnyView {
    #[cfg(feature = "ssr")]
    let islands = use_context::<http::request::Parts>()
        .is_some_and(|request| crate::routes::is_islands_page(request.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let islands = false;
    if islands {
        let mut options = options;
        options.output_name = crate::routes::ISLANDS_BUNDLE.into();
        // The islands bundle's hashes are in their own file, beside the full bundle's.
        if options.hash_files {
            let file = std::path::Path::new(&*options.hash_file)
                .with_file_name(crate::routes::hash_file_name(crate::routes::ISLANDS_BUNDLE));
            options.hash_file = file.to_string_lossy().into();
        }
        view! { <HydrationScripts options islands=true/> }.into_any()
    } else {
        view! { <HydrationScripts options/> }.into_any()
    }
}

/// The Content-Security-Policy of a page: scripts only from this site or carrying this
/// response's nonce (Leptos puts it on its hydration script), WebAssembly allowed, nothing
/// framed, no plugins, forms only to this site.
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::{HeaderValue, header};

    let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce.to_string())) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
}

/// The document title for a page title.
fn page_title(title: String) -> String {
    let full = if title.is_empty() {
        "Whenless".to_owned()
    } else {
        format!("{title} · Whenless")
    };
    crate::escape::raw_text(&full)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=page_title/>
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/join") view=JoinPage/>
                    <Route path=path!("/f/:token") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:token/step/:n") view=StepPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:token/results") view=ResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:token/present") view=PresenterPage ssr=SsrMode::Async/>
                    <Route path=path!("/f/:token/rounds") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/r/:token/rounds") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/p/:token") view=RoomPage ssr=SsrMode::Async/>
                    <Route path=path!("/r/:token") view=SharedPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
