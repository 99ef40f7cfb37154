//! The INI dialect of `ovh.conf`, as OVH's SDKs read it (Python's
//! ConfigParser, go-ini): `[section]` headers, `key = value` or
//! `key: value`, comments on lines starting with `#` or `;`, keys
//! case-insensitive, later values winning. Never fails: lines it cannot
//! understand are counted and skipped.

/// Files larger than this are not read (an `ovh.conf` is a few hundred bytes).
pub const MAX_FILE_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OvhConf {
    sections: Vec<Section>,
    /// Lines that were neither a section, an entry, a comment nor blank.
    pub skipped_lines: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Section {
    name: String,
    entries: Vec<(String, String)>,
}

impl OvhConf {
    pub fn parse(text: &str) -> OvhConf {
        let mut conf = OvhConf::default();
        // Entries before any header belong to no section and are ignored,
        // as ConfigParser refuses them.
        let mut current: Option<usize> = None;
        for raw in text.lines() {
            let line = raw.trim_start_matches('\u{FEFF}').trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(conf.section_index(name.trim()));
                continue;
            }
            match (current, split_entry(line)) {
                (Some(index), Some((key, value))) => conf.sections[index].set(key, value),
                _ => conf.skipped_lines += 1,
            }
        }
        conf
    }

    /// The value of `key` (any case) in `section`, if set and not empty.
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        let section = self.sections.iter().find(|s| s.name == section)?;
        let key = key.to_ascii_lowercase();
        section
            .entries
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub fn section_names(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|s| s.name.as_str())
    }

    fn section_index(&mut self, name: &str) -> usize {
        match self.sections.iter().position(|s| s.name == name) {
            Some(index) => index,
            None => {
                self.sections.push(Section {
                    name: name.to_owned(),
                    entries: Vec::new(),
                });
                self.sections.len() - 1
            }
        }
    }
}

impl Section {
    fn set(&mut self, key: String, value: String) {
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, value));
    }
}

/// `key = value` or `key: value`, whichever separator comes first.
fn split_entry(line: &str) -> Option<(String, String)> {
    let at = line.find(['=', ':'])?;
    let key = line[..at].trim();
    if key.is_empty() {
        return None;
    }
    Some((key.to_ascii_lowercase(), line[at + 1..].trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_ovh_sdks_read() {
        let conf = OvhConf::parse(
            "\u{FEFF}; comment\n[default]\nendpoint=ovh-eu\n\n[ovh-eu]\n# keys\nApplication_Key = AK1\napplication_secret: AS1\nconsumer_key=CK=with=equals\n\
             client_id =\n[ovh-eu]\napplication_key=AK2\n  [ spaced ]  \nx=1\ngarbage line\n",
        );
        assert_eq!(conf.get("default", "endpoint"), Some("ovh-eu"));
        assert_eq!(
            conf.get("ovh-eu", "APPLICATION_KEY"),
            Some("AK2"),
            "later values win, keys ignore case"
        );
        assert_eq!(conf.get("ovh-eu", "application_secret"), Some("AS1"));
        assert_eq!(conf.get("ovh-eu", "consumer_key"), Some("CK=with=equals"));
        assert_eq!(conf.get("ovh-eu", "client_id"), None, "empty values are unset");
        assert_eq!(conf.get("spaced", "x"), Some("1"));
        assert_eq!(conf.get("ovh-ca", "application_key"), None);
        assert_eq!(conf.skipped_lines, 1);
        assert_eq!(
            conf.section_names().collect::<Vec<_>>(),
            ["default", "ovh-eu", "spaced"]
        );
    }

    #[test]
    fn entries_before_any_section_are_skipped() {
        let conf = OvhConf::parse("endpoint=ovh-eu\n");
        assert_eq!(conf.get("default", "endpoint"), None);
        assert_eq!(conf.skipped_lines, 1);
    }
}
