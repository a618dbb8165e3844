//! Period parsing and inference on arbitrary UTF-8: never panics, and a parsed period prints
//! back in the canonical syntax, which parses to the same period.
#![no_main]

use grantsite::load::period_infer;
use grantsite::model::Period;
use libfuzzer_sys::fuzz_target;

fn check(period: Period) {
    let canonical = period.to_string();
    let again: Period = canonical.parse().unwrap_or_else(|e| {
        panic!("{period:?} prints as {canonical:?}, which does not parse: {e}")
    });
    assert_eq!(again, period, "{canonical:?}");
    assert!(period.first_month() <= period.last_month());
    let _ = period.label();
}

fuzz_target!(|text: &str| {
    if let Ok(period) = text.parse::<Period>() {
        check(period);
    }
    if let Ok(period) = period_infer::from_file_name(text).map(|r| r.period) {
        check(period);
    }
    if let Ok(period) = period_infer::from_heading(text).map(|r| r.period) {
        check(period);
    }
});
