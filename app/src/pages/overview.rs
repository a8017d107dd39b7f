use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{
    AppError, AssessAgain, ControlRoom, DeleteAssessment, EditDetails, RemovePeople, RotateLink,
    UpdateContent, get_overview, person_field,
};
use crate::components::{
    AsyncPage, ConflictNotice, CopyLink, ErrorNotice, ExportLinks, ReturnHere, ReviewDue, StepList,
    use_changes,
};
use crate::escape::raw_text;
use crate::routes::{join_qr_path, link_path, presenter_path, results_path, rounds_path, step_path};
use domain::Assessment;
use domain::access::{LinkKind, display_join_code};
use domain::assessment::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use domain::calendar::{date_label, iso_date};
use domain::room::{Participant, Room, RoomAction};
use domain::views::{ContentUpdate, OverviewView};

/// The facilitator's page of one assessment: what it is about, how far the walk-through got,
/// the way to continue, and the links to hand out.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    // Replacing a link changes what the page shows: load it again once the action is done.
    let rotate = ServerAction::<RotateLink>::new();
    let edit = ServerAction::<EditDetails>::new();
    let update = ServerAction::<UpdateContent>::new();
    let changes = use_changes(format!("/f/{}/events", token()));
    let overview = Resource::new(
        move || {
            (
                token(),
                rotate.version().get(),
                edit.version().get(),
                update.version().get(),
                changes.get(),
            )
        },
        |(token, _, _, _, _)| get_overview(token),
    );
    // This browser remembers the assessments it opened as facilitator, for the start page, and
    // forgets one its link no longer opens.
    #[cfg(feature = "hydrate")]
    Effect::new(move || {
        use crate::remembered::{Remembered, browser, forget, remember};
        let path = crate::routes::facilitator_path(&token());
        match overview.get() {
            Some(Ok(view)) => {
                let opened = Remembered {
                    id: view.assessment.id.as_str().to_owned(),
                    title: view.assessment.title,
                    path,
                    opened_at_ms: browser::now_ms(),
                };
                browser::update(|list| remember(list, opened));
            }
            Some(Err(AppError::Deleted | AppError::NotFound | AppError::LinkReplaced)) => {
                browser::update(|list| forget(list, &path));
            }
            _ => {}
        }
    });
    view! {
        <AsyncPage resource=overview render=move |view| view! { <Overview view token=token() rotate edit update/> }.into_any()/>
    }
}

#[component]
fn Overview(
    view: OverviewView,
    token: String,
    rotate: ServerAction<RotateLink>,
    edit: ServerAction<EditDetails>,
    update: ServerAction<UpdateContent>,
) -> impl IntoView {
    let OverviewView {
        assessment,
        links,
        base_url,
        progress,
        resume,
        people,
        started: joined,
        update: content_update,
        review,
        round,
    } = view;
    let participant_url = format!(
        "{base_url}{}",
        link_path(LinkKind::Participant, links.participant.expose())
    );
    let room = assessment.room.clone();
    let answered: usize = progress.iter().map(|s| s.answered).sum();
    let total: usize = progress.iter().map(|s| s.total).sum();
    let started = answered > 0;
    let resume_title = progress
        .iter()
        .find(|s| s.number == resume)
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let description = (!assessment.description.is_empty()).then(|| assessment.description.clone());
    view! {
        <Title text=assessment.title.clone()/>
        <article class="assessment">
            <header class="page-header">
                <p class="eyebrow">"Assessment"</p>
                <h1>{assessment.title.clone()}</h1>
                <p class="muted">
                    "Created "
                    <time datetime=iso_date(assessment.created_at_ms)>{date_label(assessment.created_at_ms)}</time>
                </p>
            </header>
            {match description {
                Some(text) => view! { <p class="workload-description">{text}</p> }.into_any(),
                None => view! { <p class="muted">"No description of the workload yet."</p> }.into_any(),
            }}
            <EditDetailsForm token=token.clone() assessment=assessment.clone() edit/>
            {if review.is_due() {
                view! { <ReviewDue reopened=review.reopened link=format!("{}#review", results_path(&token))/> }.into_any()
            } else {
                review.due.map(|due| view! { <p class="muted">{format!("Next review: {due}.")}</p> }).into_any()
            }}
            <section class="card continue-card" aria-labelledby="continue-heading">
                <h2 id="continue-heading">{if started { "Continue the walk-through" } else { "Start the walk-through" }}</h2>
                <p class="muted">
                    {format!("{answered} of {total} questions answered. ")}
                    "Every answer is saved as you give it, so you can stop and come back at any time."
                </p>
                <div class="actions">
                    {if answered == total {
                        view! {
                            <a class="button button-primary" href=results_path(&token)>"See the results"</a>
                            <a class="button" href=step_path(&token, 1)>"Review the answers"</a>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a class="button button-primary" href=step_path(&token, resume)>
                                {format!("{} at step {resume}: {resume_title}", if started { "Continue" } else { "Start" })}
                            </a>
                            <a class="button" href=results_path(&token)>"See the results so far"</a>
                        }
                            .into_any()
                    }}
                </div>
            </section>
            {content_update.map(|change| view! { <ContentUpdateCard token=token.clone() change action=update/> })}
            <section aria-labelledby="steps-heading">
                <h2 id="steps-heading">"Steps"</h2>
                <StepList token=token.clone() steps=progress current=0/>
            </section>
            <Workshop
                token=token.clone()
                url=participant_url
                join_code=display_join_code(&links.join_code)
                room
                people
                started=joined
                rotate
            />
            <RoundsCard token=token.clone() round/>
            <section class="card" aria-labelledby="links-heading">
                <h2 id="links-heading">"Links"</h2>
                <p class="muted">
                    "Anyone with a link can use it; there are no accounts. Keep the facilitator link to yourself. "
                    "If a link reaches the wrong people, replace it: the old one stops working at once."
                </p>
                <p class="notice until-hydrated">
                    "Keep this page's address, or bookmark it: it is the only way back to this assessment. "
                    "With JavaScript on, the start page lists the assessments this browser opened."
                </p>
                <LinkRow
                    kind=LinkKind::Facilitator
                    url=format!("{base_url}{}", link_path(LinkKind::Facilitator, links.facilitator.expose()))
                    hint="Opens this page: change everything. This is the address you are on."
                    token=token.clone()
                    rotate
                />
                <LinkRow
                    kind=LinkKind::ReadOnly
                    url=format!("{base_url}{}", link_path(LinkKind::ReadOnly, links.read_only.expose()))
                    hint="Shows the saved assessment and its results to anyone who has it; changes nothing."
                    token=token.clone()
                    rotate
                />
            </section>
            <section aria-labelledby="export-heading">
                <h2 id="export-heading">"Export"</h2>
                <ExportLinks kind=LinkKind::Facilitator token=token.clone()/>
            </section>
            <DeleteForm token=token.clone() title=assessment.title.clone()/>
        </article>
    }
}

/// Closing the round under way and starting another, and the way to the rounds before.
#[component]
fn RoundsCard(token: String, round: i64) -> impl IntoView {
    let again = ServerAction::<AssessAgain>::new();
    let error = move || again.value().get().and_then(Result::err);
    view! {
        <section aria-labelledby="rounds-heading">
            <h2 id="rounds-heading">"Rounds"</h2>
            <p class="muted">
                {if round > 1 {
                    format!("This is round {round}. ")
                } else {
                    "This is the first round. ".to_owned()
                }}
                "When things change, assess again: the round under way is kept as it ends (the team's figures only) and a new one starts, "
                "with the same links, people, notes, costs and parts, at the first step with nothing revealed."
            </p>
            {(round > 1).then(|| view! {
                <p><a href=rounds_path(LinkKind::Facilitator, &token)>"See and compare the rounds"</a></p>
            })}
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <details class="confirm" open=move || error().is_some()>
                <summary class="button">"Assess again"</summary>
                <div class="confirm-panel">
                    <p>{format!("Round {round} is closed and kept as it stands now; round {} starts.", round + 1)}</p>
                    <ActionForm action=again attr:class="form">
                        <ReturnHere/>
                        <input type="hidden" name="token" value=token/>
                        <label class="check">
                            <input type="checkbox" name="keep_answers" value="on"/>
                            " Keep the answers as a starting point (otherwise everyone answers afresh)"
                        </label>
                        <button class="button button-primary" type="submit">{format!("Start round {}", round + 1)}</button>
                    </ActionForm>
                </div>
            </details>
        </section>
    }
}

/// Deleting the assessment for good, once its title is typed to confirm.
#[component]
fn DeleteForm(token: String, title: String) -> impl IntoView {
    let delete = ServerAction::<DeleteAssessment>::new();
    let error = move || delete.value().get().and_then(Result::err);
    view! {
        <section class="delete-assessment" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete"</h2>
            // An attribute, not a property: a refusal sent back to a page without JavaScript
            // opens the panel too.
            <details class="confirm" open=move || error().is_some()>
                <summary class="button">"Delete this assessment"</summary>
                <div class="confirm-panel">
                    <p>
                        "Everything in it goes for good: answers, people, notes, costs and parts. "
                        "Every link to it, this one included, then says it was deleted, and pages open on it leave it at once. "
                        "This cannot be undone: download the JSON file above first to keep a copy."
                    </p>
                    {move || error().map(|error| view! { <ErrorNotice error/> })}
                    <ActionForm action=delete attr:class="form">
                        <ReturnHere/>
                        <input type="hidden" name="token" value=token/>
                        <div class="field">
                            <label for="delete-confirm">"Type its title, " <strong>{title}</strong> ", to confirm"</label>
                            <input id="delete-confirm" name="confirm" type="text" autocomplete="off" spellcheck="false" maxlength=TITLE_MAX_CHARS required/>
                        </div>
                        <button class="button button-danger" type="submit">"Delete the assessment"</button>
                    </ActionForm>
                </div>
            </details>
        </section>
    }
}

/// An assessment keeps the questions it was taken with; this offers to move it to the current
/// ones, saying what happens to its answers.
#[component]
fn ContentUpdateCard(
    token: String,
    change: ContentUpdate,
    action: ServerAction<UpdateContent>,
) -> impl IntoView {
    let ContentUpdate {
        from_name,
        to_name,
        kept,
        added,
        dropped,
        ..
    } = change;
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <section class="card" aria-labelledby="content-update-heading">
            <h2 id="content-update-heading">"Newer questions"</h2>
            <p>
                {format!(
                    "This assessment was taken with {from_name}; new assessments get {to_name}. \
                     It keeps the questions it was taken with, and its results and exports use them, until you move it."
                )}
            </p>
            <p class="muted">
                {format!(
                    "Moving keeps the answers to the {kept} questions both ask. {added} new questions start unanswered, \
                     and the answers to {dropped} questions that {to_name} no longer asks stop counting. It cannot be undone."
                )}
            </p>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=action attr:class="inline-form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <button class="button" type="submit">{format!("Move to {to_name}")}</button>
            </ActionForm>
        </section>
    }
}

/// Changing the title and description. An edit made on a stale page is refused, and the
/// text typed is kept to merge.
#[component]
fn EditDetailsForm(token: String, assessment: Assessment, edit: ServerAction<EditDetails>) -> impl IntoView {
    let error = move || edit.value().get().and_then(Result::err);
    let open = move || error().is_some();
    view! {
        <details class="edit-details" prop:open=open>
            <summary>"Edit the title and description"</summary>
            {move || error().map(|error| match error {
                AppError::Conflict { yours, .. } => view! {
                    <ConflictNotice title="Someone else changed these" yours label="Your unsaved text"/>
                }
                    .into_any(),
                error => view! { <ErrorNotice error/> }.into_any(),
            })}
            <ActionForm action=edit attr:class="form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="version" value=assessment.version/>
                <div class="field">
                    <label for="edit-title">"Title"</label>
                    <input id="edit-title" name="title" type="text" required maxlength=TITLE_MAX_CHARS value=assessment.title.clone()/>
                </div>
                <div class="field">
                    <label for="edit-description">"What the workload does " <span class="optional">"(optional)"</span></label>
                    <textarea id="edit-description" name="description" rows="3" maxlength=DESCRIPTION_MAX_CHARS
                        prop:value=assessment.description.clone()>{raw_text(&assessment.description)}</textarea>
                </div>
                <button class="button" type="submit">"Save the details"</button>
            </ActionForm>
        </details>
    }
}

/// Running the assessment as a live workshop: how people join, how answers are shown, and who
/// is in.
#[component]
fn Workshop(
    token: String,
    url: String,
    join_code: String,
    room: Room,
    people: Vec<Participant>,
    started: bool,
    rotate: ServerAction<RotateLink>,
) -> impl IntoView {
    let control = ServerAction::<ControlRoom>::new();
    let remove = ServerAction::<RemovePeople>::new();
    let error = move || {
        control
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    let count = people.len();
    let people_token = StoredValue::new(token.clone());
    view! {
        <section class="card workshop" aria-labelledby="workshop-heading">
            <h2 id="workshop-heading">"Run it as a workshop"</h2>
            <p class="muted">
                "Everyone answers on their own phone or laptop, no account needed. Answers stay private until you reveal each step; "
                "the presenter view paces the room on the projector."
            </p>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <div class="join-box">
                <img class="join-qr" src=join_qr_path(&token) width="180" height="180" alt="QR code of the participant link"/>
                <div>
                    <p class="join-code-label">"Join code"</p>
                    <p class="join-code">{join_code}</p>
                    <p class="hint">"People can scan the code, open the link, or type the join code at "<strong>"/join"</strong>"."</p>
                </div>
            </div>
            <LinkRow
                kind=LinkKind::Participant
                url
                hint="Lets people join with a name and answer. Replacing it also changes the join code and the QR code."
                token=token.clone()
                rotate
                joined=count
            />
            <div class="actions">
                <a class="button button-primary" href=presenter_path(&token)>"Open the presenter view"</a>
            </div>
            <div class="mode-row" role="group" aria-labelledby="answers-mode">
                <p id="answers-mode" class="mode-label">"Revealed answers show"</p>
                <ModeButton control token=token.clone() action=RoomAction::Anonymous label="No names" current={!room.named} locked=started/>
                <ModeButton control token=token.clone() action=RoomAction::Named label="Names" current=room.named locked=started/>
                {started.then(|| view! { <p class="hint">"Fixed now that people have joined."</p> })}
            </div>
            <div class="mode-row" role="group" aria-labelledby="votes-mode">
                <p id="votes-mode" class="mode-label">"You"</p>
                <ModeButton control token=token.clone() action=RoomAction::Votes label="Answer too" current=room.facilitator_votes locked=false/>
                <ModeButton control token=token.clone() action=RoomAction::FacilitateOnly label="Only facilitate" current={!room.facilitator_votes} locked=false/>
            </div>
            <h3>{format!("In the workshop: {count}")}</h3>
            {if people.is_empty() {
                view! { <p class="empty-state">"Nobody has joined yet. Share the link or show the presenter view."</p> }.into_any()
            } else {
                view! {
                    <ul class="people">
                        {people.into_iter().map(|person| {
                            let field = person_field(&person.id);
                            view! {
                                <li>
                                    <label class="pick">
                                        <input type="checkbox" form="remove-people" name=field.clone() value="on"/>
                                        <span>{person.name.clone()}</span>
                                    </label>
                                    <details class="confirm">
                                        <summary class="button button-quiet" aria-label=format!("Remove {}", person.name)>"Remove"</summary>
                                        <div class="confirm-panel">
                                            <p>{format!("{} leaves the workshop and their answers are deleted. This cannot be undone.", person.name)}</p>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <ReturnHere/>
                                                <input type="hidden" name="token" value=people_token.get_value()/>
                                                <input type="hidden" name=field value="on"/>
                                                <button class="button button-danger" type="submit">
                                                    {format!("Remove {} and their answers", person.name)}
                                                </button>
                                            </ActionForm>
                                        </div>
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <details class="confirm">
                        <summary class="button">"Remove the ticked people"</summary>
                        <div class="confirm-panel">
                            <p>"Everyone ticked above leaves the workshop and their answers are deleted. This cannot be undone."</p>
                            <ActionForm action=remove attr:class="inline-form" attr:id="remove-people">
                                <ReturnHere/>
                                <input type="hidden" name="token" value=people_token.get_value()/>
                                <button class="button button-danger" type="submit">"Remove them and their answers"</button>
                            </ActionForm>
                        </div>
                    </details>
                }
                    .into_any()
            }}
        </section>
    }
}

/// One choice of how the room runs, pressed when it is the current one.
#[component]
fn ModeButton(
    control: ServerAction<ControlRoom>,
    token: String,
    action: RoomAction,
    label: &'static str,
    current: bool,
    locked: bool,
) -> impl IntoView {
    view! {
        <ActionForm action=control attr:class="inline-form">
            <ReturnHere/>
            <input type="hidden" name="token" value=token/>
            <input type="hidden" name="action" value=action.name()/>
            <button class="button toggle" type="submit" aria-pressed=current.to_string() disabled={current || locked}>
                {label}
            </button>
        </ActionForm>
    }
}

/// What replacing a link of `kind` breaks, said before it is done.
fn replace_warning(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Facilitator => {
            "The address you are on stops working at once, in every tab and bookmark; this page moves to the new one. Keep the new address."
        }
        LinkKind::Participant => {
            "The link, its QR code and the join code stop working at once, on the projector too: show the new ones to anyone still to join. People already in stay in."
        }
        LinkKind::ReadOnly => {
            "Everyone who has the read-only link loses it at once, until you share the new one."
        }
    }
}

/// One link: its address to copy, and a button that replaces it (after saying what that
/// breaks).
#[component]
fn LinkRow(
    kind: LinkKind,
    url: String,
    hint: &'static str,
    token: String,
    rotate: ServerAction<RotateLink>,
    /// How many people are in the workshop (offered for removal with the participant link).
    #[prop(optional)]
    joined: usize,
) -> impl IntoView {
    let field = format!("link-{}", kind.slug());
    view! {
        <div class="link-row">
            <label for=field.clone()>{kind.label()}</label>
            <p class="hint">{hint}</p>
            <div class="link-controls">
                <input id=field.clone() class="link-url" type="text" readonly value=url.clone()/>
                <CopyLink url/>
                <details class="confirm">
                    <summary class="button" aria-describedby=field>"Replace link"</summary>
                    <div class="confirm-panel">
                        <p>{replace_warning(kind)}</p>
                        <ActionForm action=rotate attr:class="inline-form">
                            <ReturnHere/>
                            <input type="hidden" name="token" value=token/>
                            <input type="hidden" name="kind" value=kind.slug()/>
                            {(kind == LinkKind::Participant && joined > 0).then(|| view! {
                                <label class="pick">
                                    <input type="checkbox" name="remove_joined" value="on"/>
                                    {format!(
                                        "Also remove the {joined} {} who joined through it, and their answers",
                                        if joined == 1 { "person" } else { "people" }
                                    )}
                                </label>
                            })}
                            <button class="button button-danger" type="submit">
                                {format!("Replace the {}", kind.label().to_lowercase())}
                            </button>
                        </ActionForm>
                    </div>
                </details>
            </div>
        </div>
    }
}
