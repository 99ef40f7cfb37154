//! The account holder (`/me`).

use rand::Rng;

use super::Gen;
use crate::data::model::{Currency, Me};
use crate::data::names::{FIRST_NAMES, LAST_NAMES};

fn ascii_lower(s: &str) -> String {
    s.to_lowercase().replace(['é', 'è'], "e")
}

impl Gen {
    pub(super) fn me(&mut self) -> Me {
        let first = self.pick(FIRST_NAMES).to_string();
        let last = self.pick(LAST_NAMES).to_string();
        let nic = format!(
            "{}{}{}-ovh",
            &first[..1].to_lowercase(),
            &last[..1].to_lowercase(),
            self.rng.gen_range(10_000..99_999)
        );
        Me {
            email: format!("{}.{}@example.com", ascii_lower(&first), ascii_lower(&last)),
            nichandle: nic,
            firstname: first,
            name: last,
            country: "FR".into(),
            currency: Currency {
                code: "EUR".into(),
                symbol: "EURO".into(),
            },
            ovh_subsidiary: "FR".into(),
            state: "complete".into(),
            language: "fr_FR".into(),
            customer_code: format!(
                "{:04}-{:04}-{:02}",
                self.rng.gen_range(0..9999),
                self.rng.gen_range(0..9999),
                self.rng.gen_range(0..99)
            ),
            kyc_validated: true,
        }
    }
}
