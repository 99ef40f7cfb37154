//! The three account sizes of the issue, as simulator data sizes.

use std::fmt;
use std::str::FromStr;

use ovh_sim::DataSize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountSize {
    S,
    M,
    L,
}

impl AccountSize {
    pub fn data_size(self) -> DataSize {
        let (projects, per_type, dedicated_servers) = match self {
            AccountSize::S => (1, 5, 2),
            AccountSize::M => (10, 20, 10),
            AccountSize::L => (50, 40, 50),
        };
        DataSize {
            projects,
            per_type,
            dedicated_servers,
        }
    }

    pub fn describe(self) -> String {
        let d = self.data_size();
        format!(
            "{} project(s), {} of each kind per project, {} dedicated servers",
            d.projects, d.per_type, d.dedicated_servers
        )
    }
}

impl FromStr for AccountSize {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "S" => Ok(AccountSize::S),
            "M" => Ok(AccountSize::M),
            "L" => Ok(AccountSize::L),
            other => Err(format!("Unknown account size \"{other}\": use S, M or L.")),
        }
    }
}

impl fmt::Display for AccountSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}
