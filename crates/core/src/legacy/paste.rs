//! Pasted keys: cleaned of what copying adds (spaces, line breaks, quotes)
//! and checked as they are typed, with one message per field. Messages give
//! lengths and positions, never the value.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum KeyField {
    ApplicationKey,
    ApplicationSecret,
    ConsumerKey,
}

impl KeyField {
    pub fn label(self) -> &'static str {
        match self {
            KeyField::ApplicationKey => "Application Key",
            KeyField::ApplicationSecret => "Application Secret",
            KeyField::ConsumerKey => "Consumer Key",
        }
    }

    /// OVH issues application keys of 16 letters and digits, secrets and
    /// consumer keys of 32.
    pub fn expected_len(self) -> usize {
        match self {
            KeyField::ApplicationKey => 16,
            KeyField::ApplicationSecret | KeyField::ConsumerKey => 32,
        }
    }

    fn where_to_find(self) -> &'static str {
        match self {
            KeyField::ApplicationKey | KeyField::ApplicationSecret => {
                "the page OVH showed when you created the application"
            }
            KeyField::ConsumerKey => {
                "the page OVH showed when you created the token, or use \"Request access\" instead"
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum FieldState {
    Empty,
    /// Too short so far: fine while typing, not to submit.
    Incomplete,
    Invalid,
    Valid,
}

/// The verdict on one field. Holds no part of the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    pub field: KeyField,
    pub state: FieldState,
    /// Length after cleaning.
    pub length: u32,
    /// What to do, for every state but `Valid`.
    pub message: Option<String>,
}

/// Removes what copying from a web page or a terminal adds around a key:
/// whitespace (including non-breaking and zero-width spaces) at both ends
/// and one pair of surrounding quotes.
pub fn clean(input: &str) -> &str {
    let trimmed = input.trim_matches(is_padding);
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = trimmed.strip_prefix(quote).and_then(|s| s.strip_suffix(quote)) {
            return inner.trim_matches(is_padding);
        }
    }
    trimmed
}

fn is_padding(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}')
}

pub fn check_field(field: KeyField, input: &str) -> FieldCheck {
    let value = clean(input);
    let length = value.chars().count();
    let expected = field.expected_len();
    let name = field.label();
    let verdict = |state, message: Option<String>| FieldCheck {
        field,
        state,
        length: length.min(u32::MAX as usize) as u32,
        message,
    };

    if value.is_empty() {
        return verdict(
            FieldState::Empty,
            Some(format!("Paste the {name} from {}.", field.where_to_find())),
        );
    }
    if let Some((index, c)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
        let what = if c.is_whitespace() {
            "a space or line break"
        } else if c.is_control() {
            "an invisible character"
        } else {
            "a symbol or accented letter"
        };
        return verdict(
            FieldState::Invalid,
            Some(format!(
                "The {name} contains only letters and digits, but character {} is {what}. Copy it again from {}.",
                index + 1,
                field.where_to_find()
            )),
        );
    }
    if field == KeyField::ApplicationKey && length == 32 {
        return verdict(
            FieldState::Invalid,
            Some(format!("This looks like an Application Secret or a Consumer Key (32 characters); the {name} has {expected}. Paste it in the right field.")),
        );
    }
    if length < expected {
        return verdict(
            FieldState::Incomplete,
            Some(format!(
                "The {name} has {expected} characters; this one has {length} so far. Check that you copied all of it."
            )),
        );
    }
    if length > expected {
        return verdict(
            FieldState::Invalid,
            Some(format!("The {name} has {expected} characters; this one has {length}. Check that nothing else was pasted with it.")),
        );
    }
    verdict(FieldState::Valid, None)
}

/// The three checks of the key form at once.
pub fn check_all(application_key: &str, application_secret: &str, consumer_key: Option<&str>) -> Vec<FieldCheck> {
    let mut checks = vec![
        check_field(KeyField::ApplicationKey, application_key),
        check_field(KeyField::ApplicationSecret, application_secret),
    ];
    if let Some(ck) = consumer_key {
        checks.push(check_field(KeyField::ConsumerKey, ck));
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "7kbG7Bk7S9Nt7ZSV";
    const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";

    #[test]
    fn pasting_noise_is_removed() {
        assert_eq!(clean("  7kbG7Bk7S9Nt7ZSV\n"), AK);
        assert_eq!(clean("\u{200B}\"7kbG7Bk7S9Nt7ZSV\"\u{00A0}"), AK);
        assert_eq!(clean("'  x '"), "x");
        assert_eq!(clean("\""), "\"");
        assert_eq!(
            check_field(KeyField::ApplicationKey, &format!("\t{AK}\r\n")).state,
            FieldState::Valid
        );
        assert_eq!(check_field(KeyField::ApplicationSecret, AS).state, FieldState::Valid);
        assert_eq!(check_field(KeyField::ConsumerKey, AS).message, None);
    }

    #[test]
    fn each_problem_has_its_message_without_the_value() {
        let empty = check_field(KeyField::ApplicationKey, "   ");
        assert_eq!(empty.state, FieldState::Empty);
        assert!(empty.message.unwrap().starts_with("Paste the Application Key"));

        let short = check_field(KeyField::ApplicationSecret, &AS[..10]);
        assert_eq!((short.state, short.length), (FieldState::Incomplete, 10));
        assert!(short
            .message
            .as_deref()
            .unwrap()
            .contains("has 32 characters; this one has 10 so far"));

        let long = check_field(KeyField::ApplicationKey, &format!("{AK}abc"));
        assert_eq!(long.state, FieldState::Invalid);

        let spaced = check_field(KeyField::ConsumerKey, "MtSwSrPpNjqfVSmJ hLbPyr2i45lSwPU1");
        assert_eq!(spaced.state, FieldState::Invalid);
        let message = spaced.message.unwrap();
        assert!(message.contains("character 17 is a space"), "{message}");
        assert!(!message.contains("MtSw"), "{message}");

        let swapped = check_field(KeyField::ApplicationKey, AS);
        assert!(swapped.message.unwrap().contains("looks like an Application Secret"));
        assert!(check_field(KeyField::ApplicationKey, "7kbG7Bk7S9-t7ZSV")
            .message
            .unwrap()
            .contains("character 11 is a symbol"));
        assert_eq!(
            check_all(AK, AS, Some("")).iter().map(|c| c.state).collect::<Vec<_>>(),
            [FieldState::Valid, FieldState::Valid, FieldState::Empty]
        );
    }
}
