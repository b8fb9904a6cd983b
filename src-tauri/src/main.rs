// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing keeps a GL renderer in the page's
    // process: about 90 MB more for a window of forms and lists (measured
    // in docs/benchmarks.md). Set before any thread or webview exists; an
    // officer's own setting wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    #[cfg(target_os = "linux")]
    vietnamese_dialogs();
    kehoach_app::run();
}

/// GTK's own dialogs (the file chooser, the print dialog) speak the
/// language gettext is asked for: Vietnamese first, unless the officer's
/// LANGUAGE says otherwise. gettext ignores LANGUAGE under the "C" locale,
/// so that one becomes C.UTF-8 (always present, formats unchanged).
#[cfg(target_os = "linux")]
fn vietnamese_dialogs() {
    if std::env::var_os("LANGUAGE").is_none() {
        std::env::set_var("LANGUAGE", "vi");
    }
    let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|k| {
        std::env::var(k)
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| (k, v))
    });
    match chosen {
        None => std::env::set_var("LC_MESSAGES", "C.UTF-8"),
        Some((k, v)) if v == "C" || v == "POSIX" => std::env::set_var(k, "C.UTF-8"),
        Some(_) => {}
    }
}
