//! Aurora core.
