//! Process-wide state shared by the commands.

/// How Aurora was launched.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// `--demo`: run on the built-in OVH simulator instead of a real account.
    pub demo: bool,
}

impl LaunchOptions {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let mut options = LaunchOptions {
            demo: std::env::var("AURORA_DEMO").is_ok_and(|v| v == "1"),
        };
        for arg in args {
            if arg == "--demo" {
                options.demo = true;
            }
        }
        options
    }
}

pub struct AppState {
    pub options: LaunchOptions,
}

impl AppState {
    pub fn new(options: LaunchOptions) -> Self {
        AppState { options }
    }
}
