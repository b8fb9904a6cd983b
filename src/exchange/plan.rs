//! The plan file: a plan travelling down as a PDF the units below can read,
//! with the plan itself embedded (`kehoach-plan.json`, format
//! `kehoach-plan` v1) for them to import as their plan.

use serde::{Deserialize, Serialize};

use super::read::{signed_attachment, ExchangeError};
use crate::model::PlanDocument;
use crate::verify::SignatureCheck;

pub const PLAN_FORMAT: &str = "kehoach-plan";
pub const PLAN_FORMAT_VERSION: u32 = 1;
pub const PLAN_ATTACHMENT: &str = "kehoach-plan.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPayload {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// The plan as the issuing office holds it, its source text included:
    /// importing that text gives every office the same ids and hash.
    pub document: PlanDocument,
    pub created_at: String,
}

impl PlanPayload {
    pub fn new(document: PlanDocument, created_at: &str) -> PlanPayload {
        PlanPayload {
            format: PLAN_FORMAT.into(),
            format_version: PLAN_FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            document,
            created_at: created_at.into(),
        }
    }
}

/// The plan's PDF with the plan embedded.
pub fn plan_file(pdf: &[u8], payload: &PlanPayload) -> Result<Vec<u8>, ExchangeError> {
    super::attach::embed(
        pdf,
        PLAN_ATTACHMENT,
        "Kế hoạch (kehoach): nhiệm vụ, đơn vị, chỉ tiêu, chế độ báo cáo",
        &serde_json::to_vec_pretty(payload).expect("plan serializes"),
    )
}

/// The PDF carries a plan sent down by kehoach (its embedded plan), so it
/// is read as such and not as the text of a plan from elsewhere.
pub fn is_plan_file(bytes: &[u8]) -> bool {
    crate::verify::load(bytes).is_ok_and(|doc| {
        super::attach::embedded_files(&doc)
            .iter()
            .any(|(name, _)| name == PLAN_ATTACHMENT)
    })
}

/// A received plan file: signatures valid against `trust` when signed, the
/// embedded plan covered by them.
pub fn read_plan_file(
    bytes: &[u8],
    trust: &[x509_cert::Certificate],
) -> Result<(PlanPayload, Vec<SignatureCheck>), ExchangeError> {
    let (data, checks) = signed_attachment(bytes, trust, PLAN_ATTACHMENT)?;
    let v: serde_json::Value =
        serde_json::from_slice(&data).map_err(|e| ExchangeError::BadData(e.to_string()))?;
    match (v.get("format").and_then(|f| f.as_str()), v.get("format_version").and_then(|f| f.as_u64())) {
        (Some(PLAN_FORMAT), Some(n)) if n as u32 <= PLAN_FORMAT_VERSION => {}
        (Some(PLAN_FORMAT), Some(n)) => {
            return Err(ExchangeError::BadData(format!(
                "kế hoạch theo định dạng phiên bản {n}, mới hơn phiên bản {PLAN_FORMAT_VERSION} mà phần mềm này đọc được: hãy cập nhật kehoach"
            )))
        }
        _ => return Err(ExchangeError::BadData("không phải tệp kế hoạch của kehoach".into())),
    }
    let payload = serde_json::from_value(v).map_err(|e| ExchangeError::BadData(e.to_string()))?;
    Ok((payload, checks))
}
