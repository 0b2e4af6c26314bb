//! One module per product feature, each over the API and its pages.

mod balance;
mod boards;
mod data_import;
mod dates;
mod exports;
mod feeds;
mod import_limits;
mod lessons;
mod plans;
mod portfolio_pages;
mod projects;
mod requests;
mod workload;
