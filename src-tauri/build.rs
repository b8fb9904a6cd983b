// The app manifest lists our commands: only the permissions granted in
// capabilities/ reach them, nothing else is callable from the window.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_status",
            "ui_ready",
            "list_plans",
            "task_tree",
            "search_tasks",
            "import_plan",
            "preview_plan",
            "dashboard",
            "entry_sheet",
            "save_progress",
            "save_value",
            "report_get",
            "report_draft",
            "report_edit",
            "report_finalize",
            "report_sign",
            "report_export",
            "import_reports",
            "completeness",
            "consolidate",
            "trust_add",
            "trust_list",
            "settings_list",
            "setting_set",
            "units",
            "unit_add",
            "unit_move",
            "unit_end",
            "officer_set",
            "token_list",
            "report_sign_token",
            "backup_now",
            "signer_image_set",
            "signer_images",
            "restore_backup",
        ]),
    ))
    .expect("tauri-build failed");
}
