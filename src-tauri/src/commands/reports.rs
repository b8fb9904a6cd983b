use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use kehoach::model::Report;
use kehoach::office::ReportView;

use super::entry::period;
use crate::error::ApiResult;
use crate::AppState;

fn view(s: &kehoach::Office, report: Report) -> Result<ReportView, kehoach::StoreError> {
    s.report_view(report)
}

#[tauri::command(async)]
pub fn report_get(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
) -> ApiResult<Option<ReportView>> {
    let p = self::period(&period)?;
    state.with_store(|s| {
        s.report(plan_id, s.my_unit_id()?, &p)?
            .map(|r| view(s, r))
            .transpose()
    })
}

/// The sections a redraft from the data would write again, as they are now
/// (asked before redrafting).
#[tauri::command(async)]
pub fn report_redraft_replaces(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
) -> ApiResult<Vec<kehoach::model::ReportSection>> {
    let p = self::period(&period)?;
    state.with_store(|s| s.redraft_replaces(plan_id, s.my_unit_id()?, &p))
}

/// The draft as it was before it was last redrafted from the data.
#[tauri::command(async)]
pub fn report_restore_edits(state: State<AppState>, report_id: Uuid) -> ApiResult<ReportView> {
    state.with_store(|s| {
        let r = s.restore_replaced_draft(report_id)?;
        view(s, r)
    })
}

#[tauri::command(async)]
pub fn report_draft(
    state: State<AppState>,
    plan_id: Uuid,
    period: String,
    regenerate: bool,
) -> ApiResult<ReportView> {
    let p = self::period(&period)?;
    state.with_store(|s| {
        let me = s.my_unit_id()?;
        let r = s.draft_report(plan_id, me, &p, regenerate)?;
        view(s, r)
    })
}

#[tauri::command(async)]
pub fn report_edit(
    state: State<AppState>,
    report_id: Uuid,
    section: String,
    text: String,
) -> ApiResult<ReportView> {
    state.with_store(|s| {
        let r = s.edit_report_section(report_id, &section, &text)?;
        view(s, r)
    })
}

/// Finalises (number, date) with the settings' signer or another kept one.
#[tauri::command(async)]
pub fn report_finalize(
    state: State<AppState>,
    report_id: Uuid,
    signer: Option<Uuid>,
) -> ApiResult<ReportView> {
    let today = state.today();
    state.with_store(|s| {
        let r = s.finalize_report_with(report_id, today, signer)?;
        view(s, r)
    })
}

#[derive(Serialize)]
pub struct Signed {
    view: ReportView,
    warnings: Vec<String>,
}

/// Signs with a .p12 file picked in the window; the password is used once.
#[tauri::command(async)]
pub fn report_sign(
    state: State<AppState>,
    report_id: Uuid,
    p12: Vec<u8>,
    password: String,
    images: Images,
) -> ApiResult<Signed> {
    let key = kehoach::sign::P12Signer::open(&p12, &password)?;
    drop(password);
    sign_with(&state, report_id, &key, images)
}

/// The images to show on this signature: picked now, or the kept ones.
#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Images {
    image: Option<Vec<u8>>,
    seal: Option<Vec<u8>>,
    use_saved: SavedImages,
}

/// Which kept images to show when none is picked for this signing.
#[derive(serde::Deserialize, Default, Clone, Copy)]
#[serde(default)]
struct SavedImages {
    signature: bool,
    seal: bool,
}

impl Images {
    /// Fills in the kept images where asked and none was picked.
    fn resolved(mut self, state: &AppState, report_id: Uuid) -> ApiResult<Images> {
        let kept = state.with_store(|s| {
            s.kept_images_for(
                report_id,
                self.image.is_none() && self.use_saved.signature,
                self.seal.is_none() && self.use_saved.seal,
            )
        })?;
        self.image = self.image.or(kept.signature);
        self.seal = self.seal.or(kept.seal);
        Ok(self)
    }
}

fn sign_with(
    state: &AppState,
    report_id: Uuid,
    key: &dyn kehoach::sign::KeySource,
    images: Images,
) -> ApiResult<Signed> {
    let images = images.resolved(state, report_id)?;
    let image = images
        .image
        .map(|b| kehoach::sign::Png::decode(&b, "ảnh chữ ký"))
        .transpose()?;
    let seal = images
        .seal
        .map(|b| kehoach::sign::Png::decode(&b, "ảnh con dấu"))
        .transpose()?;
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("offset");
    state.with_store(|s| -> Result<_, kehoach::OfficeError> {
        let opts = kehoach::sign::SignOptions {
            time: s.now().with_timezone(&vn),
            image: image.as_ref(),
            seal: seal.as_ref(),
        };
        let (r, _, warnings) = s.sign_report(report_id, key, &opts)?;
        Ok(Signed {
            view: view(s, r)?,
            warnings,
        })
    })
}

/// The certificates on the tokens of every PKCS#11 library installed here,
/// by holder (no PIN).
#[tauri::command(async)]
pub fn token_scan() -> ApiResult<kehoach::sign::modules::Scan> {
    Ok(kehoach::sign::modules::scan(
        &kehoach::sign::modules::installed_modules(),
    ))
}

/// Signs with a USB token: the PIN is used for one login, never retried.
#[tauri::command(async)]
pub fn report_sign_token(
    state: State<AppState>,
    report_id: Uuid,
    module: String,
    slot: Option<u64>,
    pin: String,
    images: Images,
) -> ApiResult<Signed> {
    let key = kehoach::sign::token::TokenSigner::open(std::path::Path::new(&module), slot, &pin)?;
    drop(pin);
    sign_with(&state, report_id, &key, images)
}

/// Writes the signed file into the export folder; returns its path.
#[tauri::command(async)]
pub fn report_export(state: State<AppState>, report_id: Uuid) -> ApiResult<String> {
    state.with_store(|s| {
        s.export_signed_report(report_id, &state.export_dir)
            .map(|p| p.display().to_string())
    })
}

/// Where "Lưu thành…" proposes to save a report's signed file.
#[tauri::command(async)]
pub fn report_save_suggestion(state: State<AppState>, report_id: Uuid) -> ApiResult<String> {
    state.with_store(|s| {
        s.signed_report_file_name(report_id)
            .map(|name| state.export_dir.join(name).display().to_string())
    })
}

/// Writes the signed file where the officer chose in the save dialog
/// (never over an existing file).
#[tauri::command(async)]
pub fn report_export_as(
    state: State<AppState>,
    report_id: Uuid,
    path: String,
) -> ApiResult<String> {
    state.with_store(|s| {
        s.export_signed_report_to(report_id, std::path::Path::new(&path))
            .map(|_| path.clone())
    })
}

/// The report's PDF for the preview and printing, as raw bytes (not JSON).
#[tauri::command(async)]
pub fn report_pdf(state: State<AppState>, report_id: Uuid) -> ApiResult<tauri::ipc::Response> {
    state.with_store(|s| {
        let now = s.received_at(state.today);
        s.report_pdf(report_id, &now).map(tauri::ipc::Response::new)
    })
}

/// Opens the system's print dialog for the window's page; the page's print
/// stylesheet keeps only the report's drawn PDF pages.
#[tauri::command(async)]
pub fn print_window(window: tauri::WebviewWindow) -> ApiResult<()> {
    window.print().map_err(|e| crate::error::ApiError {
        code: "print",
        message: format!("Không mở được hộp thoại in: {e}"),
    })
}

/// Where "Xuất Word…" proposes to save the report's .docx.
#[tauri::command(async)]
pub fn report_docx_suggestion(state: State<AppState>, report_id: Uuid) -> ApiResult<String> {
    state.with_store(|s| {
        s.report_docx_file_name(report_id)
            .map(|name| state.export_dir.join(name).display().to_string())
    })
}

/// The report's .docx written where the officer chose.
#[tauri::command(async)]
pub fn report_docx_save(state: State<AppState>, report_id: Uuid, path: String) -> ApiResult<usize> {
    state.with_store(|s| s.save_report_docx_to(report_id, std::path::Path::new(&path)))
}

fn docx_request<'a>(
    request: &'a tauri::ipc::Request<'_>,
) -> ApiResult<(Uuid, crate::commands::RawFile<'a>)> {
    let id = Uuid::parse_str(crate::commands::header(request, "x-report")).map_err(|_| {
        crate::error::ApiError {
            code: "invalid",
            message: "Chưa có báo cáo để nhận bản Word.".into(),
        }
    })?;
    Ok((id, crate::commands::RawFile::of(request)?))
}

/// A leader's edited .docx (raw; the report in a header): what it changes,
/// section by section; nothing stored.
#[tauri::command(async)]
pub fn report_docx_preview(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<kehoach::word::read::DocxEdit> {
    let (id, file) = docx_request(&request)?;
    state.with_store(|s| s.preview_report_docx(id, file.bytes))
}

/// The same file's sections stored; the report as it is now.
#[tauri::command(async)]
pub fn report_docx_import(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<(ReportView, kehoach::word::read::DocxEdit)> {
    let (id, file) = docx_request(&request)?;
    state.with_store(|s| {
        let (r, edit) = s.edit_report_from_docx(id, file.bytes)?;
        Ok::<_, kehoach::OfficeError>((view(s, r)?, edit))
    })
}
