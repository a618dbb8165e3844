//! grantsite: a static site generator for grant-program reports.
//!
//! One direction of data: [`load`] reads `content/` into the typed [`model`], [`validate`]
//! checks cross references, [`render`] turns the model into files in memory, and [`output`]
//! writes them, atomically, to the output folder.

#[macro_use]
mod serde_str;
#[macro_use]
mod console;

pub mod cli;
pub mod diagnostics;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod registry;
pub mod render;
pub mod report;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod urls;
pub mod validate;
