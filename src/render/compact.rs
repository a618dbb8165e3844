//! Drops the indentation of the default theme's HTML templates before Tera parses them: every
//! page repeats the theme's markup, and its indentation was a tenth of a page's bytes. A run of
//! whitespace that holds a line break becomes its line breaks alone, so a browser lays the page
//! out the same (a line break is one collapsible space, as the run was) and Tera's errors keep
//! their line numbers. Tera tags, attribute values and the insides of `pre`, `textarea`,
//! `script` and `style` are kept as they are.

/// Elements whose whitespace is content.
const RAW: [&str; 4] = ["pre", "textarea", "script", "style"];

#[derive(Default)]
struct Html {
    /// Inside `<...>`, and which quote an attribute value is open with.
    in_tag: bool,
    quote: Option<char>,
    /// The tag being read opens a raw element: its closing tag (`</pre`).
    opens_raw: Option<String>,
    /// Inside a raw element: its closing tag.
    raw: Option<String>,
}

/// `source` with the indentation of its literal text removed.
pub fn template(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut html = Html::default();
    let mut rest = source;
    while let Some(start) = tera_start(rest) {
        let close = match &rest[start + 1..start + 2] {
            "{" => "}}",
            "%" => "%}",
            _ => "#}",
        };
        let Some(len) = rest[start + 2..].find(close) else {
            break;
        };
        let end = start + 2 + len + close.len();
        html.text(&rest[..start], &mut out);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    html.text(rest, &mut out);
    out
}

fn tera_start(text: &str) -> Option<usize> {
    ["{{", "{%", "{#"]
        .iter()
        .filter_map(|open| text.find(open))
        .min()
}

impl Html {
    fn text(&mut self, text: &str, out: &mut String) {
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if let Some(close) = &self.raw {
                let here = text.get(i..i + close.len());
                if here.is_some_and(|h| h.eq_ignore_ascii_case(close)) {
                    self.raw = None;
                } else {
                    out.push(c);
                    continue;
                }
            }
            if c.is_ascii_whitespace() && self.quote.is_none() {
                let mut run = String::from(c);
                while let Some(&(_, w)) = chars.peek().filter(|(_, w)| w.is_ascii_whitespace()) {
                    run.push(w);
                    chars.next();
                }
                let breaks = run.matches('\n').count();
                if breaks == 0 {
                    out.push_str(&run);
                } else {
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
                continue;
            }
            out.push(c);
            self.step(c, &text[i + c.len_utf8()..]);
        }
    }

    fn step(&mut self, c: char, after: &str) {
        if !self.in_tag {
            let starts_tag = after
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!');
            if c == '<' && starts_tag {
                self.in_tag = true;
                let name: String = after
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                self.opens_raw = RAW
                    .iter()
                    .find(|r| name.eq_ignore_ascii_case(r))
                    .map(|r| format!("</{r}"));
            }
            return;
        }
        match (self.quote, c) {
            (Some(q), _) if q == c => self.quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => self.quote = Some(c),
            (None, '>') => {
                self.in_tag = false;
                self.raw = self.opens_raw.take();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn indentation_goes_and_line_breaks_stay() {
        let source = "<ul>\n  {%- for i in x %}\n    <li><a href=\"{{ i }}\">{{ i }}</a> <b>x</b></li>\n\n  {% endfor %}\n</ul>\n";
        assert_eq!(
            template(source),
            "<ul>\n{%- for i in x %}\n<li><a href=\"{{ i }}\">{{ i }}</a> <b>x</b></li>\n\n{% endfor %}\n</ul>\n"
        );
    }

    #[test]
    fn attribute_values_tera_tags_and_raw_elements_are_kept() {
        for kept in [
            "<p title=\"a\n   b\">x</p>",
            "{{ \"a\n   b\" }}",
            "{# a\n   b #}",
            "<pre>a\n   b</pre>",
            "<PRE class=x>a\n   b\n  </PRE>",
            "<textarea>\n  a</textarea>",
            "<script>\n  a</script>",
        ] {
            assert_eq!(template(kept), kept);
        }
        assert_eq!(template("<pre>a\n b</pre>\n  <p>"), "<pre>a\n b</pre>\n<p>");
        assert_eq!(template("<pref>\n  x"), "<pref>\nx");
    }

    /// The theme's templates lose only whitespace, and no line: a reader sees the same page and
    /// Tera's errors keep their line numbers.
    #[test]
    fn the_default_templates_lose_only_whitespace_and_keep_every_line() {
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for (name, source) in crate::render::theme::DEFAULTS {
            let compact = template(source);
            assert_eq!(squash(&compact), squash(source), "{name}");
            assert_eq!(compact.lines().count(), source.lines().count(), "{name}");
            if name.ends_with(".html") && source.contains("\n  <") {
                assert!(
                    compact.len() < source.len(),
                    "{name} had indentation to drop"
                );
            }
        }
    }
}
