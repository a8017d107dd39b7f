//! What every server function does on the server: reach the store, check the capability its
//! token gives, and turn failures into an [`AppError`] with the right status.

use leptos::prelude::{expect_context, use_context};

use super::AppError;
use super::error::respond_with;
use crate::limits::{ClientAddress, Writer};
use crate::state::AppState;
use crate::store::Access;
use domain::access::{Capability, ParticipantSecret, Token};
use domain::room::{Participant, Viewer};
use domain::{AssessmentId, ParticipantId};

/// The app state the server provided as context.
pub(crate) fn state() -> AppState {
    expect_context::<AppState>()
}

/// Converts a failure into an [`AppError`] and sets the response status to match.
pub(crate) fn fail(error: impl Into<AppError>) -> AppError {
    respond_with(error.into())
}

/// The access `token` gives, if it allows `needed`; otherwise the error to show (404 for an
/// unknown link, 410 for a replaced one, 403 for one that does not allow this).
pub(crate) async fn authorize(
    state: &AppState,
    token: &Token,
    needed: Capability,
) -> Result<Access, AppError> {
    crate::store::authorize(state.store.as_ref(), token, needed)
        .await
        .map_err(fail)
}

/// Settles an edit saved with a version check: announced to every open page when it was
/// saved, else refused as a conflict naming the text typed (`yours`) and what is saved now.
pub(crate) async fn settle<T>(
    state: &AppState,
    assessment_id: &AssessmentId,
    saved: domain::walkthrough::Saved<T>,
    yours: String,
    theirs: impl FnOnce(T) -> String,
) -> Result<(), AppError> {
    use domain::walkthrough::Saved;

    match saved {
        Saved::Version(_) => {
            state.changed(assessment_id, crate::live::Change::Room).await;
            Ok(())
        }
        Saved::Conflict(current) => Err(fail(AppError::Conflict {
            yours,
            theirs: theirs(current),
        })),
    }
}

/// Counts one write by `writer` against its allowance; a 429 with when to retry once it is
/// spent.
pub(crate) fn limit(state: &AppState, writer: Writer) -> Result<(), AppError> {
    let limit = crate::metrics::Limit::from(&writer);
    state.limits.check(writer).map_err(|wait| {
        state.metrics.refused(limit);
        fail(AppError::TooBusy {
            retry_after: wait.as_secs().max(1),
        })
    })
}

/// The address this request counts against, as the HTTP layer judged it.
pub(crate) fn client_address() -> std::net::IpAddr {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().copied())
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |ClientAddress(address)| {
            address
        })
}

/// The access a facilitator link gives, for a change: authorized, and counted against the
/// link's allowance of writes.
pub(crate) async fn authorize_change(state: &AppState, token: &Token) -> Result<Access, AppError> {
    let access = authorize(state, token, Capability::Facilitate).await?;
    limit(
        state,
        Writer::Facilitator {
            assessment: access.assessment.id.clone(),
        },
    )?;
    Ok(access)
}

/// Now, and the questions new assessments get: what a page's review is judged against.
pub(crate) fn today(state: &AppState) -> domain::views::Today<'_> {
    domain::views::Today {
        ms: crate::store::now_ms(),
        current_content: &state.contents.current().version,
    }
}

/// The address the app is reached at, for links to copy: the configured public URL, else the
/// request's Host header.
pub(crate) fn base_url(state: &AppState) -> String {
    let host = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(http::header::HOST)?
            .to_str()
            .ok()
            .map(str::to_owned)
    });
    crate::routes::base_url(state.public_url.as_deref(), host.as_deref())
}

/// The name of the cookie that ties a browser to its participant in one assessment.
fn participant_cookie(assessment_id: &AssessmentId) -> String {
    format!("whenless-{assessment_id}")
}

/// The value of cookie `name` in a `Cookie` request header.
pub(crate) fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The `Set-Cookie` value for a participant's secret: only sent back to this site, never
/// readable by scripts, kept for 30 days, and only over HTTPS when the app is served so.
pub(crate) fn participant_set_cookie(assessment_id: &AssessmentId, secret: &str, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!(
        "{}={secret}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax{secure}",
        participant_cookie(assessment_id)
    )
}

/// Whether the request reached the app over HTTPS: the configured public URL says so, or the
/// proxy in front does. (A forged header can only make the cookie stricter.)
fn over_https(state: &AppState) -> bool {
    state
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"))
        || use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get("x-forwarded-proto")
                .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
        })
}

/// Ties this browser to a participant who just joined.
pub(crate) fn remember_participant(
    state: &AppState,
    assessment_id: &AssessmentId,
    secret: &ParticipantSecret,
) {
    use http::{HeaderValue, header};

    let cookie = participant_set_cookie(assessment_id, secret.expose(), over_https(state));
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Who is asking, through `access`: the facilitator, a participant who joined in this browser
/// (their cookie), or a reader. Also returns the participant record the cookie names, removed
/// or not, so that a removed person can be told.
pub(crate) async fn viewer(
    state: &AppState,
    access: &Access,
) -> Result<(Viewer, Option<Participant>), AppError> {
    use domain::access::LinkKind;

    match access.kind {
        LinkKind::Facilitator => Ok((Viewer::Facilitator, None)),
        LinkKind::ReadOnly => Ok((Viewer::Reader, None)),
        LinkKind::Participant => {
            let name = participant_cookie(&access.assessment.id);
            let secret = use_context::<http::request::Parts>().and_then(|parts| {
                parts
                    .headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(|header| cookie_value(header, &name).map(str::to_owned))
            });
            let Some(secret) = secret
                .filter(|s| domain::access::is_token(s))
                .map(ParticipantSecret::from)
            else {
                return Ok((Viewer::Reader, None));
            };
            let participant = state
                .store
                .participant(&access.assessment.id, &secret)
                .await
                .map_err(fail)?;
            let viewer = match &participant {
                Some(p) if !p.removed => Viewer::Participant(p.id.clone()),
                _ => Viewer::Reader,
            };
            Ok((viewer, participant))
        }
    }
}

/// The participant id an answer from this request is saved under: the facilitator's while
/// they vote, or that of the participant this browser joined as. The answer counts against
/// that person's allowance of writes.
pub(crate) async fn voter(state: &AppState, access: &Access) -> Result<ParticipantId, AppError> {
    let voter = voter_id(state, access).await?;
    limit(
        state,
        Writer::Person {
            assessment: access.assessment.id.clone(),
            participant: voter.clone(),
        },
    )?;
    Ok(voter)
}

async fn voter_id(state: &AppState, access: &Access) -> Result<ParticipantId, AppError> {
    use domain::ValidationError;

    match viewer(state, access).await? {
        (Viewer::Facilitator, _) if !access.assessment.room.facilitator_votes => {
            Err(fail(ValidationError::new(
                "answer",
                "You are only facilitating this workshop, so you do not answer. Switch voting on in the workshop panel to answer.",
            )))
        }
        (Viewer::Participant(id), _) => Ok(id),
        (Viewer::Facilitator, _) => Ok(domain::walkthrough::FACILITATOR.into()),
        (Viewer::Reader, Some(_)) => Err(fail(AppError::Removed)),
        (Viewer::Reader, None) => Err(fail(AppError::NotJoined)),
    }
}

/// Takes the people `ids` out of the workshop and deletes their answers; how many were in.
pub(crate) async fn remove_people(
    state: &AppState,
    assessment_id: &AssessmentId,
    ids: &[ParticipantId],
) -> Result<usize, AppError> {
    let mut removed = 0;
    for id in ids {
        if state
            .store
            .remove_participant(assessment_id, id)
            .await
            .map_err(fail)?
        {
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(assessment = %assessment_id, removed, "participants removed");
        state.metrics.removed(removed);
        state.changed(assessment_id, crate::live::Change::Room).await;
    }
    Ok(removed)
}

/// Checks every submitted answer (`answers[<question or check id>] = <code>`) against the
/// assessment's `content` before any is saved.
pub(crate) fn parse_answers(
    content: &domain::content::Content,
    answers: Option<std::collections::HashMap<String, String>>,
) -> Result<Vec<(String, i16)>, AppError> {
    use domain::walkthrough::parse_answer;

    answers
        .unwrap_or_default()
        .into_iter()
        .map(|(question, value)| parse_answer(content, &question, &value).map(|value| (question, value)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)
}

/// Saves checked answers as `voter`.
pub(crate) async fn save_answers(
    state: &AppState,
    assessment_id: &AssessmentId,
    voter: &ParticipantId,
    answers: Vec<(String, i16)>,
) -> Result<(), AppError> {
    use domain::walkthrough::AnswerRecord;

    for (question_id, value) in answers {
        let record = AnswerRecord {
            participant_id: voter.clone(),
            question_id,
            value,
        };
        state
            .store
            .save_answer(assessment_id, &record)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let header = "theme=dark; whenless-abc=SECRET; whenless-abcd=OTHER";
        assert_eq!(cookie_value(header, "whenless-abc"), Some("SECRET"));
        assert_eq!(cookie_value(header, "whenless-abcd"), Some("OTHER"));
        assert_eq!(cookie_value(header, "whenless-ab"), None);
        assert_eq!(cookie_value("", "x"), None);
    }

    #[test]
    fn the_participant_cookie_is_http_only_lax_and_secure_over_https() {
        let id = AssessmentId::from("abc");
        let plain = participant_set_cookie(&id, "S", false);
        assert_eq!(
            plain,
            "whenless-abc=S; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"
        );
        assert!(participant_set_cookie(&id, "S", true).ends_with("; Secure"));
    }
}
