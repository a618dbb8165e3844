//! CSV exports under `data/` for spreadsheets: every key result's status in every report of
//! its year, and every grantee update. Grantees write some of these values, so a field that
//! a spreadsheet would read as a formula is prefixed with `'`.

use super::context::Views;
use crate::urls;

pub fn key_results(views: &Views) -> Vec<u8> {
    let site = views.site;
    let mut out = Csv::new(&["year", "key_result", "report", "status", "report_url"]);
    for okrs in &site.okr_years {
        let reports = site.reports.iter().filter(|r| r.period.year() == okrs.year);
        for r in reports {
            for kr in okrs.key_results() {
                let status = r.status_of(kr.id).map_or("", |s| s.status.slug());
                out.row(&[
                    &okrs.year.to_string(),
                    &kr.id.to_string(),
                    &r.period.to_string(),
                    status,
                    &views.abs(&urls::report(r)),
                ]);
            }
        }
    }
    out.0.into_bytes()
}

pub fn updates(views: &Views) -> Vec<u8> {
    let mut out = Csv::new(&["grantee", "period", "url", "source"]);
    for u in &views.site.updates {
        let card = views.update_card(u);
        out.row(&[
            &card.grantee_name,
            card.period.as_deref().unwrap_or(""),
            &card.url,
            u.source.as_str(),
        ]);
    }
    out.0.into_bytes()
}

/// RFC 4180: CRLF line ends, fields quoted where they hold a comma, quote or line break.
struct Csv(String);

impl Csv {
    fn new(header: &[&str]) -> Self {
        let mut csv = Csv(String::new());
        csv.row(header);
        csv
    }

    fn row(&mut self, fields: &[&str]) {
        let fields: Vec<String> = fields.iter().map(|f| field(f)).collect();
        self.0.push_str(&fields.join(","));
        self.0.push_str("\r\n");
    }
}

fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(field("FreeBSD"), "FreeBSD");
        assert_eq!(field("Erlang, Inc."), "\"Erlang, Inc.\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }
}
