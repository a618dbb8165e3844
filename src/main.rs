use clap::Parser;
use std::process::ExitCode;

/// A build makes millions of small strings on every core; mimalloc's per-thread heaps cost
/// about a sixth of glibc's malloc time there (bench/results).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    grantsite::cli::run(grantsite::cli::Cli::parse())
}
