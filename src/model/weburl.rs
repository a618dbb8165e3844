//! Addresses written in front matter (homepages, footer links). Front matter is as untrusted
//! as Markdown, so only web and mail addresses are accepted: a `javascript:` URL is refused
//! where it is written, instead of becoming a link.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WebUrl(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a web address: write it in full, starting with https://, http:// or mailto:")]
pub struct NotWebUrl(String);

impl FromStr for WebUrl {
    type Err = NotWebUrl;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let rest = ["https://", "http://", "mailto:"]
            .iter()
            .find_map(|scheme| lower.strip_prefix(scheme));
        let valid = rest.is_some_and(|rest| !rest.is_empty())
            && !text
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
        if valid {
            Ok(WebUrl(text.to_string()))
        } else {
            Err(NotWebUrl(text.to_string()))
        }
    }
}

impl WebUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::serialize_display!(WebUrl);
crate::deserialize_from_str!(WebUrl, "a web address such as https://example.org/");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_and_mail_addresses_only() {
        for good in [
            "https://www.freebsd.org/",
            "http://a.org",
            "mailto:info@alpha-omega.dev",
            "HTTPS://A.ORG",
        ] {
            assert!(good.parse::<WebUrl>().is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "www.a.org",
            "https://",
            "https://a.org/\"onmouseover=x",
            "vbscript:x",
            "//a.org",
        ] {
            assert!(bad.parse::<WebUrl>().is_err(), "{bad}");
        }
    }
}
