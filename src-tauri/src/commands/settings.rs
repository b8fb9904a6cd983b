use serde::Serialize;
use tauri::State;

use kehoach::store::TrustedCertificate;

use super::PickedFile;
use crate::error::ApiResult;
use crate::AppState;

#[tauri::command(async)]
pub fn trust_add(state: State<AppState>, file: PickedFile) -> ApiResult<Vec<TrustedCertificate>> {
    state.with_store(|s| s.trust_certificates(&file.bytes, &file.name))
}

/// Stops trusting a CA; returns it.
#[tauri::command(async)]
pub fn trust_remove(state: State<AppState>, fingerprint: String) -> ApiResult<TrustedCertificate> {
    state.with_store(|s| s.untrust_certificate(&fingerprint))
}

#[tauri::command(async)]
pub fn trust_list(state: State<AppState>) -> ApiResult<Vec<TrustedCertificate>> {
    state.with_store(|s| s.trust_list())
}

#[derive(Serialize)]
pub struct Setting {
    key: &'static str,
    about: &'static str,
    value: String,
}

#[tauri::command(async)]
pub fn settings_list(state: State<AppState>) -> ApiResult<Vec<Setting>> {
    state.with_store(|s| {
        kehoach::office::REPORT_SETTINGS
            .iter()
            .map(|(key, about)| {
                Ok(Setting {
                    key,
                    about,
                    value: s.setting(key)?.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, kehoach::StoreError>>()
    })
}

#[tauri::command(async)]
pub fn setting_set(state: State<AppState>, key: String, value: String) -> ApiResult<()> {
    state.with_store(|s| s.set_report_setting(&key, &value))
}

/// Where a backup made now is written unless the officer chooses: the
/// export folder, under a name with the date and time.
#[tauri::command(async)]
pub fn backup_suggestion(state: State<AppState>) -> ApiResult<String> {
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(s.backup_suggestion(&state.export_dir).display().to_string())
    })
}

/// SQLite's online backup to `path` (from the save dialog), or into the
/// export folder; never over an existing file. Returns the file.
#[tauri::command(async)]
pub fn backup_now(state: State<AppState>, path: Option<String>) -> ApiResult<String> {
    state.with_store(|s| {
        let dest = match &path {
            Some(p) => std::path::PathBuf::from(p),
            None => s.backup_suggestion(&state.export_dir),
        };
        let dir = dest.parent().unwrap_or(std::path::Path::new("."));
        std::fs::create_dir_all(dir).map_err(|source| kehoach::StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        s.store()
            .backup_to(&dest)
            .map(|_| dest.display().to_string())
    })
}

/// Restores a backup the officer picked (sent raw: a database may be tens
/// of megabytes); the current database is kept aside first. Returns where
/// it was kept.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<String> {
    let file = super::RawFile::of(&request)?;
    state.with_store(|s| {
        let aside = s.aside_path();
        s.store_mut()
            .restore_from_bytes(file.bytes, &file.name, &aside)
            .map(|_| aside.display().to_string())
    })
}

/// Keeps the signer's signature image or the agency's seal image; returns
/// the warnings about it.
#[tauri::command(async)]
pub fn signer_image_set(
    state: State<AppState>,
    kind: kehoach::store::SignerImage,
    file: PickedFile,
) -> ApiResult<Vec<String>> {
    state.with_store(|s| s.set_signer_image(kind, &file.bytes))
}

#[derive(Serialize)]
pub struct KeptImages {
    signature: bool,
    seal: bool,
}

#[tauri::command(async)]
pub fn signer_images(state: State<AppState>) -> ApiResult<KeptImages> {
    use kehoach::store::SignerImage;
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(KeptImages {
            signature: s.signer_image(SignerImage::Signature)?.is_some(),
            seal: s.signer_image(SignerImage::Seal)?.is_some(),
        })
    })
}

#[derive(Serialize)]
pub struct Signers {
    /// The signer of the report settings (used unless another is chosen).
    default: kehoach::model::Signer,
    others: Vec<kehoach::store::SignerEntry>,
}

#[tauri::command(async)]
pub fn signers(state: State<AppState>) -> ApiResult<Signers> {
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(Signers {
            default: s.report_settings()?.signer,
            others: s.signers()?,
        })
    })
}

/// Adds another signer, with a signature image if one was picked; returns
/// the warnings about the image.
#[tauri::command(async)]
pub fn signer_add(
    state: State<AppState>,
    name: String,
    authority: String,
    signature: Option<PickedFile>,
) -> ApiResult<Vec<String>> {
    let signer = kehoach::model::Signer {
        name,
        authority: authority.lines().map(str::to_string).collect(),
    };
    state.with_store(|s| {
        s.add_signer(&signer, signature.as_ref().map(|f| f.bytes.as_slice()))
            .map(|(_, warnings)| warnings)
    })
}

#[tauri::command(async)]
pub fn signer_remove(state: State<AppState>, signer_id: uuid::Uuid) -> ApiResult<()> {
    state.with_store(|s| s.remove_signer(signer_id))
}

/// Who signs for each unit below mine.
#[tauri::command(async)]
pub fn unit_signers(state: State<AppState>) -> ApiResult<Vec<kehoach::store::UnitSigner>> {
    state.with_store(|s| s.unit_signers(None))
}

/// Stops counting a signer's new files as the unit's.
#[tauri::command(async)]
pub fn unit_signer_remove(
    state: State<AppState>,
    unit_id: uuid::Uuid,
    fingerprint: String,
) -> ApiResult<kehoach::store::UnitSigner> {
    state.with_store(|s| s.remove_unit_signer(unit_id, &fingerprint))
}
