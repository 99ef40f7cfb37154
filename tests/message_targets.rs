//! Every message that sends people somewhere points to something that
//! exists (issue 14): a section of Settings (names from
//! ui/src/settings/sections.ts), a section of the README (its headings), a
//! file under docs/, or the Access & IAM panel and its button. Messages are
//! read from the Rust sources (crates/core, src-tauri) and the UI sources.
//!
//! The wording convention the check reads: `in Settings, under "OAuth
//! clients"`, `README, "Connecting an account"`, `docs/ovh-sim.md`,
//! `Access & IAM`. Run with `--nocapture` to print every pointer found.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Where a message points.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    SettingsSection(String),
    /// "Settings" named without a section, or with something unreadable after it.
    VagueSettings,
    ReadmeSection(String),
    VagueReadme,
    DocsFile(String),
    AccessPanel,
}

/// The pointers in one line of source. `rust` lines are only read inside
/// string literals (a `"` before the word), so type names do not count.
fn pointers(line: &str, rust: bool) -> Vec<Target> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") || trimmed.starts_with("*") || trimmed.starts_with("/*") {
        return Vec::new();
    }
    let unescaped = line.replace("\\\"", "\"");
    let mut found = Vec::new();
    for (at, _) in unescaped.match_indices("Settings") {
        let before = &unescaped[..at];
        let after = &unescaped[at + "Settings".len()..];
        let word = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        if !word || (rust && !before.contains('"')) {
            continue;
        }
        match after.strip_prefix(", under \"").and_then(|rest| rest.split('"').next()) {
            Some(section) => found.push(Target::SettingsSection(section.to_owned())),
            // The UI's own "Settings" button and heading are the target, not pointers.
            None if rust => found.push(Target::VagueSettings),
            None => {}
        }
    }
    for (at, _) in unescaped.match_indices("README") {
        if rust && !unescaped[..at].contains('"') {
            continue;
        }
        let after = &unescaped[at + "README".len()..];
        match after.strip_prefix(", \"").and_then(|rest| rest.split('"').next()) {
            Some(section) => found.push(Target::ReadmeSection(section.to_owned())),
            None => found.push(Target::VagueReadme),
        }
    }
    for (at, _) in unescaped.match_indices("docs/") {
        let name: String = unescaped[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
            .collect();
        if name.ends_with(".md") {
            found.push(Target::DocsFile(name));
        }
    }
    // In the UI, a line that is only the label is the button itself.
    let the_button = !rust && trimmed == "Access & IAM";
    if unescaped.contains("Access & IAM") && (!rust || unescaped.contains('"')) && !the_button {
        found.push(Target::AccessPanel);
    }
    found
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "ts" || e == "tsx") {
            out.push(path);
        }
    }
}

/// Message sources: everything but tests, generated bindings and this file.
fn sources() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["crates/core/src", "src-tauri", "ui/src"] {
        files(&Path::new(ROOT).join(dir), &mut all);
    }
    all.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        !name.contains(".test.") && name != "bindings.ts"
    });
    all.sort();
    all
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn settings_sections() -> Vec<String> {
    let text = read("ui/src/settings/sections.ts");
    text.lines()
        .filter_map(|l| l.split_once(": \"").map(|(_, rest)| rest.trim_end_matches(['"', ','])))
        .map(str::to_owned)
        .collect()
}

fn readme_sections() -> Vec<String> {
    read("README.md")
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_owned())
        .collect()
}

/// Whether `label` is the whole text of some line of `file` (a button or heading).
fn ui_has_label(file: &str, label: &str) -> bool {
    read(file).lines().any(|l| l.trim() == label)
}

fn problem(target: &Target) -> Option<String> {
    match target {
        Target::SettingsSection(name) if settings_sections().contains(name) => None,
        Target::SettingsSection(name) => Some(format!(
            "Settings has no section \"{name}\" (sections: {:?})",
            settings_sections()
        )),
        Target::VagueSettings => {
            Some("names Settings without a section: write `in Settings, under \"<section>\"`".into())
        }
        Target::ReadmeSection(name) if readme_sections().contains(name) => None,
        Target::ReadmeSection(name) => Some(format!("README.md has no section \"{name}\"")),
        Target::VagueReadme => Some("names the README without a section: write `README, \"<heading>\"`".into()),
        Target::DocsFile(name) if Path::new(ROOT).join(name).is_file() => None,
        Target::DocsFile(name) => Some(format!("{name} does not exist")),
        Target::AccessPanel
            if ui_has_label("ui/src/dashboard/Sidebar.tsx", "Access & IAM")
                && ui_has_label("ui/src/access/AccessPanel.tsx", "Set up Sign in with OVH") =>
        {
            None
        }
        Target::AccessPanel => Some("the Access & IAM button or its Set up Sign in with OVH button is gone".into()),
    }
}

#[test]
fn every_message_points_to_something_that_exists() {
    let mut found = Vec::new();
    for path in sources() {
        let rust = path.extension().is_some_and(|e| e == "rs");
        let shown = path.strip_prefix(ROOT).unwrap().display().to_string();
        for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            for target in pointers(line, rust) {
                found.push((format!("{shown}:{}", n + 1), target));
            }
        }
    }
    for (at, target) in &found {
        println!("{at}: {target:?}");
    }
    let problems: Vec<String> = found
        .iter()
        .filter_map(|(at, target)| problem(target).map(|p| format!("{at}: {p}")))
        .collect();
    assert!(problems.is_empty(), "messages point nowhere:\n{}", problems.join("\n"));
    // The scan reads what it should: the known pointers are among those found.
    for expected in [
        Target::SettingsSection("OAuth clients".into()),
        Target::SettingsSection("Discovery engine".into()),
        Target::ReadmeSection("Connecting an account".into()),
        Target::AccessPanel,
    ] {
        assert!(found.iter().any(|(_, t)| *t == expected), "{expected:?} not found");
    }
}

#[test]
fn the_checker_flags_what_points_nowhere() {
    let vague = pointers(r#"    ["Enter the OAuth2 client in Settings."],"#, true);
    assert_eq!(vague, vec![Target::VagueSettings]);
    assert!(problem(&vague[0]).is_some());
    let wrong = pointers(r#"  "Switch the engine in Settings, under \"Engines\".","#, true);
    assert!(problem(&wrong[0]).unwrap().contains("no section \"Engines\""));
    let readme = pointers(r#"  "(README, \"OAuth 2.0 Setup\")""#, true);
    assert!(problem(&readme[0]).unwrap().contains("no section"));
    assert!(problem(&pointers(r#""see docs/nowhere.md""#, true)[0]).is_some());
    assert!(pointers("pub struct SettingsView; // Settings", true).is_empty());
    assert!(pointers("use crate::settings::Settings;", true).is_empty());
    assert!(pointers("        Settings", false).is_empty(), "the UI's own button");
    assert_eq!(settings_sections(), ["OAuth clients", "Theme", "Discovery engine"]);
}
