//! `calendar.ics`: every report's upcoming events as an iCalendar file (RFC 5545) that
//! calendar apps can subscribe to. Events are all-day; an event the report dates only by month
//! sits on the first of that month and says so. UIDs come from the report, the event's place
//! in it and its date, so a rebuild updates events instead of duplicating them.

use super::context::Views;
use crate::model::{EventDate, EventKind, Report, Upcoming};
use crate::render::format;
use crate::urls;
use chrono::{Datelike, NaiveDate};

pub fn ics(views: &Views) -> String {
    let site = views.site;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:-//grantsite//{}//EN", text(&site.program.name)),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", text(&site.program.name)),
    ];
    let host = host(&site.program.base_url);
    for r in &site.reports {
        for (i, event) in r.upcoming.iter().enumerate() {
            lines.extend(vevent(views, r, i, event, host));
        }
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn vevent(views: &Views, r: &Report, index: usize, event: &Upcoming, host: &str) -> Vec<String> {
    let start = event.date.earliest();
    let end = start.succ_opt().unwrap_or(start);
    let what = crate::markdown::to_plain_text(&event.text.text);
    let what = what.trim();
    let mut description = what.to_string();
    if let EventDate::Month(_) = event.date {
        let month = views.t.event_date(event.date);
        description.push_str("\n\n");
        description.push_str(&views.t.fill("calendar.month_only", &[("month", &month)]));
    }
    let url = views.abs(&urls::report(r));
    description.push_str("\n\n");
    description.push_str(
        &views
            .t
            .fill("calendar.from", &[("report", &r.title), ("url", &url)]),
    );
    vec![
        "BEGIN:VEVENT".to_string(),
        format!(
            "UID:{}-{}-{}@{}",
            r.period.slug(),
            index + 1,
            event.date,
            host
        ),
        format!("DTSTAMP:{}", stamp(r)),
        format!("DTSTART;VALUE=DATE:{}", day(start)),
        format!("DTEND;VALUE=DATE:{}", day(end)),
        format!(
            "SUMMARY:{}",
            text(&format!("{}: {what}", kind_label(views, event.kind)))
        ),
        format!("DESCRIPTION:{}", text(&description)),
        format!("CATEGORIES:{}", text(kind_label(views, event.kind))),
        format!("URL:{url}"),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ]
}

fn kind_label<'v>(views: &'v Views, kind: EventKind) -> &'v str {
    views.t.get(match kind {
        EventKind::Report => "event.report",
        EventKind::Meeting => "event.meeting",
        EventKind::Roundtable => "event.roundtable",
        EventKind::Event => "event.event",
    })
}

/// When the event was announced: the report's publication (or the end of its period), so
/// that the file does not change from build to build.
fn stamp(r: &Report) -> String {
    format::date_rfc3339(r.published, &r.period)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn day(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// The host of `base_url`, which makes UIDs unique beyond this site.
fn host(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into lines of at most 75 octets, each ended by CRLF; continuation
/// lines start with a space. A character is never split.
fn fold(line: &str, out: &mut String) {
    let mut room = 75;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            room = 74;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(80));
        fold(&line, &mut out);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn the_host_comes_from_the_base_url() {
        assert_eq!(host("https://alpha-omega.dev/"), "alpha-omega.dev");
        assert_eq!(host("https://example.org/sub/path/"), "example.org");
    }
}
