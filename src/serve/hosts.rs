//! Which `Host` values the preview answers. A page on evil.example whose name is made to
//! resolve to 127.0.0.1 (DNS rebinding) sends `Host: evil.example`; only names of the
//! server's own address, and those the user gave, are served.

/// The accepted `Host` values, lower-case, exactly as a browser sends them.
#[derive(Debug)]
pub struct Hosts(Vec<String>);

impl Hosts {
    /// The loopback names on `port`, the `--host` address, and the host of a `-u` base URL.
    pub fn new(host: &str, port: u16, base_url: Option<&str>) -> Hosts {
        let mut hosts = Hosts(Vec::new());
        for name in ["127.0.0.1", "localhost", "[::1]"] {
            hosts.add_with_port(name, port, 80);
        }
        let host = host.to_ascii_lowercase();
        let host = match host.contains(':') {
            true => format!("[{host}]"),
            false => host,
        };
        hosts.add_with_port(&host, port, 80);
        if let Some((authority, default_port)) = base_url.and_then(authority) {
            match authority.rsplit_once(':').filter(|(_, p)| !p.contains(']')) {
                Some((name, port)) => match port.parse() {
                    Ok(port) => hosts.add_with_port(name, port, default_port),
                    Err(_) => hosts.add(authority.clone()),
                },
                None => hosts.add_with_port(&authority, default_port, default_port),
            }
        }
        hosts
    }

    /// `name:port`, and the bare name too where the port is the scheme's default (browsers
    /// leave it out).
    fn add_with_port(&mut self, name: &str, port: u16, default_port: u16) {
        self.add(format!("{name}:{port}"));
        if port == default_port {
            self.add(name.to_string());
        }
    }

    fn add(&mut self, host: String) {
        if !self.0.contains(&host) {
            self.0.push(host);
        }
    }

    pub fn allows(&self, host: Option<&str>) -> bool {
        host.is_some_and(|h| self.0.iter().any(|ok| ok.eq_ignore_ascii_case(h)))
    }

    /// For the refusal: the first three are the loopback names on the server's port.
    pub fn listed(&self) -> String {
        self.0
            .iter()
            .filter(|h| h.contains(':'))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The `host[:port]` of an http(s) URL, lower-case and without user info, and its scheme's
/// default port.
fn authority(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!authority.is_empty()).then(|| (authority.to_ascii_lowercase(), default_port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_on_the_port_are_allowed_and_nothing_else() {
        let hosts = Hosts::new("127.0.0.1", 1111, None);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(Some(ok)), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1",
            "127.0.0.1:2222",
            "localhost.evil.example:1111",
            "",
        ] {
            assert!(!hosts.allows(Some(refused)), "{refused}");
        }
        assert!(!hosts.allows(None));
    }

    #[test]
    fn the_given_host_and_the_base_url_host_are_allowed() {
        let hosts = Hosts::new(
            "192.168.1.5",
            1111,
            Some("https://user@Preview.Example/sub/"),
        );
        assert!(hosts.allows(Some("192.168.1.5:1111")));
        assert!(hosts.allows(Some("preview.example")));
        assert!(hosts.allows(Some("preview.example:443")));
        assert!(!hosts.allows(Some("preview.example:1111")));
        let v6 = Hosts::new("::", 80, Some("http://[fd00::1]:8080/"));
        assert!(v6.allows(Some("[::]")));
        assert!(v6.allows(Some("localhost")));
        assert!(v6.allows(Some("[fd00::1]:8080")));
        assert!(!v6.allows(Some("[fd00::1]")));
    }
}
