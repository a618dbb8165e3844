//! Front-matter splitting on arbitrary UTF-8: never panics, and what it returns is a part of
//! the input with consistent line numbers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(split) = grantsite::load::frontmatter::split("fuzz.md", text) else {
        return;
    };
    assert!(text.ends_with(split.body));
    match split.yaml {
        Some(yaml) => {
            assert!(text.contains(yaml));
            assert_eq!(split.yaml_line, 2);
            // The body starts on the line after the closing fence (which may end the file
            // without a newline, leaving an empty body "on" the line after it).
            let head = &text[..text.len() - split.body.len()];
            assert!(head.trim_end().ends_with("---"));
            assert_eq!(split.body_line, head.split_inclusive('\n').count() + 1);
        }
        None => {
            assert_eq!(split.body, text);
            assert_eq!(split.body_line, 1);
        }
    }
});
