//! Tauri commands, one module per domain.

pub mod actions;
pub mod api_keys;
pub mod app;
pub mod connections;
pub mod export;
pub mod iam;
pub mod inventory;
pub mod settings;
pub mod sign_in;
pub mod sign_in_setup;
