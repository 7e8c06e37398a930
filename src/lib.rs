//! jianbao (简报): turns a folder of raw Chinese news articles into a browsable, themed, static
//! HTML digest. One module per pipeline stage; `pipeline::build` runs them in order.

pub mod article;
pub mod cache;
pub mod chart;
pub mod check;
pub mod clean;
pub mod config;
pub mod diagnostics;
pub mod extract;
pub mod init;
pub mod load;
pub mod markdown;
pub mod output;
pub mod output_update;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
