//! Which files from engagement folders may be published. Grantees write those folders and the
//! site is served from the program's own domain, where a page's CSP does not reach a file
//! opened on its own: only inert types are copied, an SVG only once vetted, none over the size
//! limit. Checked in `load`, so `check` and `build` refuse the same files.

mod svg;

use super::raw::RawAssetRules;
use super::text::MAX_TEXT_BYTES;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{AssetRules, At};
use std::path::Path;

/// Types that no browser runs, whatever their bytes: images, PDF and CSV (browsers refuse to
/// execute `image/*` and `text/csv` as script). `svg` is here because it is always vetted.
/// Text files (`.md`, `.txt`, no extension) never reach this list: they become pages.
pub const INERT_TYPES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "csv",
];

const MB: u64 = 1024 * 1024;

/// Checks one asset of an engagement folder against the site's rules: its type, its size (from
/// metadata, so a huge sparse file is never read), and, for an SVG, its content.
pub fn vet(path: &Path, rel: &str, rules: &AssetRules) -> Result<(), Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = extension(name);
    if !allowed(&ext, rules) {
        return Err(not_inert(rel, name, &ext));
    }
    let bytes = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(Code::CannotRead, rel, format!("cannot read: {e}")))?
        .len();
    if bytes > rules.max_mb.saturating_mul(MB) {
        return Err(too_large(rel, name, bytes, rules.max_mb));
    }
    if ext == "svg" {
        vet_svg(path, rel, name, bytes)?;
    }
    Ok(())
}

/// The last extension, lowercase: `x.png.html` is an HTML file to a web server, so to us too.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map_or("", |(_, ext)| ext)
        .to_ascii_lowercase()
}

fn allowed(ext: &str, rules: &AssetRules) -> bool {
    !ext.is_empty() && (INERT_TYPES.contains(&ext) || rules.extra_types.iter().any(|t| t == ext))
}

fn not_inert(rel: &str, name: &str, ext: &str) -> Diagnostic {
    let kind = if ext.is_empty() {
        "a file without an extension is not one of them".to_string()
    } else {
        format!(".{ext} is not one of them")
    };
    Diagnostic::error(Code::AssetType,
        rel,
        format!(
            "`{name}`: engagement folders publish only inert files ({}); {kind}",
            INERT_TYPES.join(", ")
        ),
    )
    .hint(format!(
        "remove the file, or export it as PDF or an image; if the site owner trusts this type, add `{}` to `assets: {{ extra_types: [...] }}` in content/program.yaml",
        if ext.is_empty() { "its extension" } else { ext }
    ))
}

fn too_large(rel: &str, name: &str, bytes: u64, max_mb: u64) -> Diagnostic {
    Diagnostic::error(Code::AssetTooLarge,
        rel,
        format!(
            "`{name}` is {} MB; files in engagement folders are limited to {max_mb} MB",
            bytes.div_ceil(MB)
        ),
    )
    .hint("make the file smaller or link to it elsewhere; the site owner can raise the limit with `assets: { max_mb: N }` in content/program.yaml")
}

fn vet_svg(path: &Path, rel: &str, name: &str, bytes: u64) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(Code::UnsafeSvg, rel, format!("`{name}` is not a provably inert SVG: {why}")).hint(
            "remove that part from the SVG, or export the image as PNG; SVGs from engagement folders may hold no scripts, event attributes, foreignObject, external references or DOCTYPE",
        )
    };
    // The SVG is parsed whole, so it gets the limit text files have.
    if bytes > MAX_TEXT_BYTES as u64 {
        return Err(refuse(format!(
            "it is {} MB, and SVGs are parsed, so they are limited to {} MB",
            bytes.div_ceil(MB),
            MAX_TEXT_BYTES as u64 / MB
        )));
    }
    let data = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Code::CannotRead, rel, format!("cannot read: {e}")))?;
    let text = std::str::from_utf8(&data)
        .map_err(|e| refuse(format!("it is not UTF-8 (byte {})", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    svg::vet(text).map_err(|o| {
        refuse(format!("{} at line {}", o.what, o.line)).at(o.line as usize, o.column as usize)
    })
}

/// `assets:` from program.yaml, checked: extensions are bare words (`mp4`, not `.mp4` or
/// `*.mp4`) so that what the owner wrote is what is matched.
pub fn rules(rel: &str, at: At<'_>, raw: RawAssetRules) -> Result<AssetRules, Diagnostic> {
    let mut extra_types = Vec::new();
    for (i, written) in raw.extra_types.into_iter().enumerate() {
        let ext = written.trim().to_ascii_lowercase();
        if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Diagnostic::error(
                Code::InvalidSetting,
                rel,
                format!("assets.extra_types: `{written}` is not a file extension"),
            )
            .at_span(at.key("extra_types").nth(i).value())
            .hint("write extensions without the dot, e.g. `extra_types: [mp4, zip]`"));
        }
        extra_types.push(ext);
    }
    let max_mb = raw.max_mb.unwrap_or(AssetRules::DEFAULT_MAX_MB);
    if max_mb == 0 {
        return Err(Diagnostic::error(
            Code::InvalidSetting,
            rel,
            "assets.max_mb: the limit must be at least 1 MB",
        )
        .at_span(at.key("max_mb").value())
        .hint("leave `max_mb` out for the default of 20 MB"));
    }
    Ok(AssetRules {
        extra_types,
        max_mb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Spans;

    fn with_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn verdict(name: &str, bytes: &[u8], rules: &AssetRules) -> Result<(), String> {
        let (_dir, path) = with_file(name, bytes);
        vet(&path, &format!("content/engagements/2024/x/{name}"), rules).map_err(|d| d.message)
    }

    #[test]
    fn publishes_only_inert_types_judged_by_the_last_extension() {
        let rules = AssetRules::default();
        for name in [
            "a.png",
            "b.JPG",
            "c.jpeg",
            "d.gif",
            "e.webp",
            "f.avif",
            "g.PDF",
            "h.csv",
            "x.html.png",
        ] {
            assert_eq!(verdict(name, b"data", &rules), Ok(()), "{name}");
        }
        for name in [
            "evil.html",
            "a.htm",
            "a.xhtml",
            "a.xml",
            "a.js",
            "a.mjs",
            "a.css",
            "a.wasm",
            "x.png.html",
            "x.PNG.HTML",
            "a.shtml",
            "a.svgz",
            "a.json",
            "noext.",
        ] {
            let err = verdict(name, b"<script>alert(1)</script>", &rules).unwrap_err();
            assert!(
                err.contains("engagement folders publish only inert files (png, jpg"),
                "{name}: {err}"
            );
            assert!(err.starts_with(&format!("`{name}`")), "{err}");
        }
        assert!(
            verdict("evil.html", b"", &rules)
                .unwrap_err()
                .ends_with("; .html is not one of them")
        );
        assert!(
            verdict("x.", b"", &rules)
                .unwrap_err()
                .contains("without an extension")
        );
    }

    #[test]
    fn the_site_may_add_types_but_an_svg_is_still_vetted() {
        let rules = AssetRules {
            extra_types: vec!["mp4".into(), "svg".into()],
            ..AssetRules::default()
        };
        assert_eq!(verdict("clip.MP4", b"data", &rules), Ok(()));
        assert!(verdict("a.html", b"", &rules).is_err());
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        let err = verdict("a.svg", svg, &rules).unwrap_err();
        assert!(err.contains("a `<script>` element at line 1"), "{err}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_from_its_size_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.png");
        let file = std::fs::File::create(&path).unwrap();
        // Sparse: 8 GB that take no disk, and must not be read.
        file.set_len(8 * 1024 * MB).unwrap();
        let err = vet(&path, "huge.png", &AssetRules::default()).unwrap_err();
        assert_eq!(
            err.message,
            "`huge.png` is 8192 MB; files in engagement folders are limited to 20 MB"
        );
        assert!(err.hint.unwrap().contains("max_mb"));
        file.set_len(20 * MB).unwrap();
        assert!(
            vet(&path, "huge.png", &AssetRules::default()).is_ok(),
            "the limit itself is fine"
        );
        let raised = AssetRules {
            max_mb: 9000,
            ..AssetRules::default()
        };
        file.set_len(8 * 1024 * MB).unwrap();
        assert!(vet(&path, "huge.png", &raised).is_ok());
    }

    #[test]
    fn a_refused_svg_names_the_construct_and_its_line() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect/>\n  <rect onclick=\"x()\"/>\n</svg>\n";
        let (_dir, path) = with_file("a.svg", svg);
        let err = vet(&path, "a.svg", &AssetRules::default()).unwrap_err();
        assert_eq!(
            err.message,
            "`a.svg` is not a provably inert SVG: an event attribute `onclick` at line 3"
        );
        assert_eq!((err.line, err.column), (3, 9));
    }

    #[test]
    fn reads_the_settings_strictly() {
        let raw = |types: &[&str], max_mb| RawAssetRules {
            extra_types: types.iter().map(|s| s.to_string()).collect(),
            max_mb,
        };
        assert_eq!(
            rules("p.yaml", Spans::default().root(), raw(&[" MP4 "], Some(50))),
            Ok(AssetRules {
                extra_types: vec!["mp4".into()],
                max_mb: 50
            })
        );
        assert_eq!(
            rules("p.yaml", Spans::default().root(), raw(&[], None)),
            Ok(AssetRules::default())
        );
        for bad in [".mp4", "*.mp4", "", "tar.gz"] {
            let err = rules("p.yaml", Spans::default().root(), raw(&[bad], None)).unwrap_err();
            assert!(err.message.contains("is not a file extension"), "{bad}");
        }
        assert!(rules("p.yaml", Spans::default().root(), raw(&[], Some(0))).is_err());
    }
}
