//! Helpers shared by the integration tests (`mod support;` in a test file).
//! Each test file uses only some of them.
#![allow(dead_code)]

pub mod browser;
pub mod child;
pub mod discovery;
pub mod log_capture;
