//! The token endpoint's odd answers, from a loopback server that answers
//! whatever each test needs.

use std::sync::{Arc, Mutex};

use aurora_core::api::unix_now;
use aurora_core::oauth::{
    AuthMethod, MemoryTokenStore, OAuthClientConfig, TokenEndpoint, TokenError, TokenRefresher, TokenSet,
};
use aurora_core::{Endpoint, ErrorKind, HttpConfig, Region, SecretString};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

type Reply = (u16, Vec<(&'static str, &'static str)>, &'static str);

#[derive(Default)]
struct Server {
    reply: Mutex<Option<Reply>>,
    forms: Mutex<Vec<String>>,
}

async fn token(State(s): State<Arc<Server>>, body: Bytes) -> Response {
    s.forms
        .lock()
        .unwrap()
        .push(String::from_utf8_lossy(&body).into_owned());
    let (status, headers, body) = s.reply.lock().unwrap().clone().unwrap();
    let mut r = (StatusCode::from_u16(status).unwrap(), body).into_response();
    for (k, v) in headers {
        r.headers_mut().insert(k, v.parse().unwrap());
    }
    r
}

async fn start() -> (Arc<Server>, TokenEndpoint) {
    let server = Arc::new(Server::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/1.0", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/auth/oauth2/token", axum::routing::post(token))
        .with_state(server.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = OAuthClientConfig::new("cid", "the-client-secret", "aurora://ovh/oauth2/callback").unwrap();
    let endpoint = TokenEndpoint::new(&Endpoint::custom(&base).unwrap(), &client, &HttpConfig::default()).unwrap();
    (server, endpoint)
}

fn answer(server: &Server, status: u16, body: &'static str) {
    *server.reply.lock().unwrap() = Some((status, vec![("content-type", "application/json")], body));
}

fn tokens(refresh: Option<&str>) -> TokenSet {
    TokenSet {
        provider: "ovh".into(),
        region: Region::Custom,
        access_token: SecretString::new("old-access"),
        refresh_token: refresh.map(SecretString::new),
        client_id: "cid".into(),
        expires_at: unix_now() + 60,
        auth_method: AuthMethod::AuthorizationCode,
    }
}

#[tokio::test]
async fn the_exchange_sends_a_form_with_secret_and_verifier() {
    let (server, endpoint) = start().await;
    answer(
        &server,
        200,
        r#"{"access_token":"A","token_type":"Bearer","expires_in":3599,"refresh_token":"R","scope":"all"}"#,
    );
    let t = endpoint
        .exchange_code(
            &SecretString::new("the code"),
            "aurora://ovh/oauth2/callback",
            "verifier-1",
        )
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "A");
    assert_eq!(t.refresh_token.as_ref().unwrap().expose(), "R");
    assert!((t.expires_at - unix_now() - 3599).abs() <= 2);
    let form = server.forms.lock().unwrap()[0].clone();
    for part in [
        "grant_type=authorization_code",
        "code=the+code",
        "redirect_uri=aurora%3A%2F%2Fovh%2Foauth2%2Fcallback",
        "code_verifier=verifier-1",
        "client_id=cid",
        "client_secret=the-client-secret",
    ] {
        assert!(form.split('&').any(|p| p == part), "{part} missing from {form}");
    }
}

#[tokio::test]
async fn missing_access_token_and_bad_answers() {
    let (server, endpoint) = start().await;
    let code = SecretString::new("c");
    for body in [
        r#"{"token_type":"Bearer","expires_in":3600}"#,
        r#"{"access_token":""}"#,
        "not json",
    ] {
        answer(&server, 200, body);
        let e = endpoint
            .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
            .await
            .unwrap_err();
        assert!(matches!(e, TokenError::NoAccessToken), "{body}: {e:?}");
        assert_eq!(e.into_exchange_error().message, "No access_token received from OVH");
    }
    answer(&server, 200, r#"{"access_token":"A","token_type":"mac"}"#);
    assert!(endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .is_err());

    answer(&server, 200, r#"{"access_token":"A"}"#);
    let t = endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap();
    assert!(
        (t.expires_at - unix_now() - 3600).abs() <= 2,
        "expires_in defaults to 3600"
    );
    answer(
        &server,
        200,
        r#"{"access_token":"A","token_type":"bearer","expires_in":"120"}"#,
    );
    let t = endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap();
    assert!(
        (t.expires_at - unix_now() - 120).abs() <= 2,
        "a numeric string is accepted"
    );

    answer(
        &server,
        400,
        r#"{"error":"invalid_grant","error_description":"code already used"}"#,
    );
    let e = endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap_err()
        .into_exchange_error();
    assert_eq!(e.message, "Token exchange failed: invalid_grant");

    answer(&server, 400, r#"{"error":"<b>evil</b>"}"#);
    let e = endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap_err()
        .into_exchange_error();
    assert_eq!(e.message, "Token exchange failed: unknown_error");

    *server.reply.lock().unwrap() = Some((502, vec![], "<html>bad gateway</html>"));
    let e = endpoint
        .exchange_code(&code, "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap_err();
    assert!(!e.is_permanent());
    assert_eq!(e.into_exchange_error().kind, ErrorKind::ServerError);
}

#[tokio::test]
async fn a_token_answer_over_64_kib_is_refused_unread() {
    let (server, endpoint) = start().await;
    let padding = "x".repeat(70 * 1024);
    let huge: &'static str =
        Box::leak(format!(r#"{{"access_token":"A","token_type":"Bearer","padding":"{padding}"}}"#).into_boxed_str());
    answer(&server, 200, huge);
    let e = endpoint
        .exchange_code(&SecretString::new("c"), "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap_err();
    assert!(matches!(e, TokenError::Transport(_)), "{e:?}");
    let shown = e.into_exchange_error();
    assert_eq!(shown.kind, ErrorKind::MalformedResponse);
    assert!(shown.message.contains("larger than 64 KiB"), "{}", shown.message);
    // Just under the cap is read as usual.
    let padding = "x".repeat(60 * 1024);
    let big: &'static str =
        Box::leak(format!(r#"{{"access_token":"A","token_type":"Bearer","padding":"{padding}"}}"#).into_boxed_str());
    answer(&server, 200, big);
    let t = endpoint
        .exchange_code(&SecretString::new("c"), "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "A");
}

#[tokio::test]
async fn redirects_are_never_followed() {
    let (server, endpoint) = start().await;
    *server.reply.lock().unwrap() = Some((302, vec![("location", "http://127.0.0.1:9/steal")], ""));
    let e = endpoint
        .exchange_code(&SecretString::new("c"), "aurora://ovh/oauth2/callback", "v")
        .await
        .unwrap_err();
    assert_eq!(server.forms.lock().unwrap().len(), 1);
    assert!(matches!(e, TokenError::Transport(_)), "{e:?}");
}

#[tokio::test]
async fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let (server, endpoint) = start().await;
    answer(
        &server,
        200,
        r#"{"access_token":"A2","token_type":"Bearer","expires_in":3600}"#,
    );
    let renewed = endpoint.refresh(&tokens(Some("R1"))).await.unwrap();
    assert_eq!(renewed.access_token.expose(), "A2");
    assert_eq!(renewed.refresh_token.unwrap().expose(), "R1");
    let form = server.forms.lock().unwrap()[0].clone();
    assert!(
        form.contains("grant_type=refresh_token") && form.contains("refresh_token=R1"),
        "{form}"
    );

    let session = TokenRefresher::new("c", tokens(Some("R1")), endpoint, Arc::new(MemoryTokenStore::new()));
    assert_eq!(session.access_token().await.unwrap().expose(), "A2");
    assert_eq!(session.tokens().await.refresh_token.unwrap().expose(), "R1");
}

#[test]
fn token_set_serializes_the_product_fields() {
    let original = tokens(Some("R"));
    let json = serde_json::to_value(&original).unwrap();
    let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "accessToken",
            "authMethod",
            "clientId",
            "expiresAt",
            "provider",
            "refreshToken",
            "region"
        ]
    );
    assert_eq!(json["authMethod"], "authorization_code");
    assert_eq!(json["region"], "custom");
    assert_eq!(serde_json::from_value::<TokenSet>(json).unwrap(), original);
}
