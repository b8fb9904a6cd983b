//! What the office reads and writes as the store keeps it: rows to plain
//! data, with no rule of the office's own. (The jobs with rules are in the
//! other files of `office/`.)

use chrono::NaiveDate;
use uuid::Uuid;

use super::Office;
use crate::calendar::Period;
use crate::model::{
    Indicator, Plan, PlanDocument, PlanSection, PlanSummary, Progress, Report, ScheduleRule,
    TaskNode, Unit, UnitNode,
};
use crate::store::{
    Result, SignerEntry, SignerImage, Submission, TaskFilter, TrustedCertificate, UnitSigner,
};

impl Office {
    /// One indicator of a plan in force (not retired by a newer version).
    pub fn indicator(&self, id: Uuid) -> Result<Indicator> {
        self.store.indicator(id)
    }

    /// A stored plan as a whole document.
    pub fn plan_document(&self, id: Uuid) -> Result<PlanDocument> {
        self.store.plan_document(id)
    }

    pub fn plan(&self, id: Uuid) -> Result<Plan> {
        self.store.plan(id)
    }

    /// Plans, newest first.
    pub fn plans(&self) -> Result<Vec<PlanSummary>> {
        self.store.plans()
    }

    /// The plan's reporting rules, in the order the plan states them.
    pub fn schedule(&self, plan_id: Uuid) -> Result<Vec<ScheduleRule>> {
        self.store.schedule(plan_id)
    }

    /// The plan's parts (Mục đích, Mục tiêu, …), in order.
    pub fn sections(&self, plan_id: Uuid) -> Result<Vec<PlanSection>> {
        self.store.sections(plan_id)
    }

    /// The plan's legal bases ("reference") or recipients ("recipient").
    pub fn plan_texts(&self, plan_id: Uuid, role: &str) -> Result<Vec<String>> {
        self.store.plan_texts(plan_id, role)
    }

    pub fn indicators(&self, plan_id: Uuid) -> Result<Vec<Indicator>> {
        self.store.indicators(plan_id)
    }

    /// The latest version of a unit's report, if any.
    pub fn report(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Option<Report>> {
        self.store.report(plan, unit, period)
    }

    /// Every version, oldest first.
    pub fn report_versions(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Vec<Report>> {
        self.store.report_versions(plan, unit, period)
    }

    /// A stored report version by id.
    pub fn report_by_id(&self, report: Uuid) -> Result<Report> {
        self.store.report_by_id(report)
    }

    /// Who signed a report (the certificate's name), once signed.
    pub fn report_signer(&self, report: Uuid) -> Result<Option<String>> {
        self.store.report_signer(report)
    }

    /// The signed file of a report, as it was written when signed.
    pub fn signed_report_file(&self, report: Uuid) -> Result<Option<Vec<u8>>> {
        self.store.signed_report_file(report)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.store.setting(key)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.store.set_setting(key, value)
    }

    /// The officer's name, written into the audit log.
    pub fn officer_name(&self) -> Result<String> {
        self.store.officer_name()
    }

    /// The unit this database belongs to.
    pub fn my_unit_id(&self) -> Result<Uuid> {
        self.store.my_unit_id()
    }

    pub fn set_my_unit(&mut self, id: Uuid) -> Result<()> {
        self.store.set_my_unit(id)
    }

    /// The kept image, if any.
    pub fn signer_image(&self, kind: SignerImage) -> Result<Option<Vec<u8>>> {
        self.store.signer_image(kind)
    }

    /// The other signers, in the order they were added.
    pub fn signers(&self) -> Result<Vec<SignerEntry>> {
        self.store.signers()
    }

    pub fn signer_entry(&self, id: Uuid) -> Result<SignerEntry> {
        self.store.signer_entry(id)
    }

    /// Every stored submission for a plan and period, newest versions and
    /// history alike, in unit order.
    pub fn submissions(&self, plan: Uuid, period: &Period) -> Result<Vec<Submission>> {
        self.store.submissions(plan, period)
    }

    /// The stored file of a submission, byte for byte as received.
    pub fn submission_file(&self, id: Uuid) -> Result<Vec<u8>> {
        self.store.submission_file(id)
    }

    /// Tasks matching `filter`, flat (no children), in plan order.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskNode>> {
        self.store.tasks(filter)
    }

    /// The task of `plan` with the plan's own code ("III.2.a").
    pub fn task_by_code(&self, plan: Uuid, code: &str) -> Result<TaskNode> {
        self.store.task_by_code(plan, code)
    }

    /// The whole task tree of a plan.
    pub fn task_tree(&self, plan_id: Uuid) -> Result<Vec<TaskNode>> {
        self.store.task_tree(plan_id)
    }

    /// The trusted certificates, for checking signatures.
    pub fn trusted_certificates(&self) -> Result<Vec<x509_cert::Certificate>> {
        self.store.trusted_certificates()
    }

    /// The trusted certificates, described.
    pub fn trust_list(&self) -> Result<Vec<TrustedCertificate>> {
        self.store.trust_list()
    }

    /// The signers registered for `unit`, or for every unit.
    pub fn unit_signers(&self, unit: Option<Uuid>) -> Result<Vec<UnitSigner>> {
        self.store.unit_signers(unit)
    }

    /// Adds a unit (its parent, if any, must already exist).
    pub fn add_unit(&mut self, unit: &Unit) -> Result<Unit> {
        self.store.add_unit(unit)
    }

    /// Adds a unit this office begins to follow `today` (an officer adding
    /// it to the list): reports due before today are not expected of it
    /// here — they went on paper, or to someone else — unless its file for
    /// them arrives.
    pub fn add_unit_on(&mut self, unit: &Unit, today: NaiveDate) -> Result<Unit> {
        self.store.add_unit_on(unit, today)
    }

    /// The day this office began following the unit, if it was added with
    /// one ([`Office::add_unit_on`]).
    pub fn tracked_from(&self, unit: Uuid) -> Result<Option<NaiveDate>> {
        self.store.tracked_from(unit)
    }

    pub fn unit(&self, id: Uuid) -> Result<Unit> {
        self.store.unit(id)
    }

    /// A unit with this name, spelled the same way up to tone placement and
    /// dashes (the indexed `name_key`), if there is one.
    pub fn unit_named(&self, name: &str) -> Result<Option<Unit>> {
        self.store.unit_named(name)
    }

    /// All units in Vietnamese alphabetical order of their names.
    pub fn units(&self) -> Result<Vec<Unit>> {
        self.store.units()
    }

    /// Units as a forest: roots are units with no parent here. Children are
    /// in Vietnamese alphabetical order.
    pub fn unit_tree(&self) -> Result<Vec<UnitNode>> {
        self.store.unit_tree()
    }

    /// A unit's progress on a plan's tasks for a period, in plan order.
    pub fn progress(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<(String, Progress)>> {
        self.store.progress(plan, unit, period)
    }

    /// Tasks `unit` leads or takes part in with no progress for `period`.
    pub fn tasks_without_progress(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<(Uuid, String, String)>> {
        self.store.tasks_without_progress(plan, unit, period)
    }

    /// The current signed (and unsigned) files of a plan and period, with
    /// the data they carry.
    pub fn current_payloads(
        &self,
        plan: Uuid,
        period: &Period,
    ) -> Result<Vec<(Submission, crate::exchange::ReportPayload)>> {
        self.store.current_payloads(plan, period)
    }
}
