use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::FindRoom;
use crate::components::{ErrorNotice, ReturnHere};

/// Where people type the join code the facilitator shows, to reach the workshop.
#[component]
pub fn JoinPage() -> impl IntoView {
    let find = ServerAction::<FindRoom>::new();
    let error = move || find.value().get().and_then(Result::err);
    view! {
        <Title text="Join a workshop"/>
        <section class="card join-card" aria-labelledby="join-heading">
            <h1 id="join-heading">"Join a workshop"</h1>
            <p>"Type the code on the facilitator\u{2019}s screen. Letters and digits; case and dashes do not matter."</p>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=find attr:class="form">
                <ReturnHere/>
                <div class="field">
                    <label for="code">"Join code"</label>
                    <input id="code" name="code" type="text" required autocomplete="off" autocapitalize="characters"
                        spellcheck="false" maxlength="12" placeholder="K7QM-4HXR" class="code-input"/>
                </div>
                <button class="button button-primary" type="submit">"Find the workshop"</button>
            </ActionForm>
        </section>
    }
}
