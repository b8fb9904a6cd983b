//! .docx → plain text the text importer reads: one line per paragraph, with
//! automatic numbering written out ("1.", "a)", "-") and table rows as
//! "cell | cell".

use super::ImportError;

pub fn text_of(_bytes: &[u8]) -> Result<String, ImportError> {
    Err(ImportError::Docx("chưa hỗ trợ".into()))
}
