//! Finding the PKCS#11 libraries installed on this machine, so a token is
//! chosen by its holder's name rather than by a library path. Looked for:
//! the modules registered with p11-kit (Debian's registry: OpenSC,
//! SoftHSM2 and the middleware that registers itself), then the libraries
//! in the usual install folders whose names say what they are (the token
//! middleware of the Vietnamese CAs installs such a library under /usr/lib
//! or /opt on Linux, under System32 or Program Files on Windows). Nothing
//! is loaded here: `scan` loads what was found, one library at a time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::token::{self, TokenCertificate};

/// The library a p11-kit module file names (its `module:` line). Pure.
pub fn registry_module(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("module:")?;
        let v = rest.trim();
        (!v.is_empty()).then(|| v.to_string())
    })
}

/// Is a file with this name a PKCS#11 module worth loading? Its name says
/// pkcs11, p11 or cryptoki, or names a token maker or a Vietnamese CA;
/// debugging wrappers and p11-kit's own proxy (which would list every
/// token twice) are not. Pure.
pub fn looks_like_module(file_name: &str) -> bool {
    let name = file_name.to_ascii_lowercase();
    let library = name.ends_with(".so")
        || name.contains(".so.")
        || name.ends_with(".dll")
        || name.ends_with(".dylib");
    if !library {
        return false;
    }
    const NOT: [&str; 5] = [
        "p11-kit",
        "pkcs11-spy",
        "onepin-",
        "libp11.",
        "pkcs11-helper",
    ];
    if NOT.iter().any(|n| name.contains(n)) {
        return false;
    }
    const SAYS: [&str; 14] = [
        "pkcs11",
        "pkcs#11",
        "p11",
        "cryptoki",
        "etoken",
        "etpkcs",
        "softhsm",
        "viettel",
        "vnpt",
        "bkav",
        "fpt-ca",
        "nacencomm",
        "vgca",
        "safenet",
    ];
    SAYS.iter().any(|s| name.contains(s))
}

/// The folders looked into, in order.
fn folders() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        for var in ["SystemRoot", "ProgramFiles", "ProgramFiles(x86)"] {
            if let Some(root) = std::env::var_os(var) {
                let root = PathBuf::from(root);
                if var == "SystemRoot" {
                    out.push(root.join("System32"));
                } else {
                    out.extend(subfolders(&root));
                }
            }
        }
    } else {
        for f in [
            "/usr/lib/x86_64-linux-gnu/pkcs11",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/x86_64-linux-gnu/softhsm",
            "/usr/lib/softhsm",
            "/usr/lib",
            "/usr/lib64",
            "/usr/local/lib",
        ] {
            out.push(PathBuf::from(f));
        }
        out.extend(subfolders(Path::new("/opt")));
    }
    out
}

/// `root`'s folders and their `lib` folder (where /opt and Program Files
/// installs keep libraries).
fn subfolders(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push(p.join("lib"));
            out.push(p.join("lib64"));
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The PKCS#11 libraries on this machine, each once (links resolved).
pub fn installed_modules() -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    let mut registries = vec![
        PathBuf::from("/etc/pkcs11/modules"),
        PathBuf::from("/usr/share/p11-kit/modules"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        registries.push(PathBuf::from(home).join(".config/pkcs11/modules"));
    }
    let folders = folders();
    for reg in registries {
        let Ok(entries) = std::fs::read_dir(&reg) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if f.extension().and_then(|e| e.to_str()) != Some("module") {
                continue;
            }
            let Some(module) = std::fs::read_to_string(&f)
                .ok()
                .as_deref()
                .and_then(registry_module)
            else {
                continue;
            };
            let path = PathBuf::from(&module);
            if path.is_absolute() {
                candidates.push(path);
            } else {
                // p11-kit resolves a bare name in its module folder.
                candidates.extend(folders.iter().map(|d| d.join(&module)));
            }
        }
    }
    for folder in &folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(looks_like_module)
            })
            .collect();
        files.sort();
        candidates.extend(files);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for c in candidates {
        let Ok(real) = std::fs::canonicalize(&c) else {
            continue;
        };
        if real.is_file() && seen.insert(real.clone()) {
            out.push(c);
        }
    }
    out
}

/// A certificate on a token, with where it is: what the officer picks.
#[derive(Debug, Clone, Serialize)]
pub struct FoundKey {
    /// The library's path, for signing (never shown).
    pub module: String,
    /// The library's file name: "libsofthsm2.so".
    pub module_name: String,
    pub slot: u64,
    pub token_label: String,
    pub certificate: TokenCertificate,
    /// As listed: "Nguyễn Văn An — UBND xã Tiền Phong — hết hạn
    /// 31/12/2027 (thiết bị Kehoach Test)".
    pub choice: String,
}

/// What a scan found: the keys, and the libraries that could not be read
/// (by file name, with the reason), so a missing token can be explained.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scan {
    pub keys: Vec<FoundKey>,
    pub modules: Vec<String>,
    pub unreadable: Vec<String>,
}

/// Every certificate that can sign documents on every token of the
/// libraries in `modules`. No PIN: certificates are public objects.
pub fn scan(modules: &[PathBuf]) -> Scan {
    let mut out = Scan::default();
    for module in modules {
        let module_name = module
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.modules.push(module_name.clone());
        let tokens = match token::list(module) {
            Ok(t) => t,
            Err(e) => {
                out.unreadable.push(format!("{module_name}: {e}"));
                continue;
            }
        };
        for t in tokens {
            for c in t.certificates {
                if !c.info.can_sign_documents {
                    continue;
                }
                let holder = match &c.info.organisation {
                    Some(o) => format!("{} — {o}", c.info.name),
                    None => c.info.name.clone(),
                };
                let choice = format!(
                    "{holder} — hết hạn {} (thiết bị {})",
                    c.info.not_after_label, t.label
                );
                out.keys.push(FoundKey {
                    module: module.to_string_lossy().into_owned(),
                    module_name: module_name.clone(),
                    slot: t.slot,
                    token_label: t.label.clone(),
                    certificate: c,
                    choice,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_module_is_read_from_its_module_line() {
        let softhsm = "# This file describes how to load the pk11 module\n\nmodule: /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so\n";
        assert_eq!(
            registry_module(softhsm).as_deref(),
            Some("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
        );
        assert_eq!(
            registry_module("module: opensc-pkcs11.so\ncritical: no").as_deref(),
            Some("opensc-pkcs11.so")
        );
        assert_eq!(registry_module("# nothing\nenable-in: firefox"), None);
    }

    #[test]
    fn libraries_are_told_by_their_names() {
        for yes in [
            "libsofthsm2.so",
            "opensc-pkcs11.so",
            "libeTPkcs11.so",
            "eTPKCS11.dll",
            "libviettel-ca_v5.so",
            "vnpt-ca_csp11.dll",
            "libcryptoki.so.1",
            "BkavCA.dll",
        ] {
            assert!(looks_like_module(yes), "{yes}");
        }
        for no in [
            "p11-kit-proxy.so",
            "libp11-kit.so.0",
            "pkcs11-spy.so",
            "onepin-opensc-pkcs11.so",
            "libcairo.so.2",
            "pkcs11.txt",
            "kernel32.dll",
        ] {
            assert!(!looks_like_module(no), "{no}");
        }
    }
}
