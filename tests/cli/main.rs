//! The `vitrine` binary as a person runs it: what it says when something is wrong, and backups.

mod backup;
mod common;
mod crash;
mod errors;
mod seed;
