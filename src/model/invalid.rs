/// Input an officer gave that cannot be taken, said in the officer's words:
/// which field, and what is wrong with it. The pure checks return it; the
/// store and the office pass it on as `StoreError::Invalid`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Invalid {
        Invalid {
            field,
            message: message.into(),
        }
    }
}
