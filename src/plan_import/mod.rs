//! Vietnamese plan text or .docx → a [`PlanDocument`](crate::model::PlanDocument)
//! with warnings. Pure: bytes in, plan out; storing it is the store's job.

pub mod decode;
pub mod outline;
pub mod units;
