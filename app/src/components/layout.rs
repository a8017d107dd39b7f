use leptos::prelude::*;

/// The frame around every page: brand, skip link, main landmark and the talk's attribution.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◐"</span>
                "Whenless"
            </a>
            <span class="brand-tagline">"Should this workload be serverless?"</span>
        </header>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>
                "The dimensions, the slides\u{2019} points and the four exceptions come from Paul Johnston's talk "
                <cite>"When should you use a Serverless Approach?"</cite>
                " (JeffConf London, 2017). The questions, the advice, the words around them and the scoring are Whenless's own, "
                "except questions and checks marked as an organisation\u{2019}s own."
            </p>
        </footer>
    }
}
