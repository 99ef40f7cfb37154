//! `/me` and `/me/api/oauth2/client`.

use serde_json::{json, Value};

use super::{json_body, Ctx, RouteResult};
use crate::auth::oauth::{random_token, ClientRecord};
use crate::errors::ApiError;
use crate::reply::ok;

pub fn route(ctx: &mut Ctx<'_>, method: &str, segs: &[&str]) -> Option<RouteResult> {
    Some(match (method, segs) {
        ("GET", ["me"]) => Ok(ok(&ctx.inner.dataset.me)),
        ("GET", ["me", "api", "oauth2", "client"]) => {
            let mut ids: Vec<&String> = ctx.inner.oauth.clients.keys().collect();
            ids.sort();
            Ok(ok(&ids))
        }
        ("POST", ["me", "api", "oauth2", "client"]) => create_client(ctx),
        ("GET", ["me", "api", "logs", "self"]) => Ok(ok(&ctx.inner.api_logs.ids(ctx.caller))),
        ("GET", ["me", "api", "logs", "self", id]) => id
            .parse::<u64>()
            .ok()
            .and_then(|id| ctx.inner.api_logs.get(ctx.caller, id))
            .map(ok)
            .ok_or_else(|| ApiError::not_found(&format!("The API log {id}"))),
        ("GET", ["me", "api", "oauth2", "client", id]) => match ctx.inner.oauth.clients.get(*id) {
            Some(c) => Ok(ok(&client_json(c, &ctx.inner.dataset.me.nichandle, ctx.urn_region))),
            None => Err(ApiError::not_found(&format!("The OAuth2 client {id}"))),
        },
        ("DELETE", ["me", "api", "oauth2", "client", id]) => match ctx.inner.oauth.clients.remove(*id) {
            Some(_) => Ok(ok(&Value::Null)),
            None => Err(ApiError::not_found(&format!("The OAuth2 client {id}"))),
        },
        _ => return None,
    })
}

fn create_client(ctx: &mut Ctx<'_>) -> RouteResult {
    let body = json_body(ctx.req)?;
    let name = body["name"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("The field name is required."))?;
    let description = body["description"].as_str().unwrap_or_default();
    let flow = body["flow"].as_str().unwrap_or("AUTHORIZATION_CODE");
    if flow != "AUTHORIZATION_CODE" && flow != "CLIENT_CREDENTIALS" {
        return Err(ApiError::bad_request(format!(
            "The flow \"{flow}\" is not valid; use AUTHORIZATION_CODE or CLIENT_CREDENTIALS."
        )));
    }
    let callbacks: Vec<String> = body["callbackUrls"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if flow == "AUTHORIZATION_CODE" && callbacks.is_empty() {
        return Err(ApiError::bad_request(
            "The AUTHORIZATION_CODE flow needs at least one callback URL in callbackUrls.",
        ));
    }
    let client = ClientRecord {
        client_id: random_token(16).to_lowercase(),
        client_secret: random_token(32),
        name: name.to_string(),
        description: description.to_string(),
        flow: flow.to_string(),
        callback_urls: callbacks,
    };
    let answer = json!({"clientId": client.client_id, "clientSecret": client.client_secret});
    ctx.inner.oauth.add_client(client);
    Ok(ok(&answer))
}

/// `GET /me/api/oauth2/client/{id}` (the secret is never shown again).
pub fn client_json(c: &ClientRecord, nichandle: &str, urn_region: &str) -> Value {
    json!({
        "clientId": c.client_id,
        "name": c.name,
        "description": c.description,
        "flow": c.flow,
        "callbackUrls": c.callback_urls,
        "identity": format!("urn:v1:{urn_region}:identity:credential:{nichandle}/oauth2-{}", c.client_id),
    })
}
