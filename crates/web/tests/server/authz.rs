//! Authorization tests (RELIABILITY S2 and S3), run against the real server
//! on a fresh SQLite database and, when `KUMPPANI_TEST_POSTGRES_URL` names a
//! PostgreSQL admin URL, on a fresh PostgreSQL database too.
//!
//! - `matrix`: every route × role × own/other record, compared with the
//!   reviewed `expected.txt` (`KUMPPANI_BLESS=1` rewrites it).
//! - `leak`: markers in every internal-only field; the external board member
//!   crawls everything and sees none; forbidden records look missing.

mod leak;
mod matrix;
mod probe;
mod routes;
mod world;
