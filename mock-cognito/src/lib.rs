//! Placeholder; filled by later work.

pub mod jwt;
