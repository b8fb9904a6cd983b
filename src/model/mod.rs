//! Plain data: what an officer's work is made of. Serde types, no I/O.
//! Names follow the glossary in DESIGN.md (Kế hoạch = Plan, Đơn vị = Unit …).

mod indicator;
mod invalid;
mod plan;
mod progress;
mod report;
mod schedule;
mod section;
mod task;
mod unit;

pub use indicator::{Aggregation, Direction, Indicator};
pub use invalid::Invalid;
pub use plan::{Phase, Plan, PlanDocument, PlanSummary};
pub use progress::{achievement, IndicatorValue, Progress, TaskStatus, ValueView};
pub use report::{IndicatorRow, Report, ReportSection, ReportStatus, Signer};
pub use schedule::{ReportKind, ScheduleRule};
pub use section::{PlanSection, SectionKind};
pub use task::{Task, TaskNode, TaskUnitGroup, TaskUnitRole};
pub use unit::{short_name_of, Unit, UnitKind, UnitNode};
