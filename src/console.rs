//! Printing for people. A closed stdout or stderr (`grantsite build | head -1`, a preview
//! server whose terminal went away) must not turn into a panic, as `println!` would.

/// Like `println!`, ignoring a closed stdout.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Like `eprintln!`, ignoring a closed stderr.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
