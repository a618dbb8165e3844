use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    grantsite::cli::run(grantsite::cli::Cli::parse())
}
