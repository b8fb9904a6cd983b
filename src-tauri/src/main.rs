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
    kehoach_app::run();
}
