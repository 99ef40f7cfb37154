//! How a person without any connection creates the sign-in client by hand,
//! in their region's OVH API console (the product document's Step 1).

use serde::Serialize;

use super::model::{ClientFlow, CLIENT_DESCRIPTION, SIGN_IN_CLIENT_NAME};
use crate::region::{Endpoint, Region};

/// What the sign-in window shows next to the client form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientCreationHelp {
    /// `POST /me/api/oauth2/client` in the region's API console; `None` for a
    /// custom endpoint, whose console Aurora cannot know.
    pub console_url: Option<String>,
    pub name: String,
    pub description: String,
    pub flow: ClientFlow,
    /// The callback URL to register, exactly as Aurora sends it.
    pub callback_url: String,
}

/// The console is served by each region's API host
/// (`https://eu.api.ovh.com/console/`, `https://ca.api.ovh.com/console/`,
/// `https://api.us.ovhcloud.com/console/`); the fragment opens the call.
pub fn client_creation_help(region: Region, callback_url: &str) -> ClientCreationHelp {
    let console_url = Endpoint::builtin(region).ok().map(|endpoint| {
        format!(
            "{}/console/?section=%2Fme&branch=v1#post-/me/api/oauth2/client",
            endpoint.api_base.origin().ascii_serialization()
        )
    });
    ClientCreationHelp {
        console_url,
        name: SIGN_IN_CLIENT_NAME.to_owned(),
        description: CLIENT_DESCRIPTION.to_owned(),
        flow: ClientFlow::AuthorizationCode,
        callback_url: callback_url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_region_links_to_its_own_console() {
        let url = |r| client_creation_help(r, "aurora://ovh/oauth2/callback").console_url;
        assert_eq!(
            url(Region::OvhEu).as_deref(),
            Some("https://eu.api.ovh.com/console/?section=%2Fme&branch=v1#post-/me/api/oauth2/client")
        );
        assert_eq!(
            url(Region::OvhCa).as_deref(),
            Some("https://ca.api.ovh.com/console/?section=%2Fme&branch=v1#post-/me/api/oauth2/client")
        );
        assert_eq!(
            url(Region::OvhUs).as_deref(),
            Some("https://api.us.ovhcloud.com/console/?section=%2Fme&branch=v1#post-/me/api/oauth2/client")
        );
        assert_eq!(url(Region::Custom), None);
        let help = client_creation_help(Region::OvhEu, "http://127.0.0.1:53682/ovh/oauth2/callback");
        assert_eq!(help.flow, ClientFlow::AuthorizationCode);
        assert_eq!(help.callback_url, "http://127.0.0.1:53682/ovh/oauth2/callback");
    }
}
