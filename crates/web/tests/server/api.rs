//! The JSON API and the pages around it: sign-in, customers and their
//! contacts, the catalogue, users, ownership rules, listing, platform
//! headers, hostile clients, secrets and throttling.

mod auth;
mod catalog;
mod contacts;
mod customers;
mod hostile;
mod listing;
mod ownership;
mod pages;
mod platform;
mod secrets;
mod throttling;
mod users;
