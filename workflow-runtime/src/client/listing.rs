//! The deployments listing, `GET /api/v1/deployments`: [`Client::deployments`],
//! [`Client::deployment`] and [`Client::verify`], which compares a workflow's compiled schemas
//! with its deployment's.

use std::collections::HashSet;

use bytes::Bytes;
use tokio::time::Instant;

use super::call::Call;
use super::send::{self, later};
use super::{Client, OFFLOAD_BYTES, Settings};
use crate::deployments::{self, Deployment, Next, Page};
use crate::drift::{self, Change};
use crate::error::{Error, ErrorKind, body_snippet};
use crate::options::RunOptions;
use crate::repair::Rules;
use crate::safe;
use crate::workflow::Workflow;

/// The listing's path on the base URL.
pub(crate) const LISTING_PATH: &str = "api/v1/deployments";
/// Pages fetched before the listing counts as endless.
const MAX_PAGES: usize = 1000;
/// Deployment ids a "not listed" error names, at most.
const IDS_SHOWN: usize = 10;

impl Client {
    /// Every deployment Prompt Studio lists for this key, with its schemas as listed:
    /// `GET /api/v1/deployments` on the base URL, with `Authorization: Bearer <key>` (the
    /// route's own auth style, whatever the client's [`Auth`](crate::Auth) for runs). Pages are
    /// followed as the [`deployments`](crate::deployments) module describes.
    ///
    /// The listing is free to ask for again, so every failure the client's
    /// [`RetryPolicy`](crate::RetryPolicy) counts (its `max_retries`, its waits) is retried,
    /// including a `500`, a `502`/`504` and a timeout. The client's timeout covers all pages,
    /// its response size limit their total.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), workflow_runtime::Error> {
    /// use serde_json::json;
    /// use workflow_runtime::deployments::Deployment;
    /// use workflow_runtime::testing::MockStudio;
    ///
    /// let studio = MockStudio::start().await;
    /// studio.list(Deployment::new("dep_1").name("car").schemas(
    ///     json!({"prompt": "string"}),
    ///     json!({"type": "object", "properties": {"completion": {"type": "string"}}}),
    /// ));
    /// let deployments = studio.client().deployments().await?;
    /// assert_eq!(deployments[0].deployment_id, "dep_1");
    /// assert_eq!(deployments[0].name.as_deref(), Some("car"));
    /// assert_eq!(
    ///     deployments[0].input_schema().unwrap(),
    ///     json!({
    ///         "type": "object",
    ///         "properties": {"prompt": {"type": "string"}},
    ///         "required": ["prompt"]
    ///     })
    /// );
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// What a run's request can fail with ([`ErrorKind::Unauthorized`],
    /// [`ErrorKind::Transport`], ...; [`Error::is_listing`] is `true` and the message starts
    /// `the deployments listing: `), [`ErrorKind::Decode`] for an answer that is not JSON or
    /// not a listing (naming the entry at fault, like `deployments[3].deployment_id`), and
    /// [`ErrorKind::Listing`] for pages that loop or point at another origin.
    pub async fn deployments(&self) -> Result<Vec<Deployment>, Error> {
        self.list(None, "").await
    }

    /// The deployment `deployment_id`, from the listing ([`Client::deployments`]).
    ///
    /// # Errors
    ///
    /// As [`Client::deployments`]; [`ErrorKind::Listing`] when it is not listed, naming the
    /// ids that are (and the one meant, when `deployment_id` is a workflow's name).
    pub async fn deployment(&self, deployment_id: &str) -> Result<Deployment, Error> {
        let listed = self.list(None, deployment_id).await?;
        find(listed, None, deployment_id)
    }

    /// Compares the schemas `W` was built from with those of its deployment
    /// (`W::DEPLOYMENT_ID`) in the listing, by the rules of [`drift`](crate::drift): a check for
    /// start-up, or for a test against the real service, that the workflow was not changed in
    /// the editor in a way this build cannot cope with.
    ///
    /// Returns the compatible changes (empty when the schemas agree): a new optional input,
    /// a new result field, a changed description, ....
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use serde::{Deserialize, Serialize};
    /// use serde_json::json;
    /// use workflow_runtime::deployments::Deployment;
    /// use workflow_runtime::testing::MockStudio;
    /// use workflow_runtime::{ErrorKind, Workflow};
    ///
    /// #[derive(Serialize)]
    /// struct Input { prompt: String }
    /// #[derive(Deserialize)]
    /// struct Output { completion: String }
    /// struct Car;
    /// impl Workflow for Car {
    ///     type Input = Input;
    ///     type Output = Output;
    ///     const NAME: &'static str = "car";
    ///     const DEPLOYMENT_ID: Option<&'static str> = Some("dep_car");
    ///     const INPUT_SCHEMA: Option<&'static str> =
    ///         Some(r#"{"type":"object","required":["prompt"],"properties":{"prompt":{"type":"string"}}}"#);
    ///     const RESULT_SCHEMA: Option<&'static str> =
    ///         Some(r#"{"type":"object","required":["completion"],"properties":{"completion":{"type":"string"}}}"#);
    /// }
    ///
    /// let studio = MockStudio::start().await;
    /// studio.list_workflow::<Car>();
    /// assert_eq!(studio.client().verify::<Car>().await.unwrap(), []);
    ///
    /// // Someone adds a required input in the editor.
    /// studio.list(Deployment::new("dep_car").name("car").schemas(
    ///     json!({"prompt": "string", "year": "integer"}),
    ///     json!({"completion": "string"}),
    /// ));
    /// let error = studio.client().verify::<Car>().await.unwrap_err();
    /// let ErrorKind::Drift { changes, .. } = error.kind() else { panic!("{error}") };
    /// assert_eq!(changes[0].field, "input.year");
    /// assert!(error.to_string().starts_with(
    ///     "workflow car (dep_car): the deployed workflow changed in 1 way that breaks this client"
    /// ));
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Drift`] with every change when one of them is breaking;
    /// [`ErrorKind::Config`] when `W` has no deployment id or no schemas (a hand-written
    /// `Workflow` without `INPUT_SCHEMA` and `RESULT_SCHEMA`); what [`Client::deployment`]
    /// fails with, and [`ErrorKind::Listing`] when the listed schemas cannot be read.
    pub async fn verify<W: Workflow>(&self) -> Result<Vec<Change>, Error> {
        let config = |message: String| Error::config(message).in_workflow(Some(W::NAME));
        let Some(deployment_id) = W::DEPLOYMENT_ID else {
            return Err(config(format!(
                "workflow {} has no deployment id to verify against",
                W::NAME
            )));
        };
        let compiled = |schema: Option<&'static str>, which: &str| {
            let text = schema.ok_or_else(|| {
                config(format!(
                    "workflow {} carries no {which} schema to verify (a hand-written `Workflow` \
                     impl: set INPUT_SCHEMA and RESULT_SCHEMA, or derive the workflow)",
                    W::NAME
                ))
            })?;
            serde_json::from_str::<serde_json::Value>(text).map_err(|error| {
                config(format!(
                    "workflow {}: its {which} schema is not JSON: {error}",
                    W::NAME
                ))
            })
        };
        let schemas = W::schemas()?;
        let old_input = compiled(schemas.input, "input")?;
        let old_result = compiled(schemas.result, "result")?;
        let listed = self.list(Some(W::NAME), deployment_id).await?;
        let deployment = find(listed, Some(W::NAME), deployment_id)?;
        let listing_error = |message: String| {
            Error::new(
                ErrorKind::Listing { message },
                Some(W::NAME),
                Some(deployment_id.to_owned()),
            )
            .in_listing()
        };
        let new_input = deployment.input_schema().map_err(listing_error)?;
        let new_result = deployment.result_schema().map_err(listing_error)?;
        let mut changes = drift::diff_workflow(&old_input, &old_result, &new_input, &new_result);
        changes.sort_by_key(|change| change.severity);
        if drift::is_breaking(&changes) {
            return Err(Error::new(
                ErrorKind::Drift { changes },
                Some(W::NAME),
                Some(deployment_id.to_owned()),
            ));
        }
        Ok(changes)
    }

    /// Every page of the listing, for `workflow` and `deployment_id` (in errors) when set.
    async fn list(
        &self,
        workflow: Option<&'static str>,
        deployment_id: &str,
    ) -> Result<Vec<Deployment>, Error> {
        let call = Call {
            workflow,
            deployment_id,
            input_checks: None,
            result_schema: None,
            listing: true,
        };
        let settings = self.settings()?;
        let span = tracing::info_span!(
            "workflow.deployments",
            pages = tracing::field::Empty,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        // Free to ask again: every failure is worth a retry, within the client's count.
        let policy = settings
            .retry_policy
            .clone()
            .retry_workflow_failures(true)
            .retry_gateway_errors(true)
            .retry_timeouts(true);
        let options = RunOptions::new().retry_policy(policy);
        let deadline = later(Instant::now(), settings.timeout);
        let first = format!(
            "{}/{LISTING_PATH}",
            settings.base_url.as_str().trim_end_matches('/')
        );
        let mut url = first.clone();
        let mut seen = HashSet::new();
        let mut deployments = Vec::new();
        let mut total: u64 = 0;
        for page_number in 1..=MAX_PAGES {
            if !seen.insert(url.clone()) {
                return Err(call.error(ErrorKind::Listing {
                    message: format!(
                        "page {page_number} points back at an earlier page ({}): the listing \
                         loops",
                        safe::text(&url, &settings.api_key_text, safe::HEADER_LIMIT)
                    ),
                }));
            }
            span.record("pages", page_number);
            let answer = send::send(
                settings,
                &call,
                &url,
                Bytes::new(),
                &options,
                &span,
                deadline,
            )
            .await?;
            total = total.saturating_add(answer.body.len() as u64);
            if total > settings.max_response_bytes {
                return Err(call.error(ErrorKind::ResponseTooLarge {
                    limit: settings.max_response_bytes,
                    content_length: None,
                }));
            }
            let page = read_page(settings, &call, answer.body, deadline).await?;
            deployments.extend(page.deployments);
            let Some(next) = page.next else {
                return Ok(deployments);
            };
            url = next_url(settings, &call, &first, next)?;
        }
        Err(call.error(ErrorKind::Listing {
            message: format!("more than {MAX_PAGES} pages: the listing does not end"),
        }))
    }
}

/// A page's JSON read, on the blocking pool when it is large.
async fn read_page(
    settings: &Settings,
    call: &Call<'_>,
    body: Bytes,
    deadline: Instant,
) -> Result<Page, Error> {
    let parse = |body: &[u8]| -> Result<Page, (String, String)> {
        let value: serde_json::Value = serde_json::from_slice(body)
            .map_err(|error| (String::new(), format!("the answer is not JSON: {error}")))?;
        deployments::parse_page(&value)
    };
    let parsed = if body.len() < OFFLOAD_BYTES {
        parse(&body)
    } else {
        let moved = body.clone();
        let job = tokio::task::spawn_blocking(move || parse(&moved));
        match tokio::time::timeout_at(deadline, job).await {
            Ok(Ok(parsed)) => parsed,
            Ok(Err(_)) | Err(_) => return Err(call.timeout(settings.timeout)),
        }
    };
    parsed.map_err(|(path, message)| {
        let key = &settings.api_key_text;
        call.error(ErrorKind::Decode {
            path: safe::text(&path, key, safe::PATH_LIMIT),
            message: safe::text(&message, key, safe::MESSAGE_LIMIT),
            tried: Rules::new(),
            body: body_snippet(&body, key, true),
        })
    })
}

/// The URL of the next page: a path on the base URL's origin, an absolute URL on the same
/// origin, or the first page's URL with `?cursor=`.
fn next_url(
    settings: &Settings,
    call: &Call<'_>,
    first: &str,
    next: Next,
) -> Result<String, Error> {
    let next = match next {
        Next::Cursor(cursor) => {
            let encoded: String =
                percent_encoding::utf8_percent_encode(&cursor, percent_encoding::NON_ALPHANUMERIC)
                    .collect();
            return Ok(format!("{first}?cursor={encoded}"));
        }
        Next::Url(next) => next,
    };
    let shown = safe::text(&next, &settings.api_key_text, safe::HEADER_LIMIT);
    let resolved = settings.base_url.join(&next).map_err(|error| {
        call.error(ErrorKind::Listing {
            message: format!("its next page {shown} is not a URL: {error}"),
        })
    })?;
    if resolved.origin() != settings.base_url.origin() {
        return Err(call.error(ErrorKind::Listing {
            message: format!(
                "its next page {shown} is on another origin than the base URL's ({}): not \
                 followed, so that the API key goes nowhere else",
                settings.origin
            ),
        }));
    }
    Ok(resolved.into())
}

/// The listed deployment `deployment_id`, or an error naming those listed.
fn find(
    listed: Vec<Deployment>,
    workflow: Option<&'static str>,
    deployment_id: &str,
) -> Result<Deployment, Error> {
    let mut ids = Vec::new();
    let mut by_name = None;
    for deployment in listed {
        if deployment.deployment_id == deployment_id {
            return Ok(deployment);
        }
        if deployment.name.as_deref() == Some(deployment_id) {
            by_name = Some(deployment.deployment_id.clone());
        }
        ids.push(deployment.deployment_id);
    }
    let listed = match ids.len() {
        0 => "the listing is empty".to_owned(),
        count => {
            let shown: Vec<String> = ids
                .iter()
                .take(IDS_SHOWN)
                .map(|id| safe::text(id, "", safe::CONTEXT_LIMIT))
                .collect();
            let more = count.saturating_sub(IDS_SHOWN);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{count} deployment{} listed: {}{more}",
                if count == 1 { " is" } else { "s are" },
                shown.join(", ")
            )
        }
    };
    let hint = by_name.map_or_else(String::new, |id| {
        format!("; {deployment_id:?} is the name of deployment {id}: pass its id")
    });
    Err(Error::new(
        ErrorKind::Listing {
            message: format!(
                "deployment {} is not listed ({listed}){hint}",
                safe::text(deployment_id, "", safe::CONTEXT_LIMIT)
            ),
        },
        workflow,
        Some(deployment_id.to_owned()).filter(|_| workflow.is_some()),
    )
    .in_listing())
}
