// The app manifest lists our commands: only the permissions granted in
// capabilities/ reach them, nothing else is callable from the window.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_status",
            "list_plans",
            "task_tree",
            "search_tasks",
        ]),
    ))
    .expect("tauri-build failed");
}
