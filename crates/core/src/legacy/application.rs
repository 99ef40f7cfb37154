//! What the wizard tells the person to enter on OVH's pages (the product
//! document's "Fill Application Details"), and those pages' addresses.

use url::Url;

use crate::region::Endpoint;

use super::access_rules::discovery_access_rules;

pub const APPLICATION_NAME: &str = "Aurora";
pub const APPLICATION_DESCRIPTION: &str = "Aurora cloud management";
/// OVH's validity choice Aurora recommends, on the validation page too.
pub const RECOMMENDED_VALIDITY: &str = "Unlimited";

/// The region's page for creating an application (step "Create the application").
pub fn create_app_page(endpoint: &Endpoint) -> Url {
    endpoint.create_app_url.clone()
}

/// The region's token creation page with Aurora's read-only rights filled
/// in, for people who prefer to create the consumer key by hand.
pub fn create_token_page(endpoint: &Endpoint) -> Url {
    let rules = discovery_access_rules();
    let pairs: Vec<(&str, &str)> = rules.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    endpoint.create_token_page(&pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;

    #[test]
    fn token_page_carries_every_read_only_right() {
        let eu = Endpoint::builtin(Region::OvhEu).unwrap();
        assert_eq!(create_app_page(&eu).as_str(), "https://eu.api.ovh.com/createApp/");
        let page = create_token_page(&eu);
        assert!(
            page.as_str()
                .starts_with("https://eu.api.ovh.com/createToken/?GET=%2Fme&"),
            "{page}"
        );
        assert_eq!(page.query_pairs().count(), discovery_access_rules().len());
        assert!(page.query_pairs().all(|(m, _)| m == "GET"));
    }
}
