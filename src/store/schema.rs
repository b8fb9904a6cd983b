//! The schema as an append-only list of migrations. Version N of the schema is
//! the first N steps applied; `PRAGMA user_version` records N. Steps are never
//! edited or removed once released: a change is a new step.

use rusqlite::Transaction;

use super::Result;

pub(crate) enum Step {
    Sql(&'static str),
    /// Data migrations that need Rust (e.g. Vietnamese folding).
    Rust(fn(&Transaction) -> Result<()>),
}

/// Identifies a kehoach database (`PRAGMA application_id`): "KHOC".
pub const APPLICATION_ID: i32 = 0x4B48_4F43;

pub(crate) const MIGRATIONS: &[&[Step]] = &[
    // 1: units, plans, phases, the task tree and who leads it.
    &[Step::Sql(
        "
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE units (
            id         BLOB PRIMARY KEY,
            name       TEXT NOT NULL,
            short_name TEXT NOT NULL,
            kind       TEXT NOT NULL,
            admin_code TEXT,
            reports_to BLOB REFERENCES units(id),
            valid_from TEXT,
            valid_to   TEXT,
            name_key   TEXT NOT NULL
        );
        CREATE INDEX units_reports_to ON units(reports_to);
        CREATE INDEX units_name_key ON units(name_key);
        CREATE TABLE plans (
            id           BLOB PRIMARY KEY,
            doc_number   TEXT NOT NULL,
            issued_on    TEXT NOT NULL,
            issuer       TEXT NOT NULL,
            place        TEXT,
            signer_name  TEXT,
            signer_title TEXT,
            title        TEXT NOT NULL,
            start_year   INTEGER NOT NULL,
            end_year     INTEGER NOT NULL,
            version      INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            source_text  TEXT,
            stored_at    TEXT NOT NULL
        );
        CREATE TABLE plan_phases (
            plan_id    BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            name       TEXT NOT NULL,
            start_year INTEGER NOT NULL,
            end_year   INTEGER NOT NULL,
            PRIMARY KEY (plan_id, position)
        );
        CREATE TABLE tasks (
            id           BLOB PRIMARY KEY,
            plan_id      BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            parent_id    BLOB REFERENCES tasks(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            code         TEXT NOT NULL,
            title        TEXT NOT NULL,
            content      TEXT NOT NULL,
            phase        TEXT,
            deadline     TEXT,
            source_start INTEGER,
            source_end   INTEGER
        );
        CREATE INDEX tasks_plan ON tasks(plan_id, position);
        CREATE INDEX tasks_parent ON tasks(parent_id);
        CREATE TABLE task_units (
            task_id  BLOB NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit_id  BLOB NOT NULL REFERENCES units(id),
            role     TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
            position INTEGER NOT NULL,
            PRIMARY KEY (task_id, unit_id, role)
        );
        CREATE INDEX task_units_unit ON task_units(unit_id, role);
        ",
    )],
    // 2: indicators, the audit log, and a folded search key on tasks.
    &[
        Step::Sql(
            "
            CREATE TABLE indicators (
                id           BLOB PRIMARY KEY,
                plan_id      BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
                task_id      BLOB REFERENCES tasks(id) ON DELETE SET NULL,
                position     INTEGER NOT NULL,
                name         TEXT NOT NULL,
                measure_unit TEXT NOT NULL,
                target_value REAL,
                target_date  TEXT,
                baseline     REAL,
                direction    TEXT NOT NULL CHECK (direction IN ('up', 'down')),
                aggregation  TEXT NOT NULL CHECK (aggregation IN ('sum', 'ratio', 'yes_no', 'text')),
                numerator    TEXT,
                denominator  TEXT,
                min_value    REAL,
                max_value    REAL
            );
            CREATE INDEX indicators_plan ON indicators(plan_id, position);
            CREATE TABLE audit_log (
                id        INTEGER PRIMARY KEY,
                at        TEXT NOT NULL,
                officer   TEXT NOT NULL,
                entity    TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                action    TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT
            );
            CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
            ALTER TABLE tasks ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
            ",
        ),
        Step::Rust(backfill_task_search_keys),
    ],
    // 3: what the plan importer reads besides tasks: reporting rules, legal
    // bases and recipients, and unit groups named by tasks.
    &[Step::Sql(
        "
        CREATE TABLE plan_schedule (
            plan_id       BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position      INTEGER NOT NULL,
            kind          TEXT NOT NULL,
            due_day       INTEGER,
            due_month     INTEGER,
            due_next_year INTEGER NOT NULL DEFAULT 0,
            review_year   INTEGER,
            reporter      TEXT,
            recipient     TEXT,
            via           TEXT,
            source        TEXT NOT NULL,
            source_start  INTEGER,
            source_end    INTEGER,
            PRIMARY KEY (plan_id, position)
        );
        CREATE TABLE plan_texts (
            plan_id  BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            role     TEXT NOT NULL CHECK (role IN ('reference', 'recipient')),
            position INTEGER NOT NULL,
            text     TEXT NOT NULL,
            PRIMARY KEY (plan_id, role, position)
        );
        ALTER TABLE indicators ADD COLUMN source_start INTEGER;
        ALTER TABLE indicators ADD COLUMN source_end INTEGER;
        CREATE TABLE plan_sections (
            plan_id      BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            code         TEXT NOT NULL,
            heading      TEXT NOT NULL,
            kind         TEXT NOT NULL,
            level        INTEGER NOT NULL,
            text         TEXT NOT NULL,
            source_start INTEGER,
            source_end   INTEGER,
            PRIMARY KEY (plan_id, position)
        );
        CREATE TABLE plan_versions (
            plan_id       BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            version       INTEGER NOT NULL,
            content_hash  TEXT NOT NULL,
            document      TEXT NOT NULL,
            superseded_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, version)
        );
        CREATE TABLE task_unit_groups (
            task_id  BLOB NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            role     TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
            position INTEGER NOT NULL,
            label    TEXT NOT NULL,
            kinds    TEXT NOT NULL,
            PRIMARY KEY (task_id, role, position)
        );
        ",
    )],
    // 4: progress, indicator values, locks and per-unit due dates. Tasks and
    // indicators dropped by a new plan version are retired, never deleted:
    // progress recorded on them stays.
    &[Step::Sql(
        "
        ALTER TABLE tasks ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE indicators ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE progress (
            task_id      BLOB NOT NULL REFERENCES tasks(id),
            unit_id      BLOB NOT NULL REFERENCES units(id),
            period       TEXT NOT NULL,
            status       TEXT NOT NULL,
            reason       TEXT,
            narrative    TEXT NOT NULL,
            difficulties TEXT NOT NULL,
            proposals    TEXT NOT NULL,
            budget_used  INTEGER,
            evidence     TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            updated_by   TEXT NOT NULL,
            PRIMARY KEY (task_id, unit_id, period)
        );
        CREATE INDEX progress_unit_period ON progress(unit_id, period);
        CREATE TABLE indicator_values (
            indicator_id BLOB NOT NULL REFERENCES indicators(id),
            unit_id      BLOB NOT NULL REFERENCES units(id),
            period       TEXT NOT NULL,
            value        REAL,
            numerator    REAL,
            denominator  REAL,
            yes          INTEGER,
            text         TEXT,
            note         TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            updated_by   TEXT NOT NULL,
            PRIMARY KEY (indicator_id, unit_id, period)
        );
        CREATE INDEX indicator_values_unit_period ON indicator_values(unit_id, period);
        CREATE TABLE period_locks (
            plan_id   BLOB NOT NULL REFERENCES plans(id),
            unit_id   BLOB NOT NULL REFERENCES units(id),
            period    TEXT NOT NULL,
            locked_at TEXT NOT NULL,
            reason    TEXT NOT NULL,
            PRIMARY KEY (plan_id, unit_id, period)
        );
        CREATE TABLE due_dates (
            plan_id   BLOB NOT NULL REFERENCES plans(id),
            scope     TEXT NOT NULL CHECK (scope IN ('unit', 'children')),
            unit_id   BLOB NOT NULL REFERENCES units(id),
            kind      TEXT NOT NULL,
            due_day   INTEGER NOT NULL,
            due_month INTEGER NOT NULL,
            next_year INTEGER NOT NULL,
            PRIMARY KEY (plan_id, scope, unit_id, kind)
        );
        ",
    )],
    // 5: reports, one row per version; the content (the officer's edited
    // text included) is kept as JSON with the version.
    &[Step::Sql(
        "
        CREATE TABLE reports (
            id           BLOB PRIMARY KEY,
            plan_id      BLOB NOT NULL REFERENCES plans(id),
            unit_id      BLOB NOT NULL REFERENCES units(id),
            period       TEXT NOT NULL,
            version      INTEGER NOT NULL,
            supersedes   BLOB REFERENCES reports(id),
            status       TEXT NOT NULL CHECK (status IN ('draft', 'final', 'signed')),
            symbol       TEXT NOT NULL,
            number       INTEGER,
            issued_year  INTEGER,
            content      TEXT NOT NULL,
            created_at   TEXT NOT NULL,
            finalized_at TEXT,
            UNIQUE (plan_id, unit_id, period, version)
        );
        CREATE UNIQUE INDEX reports_numbers ON reports(unit_id, symbol, issued_year, number)
            WHERE number IS NOT NULL;
        ",
    )],
    // 6: exchange by file. The CA certificates the officer trusts; the
    // report files received from child units, kept whole and immutable
    // (a newer version supersedes, the older stays).
    &[Step::Sql(
        "
        CREATE TABLE trusted_certificates (
            fingerprint TEXT PRIMARY KEY,
            der         BLOB NOT NULL,
            name        TEXT NOT NULL,
            added_at    TEXT NOT NULL
        );
        CREATE TABLE submissions (
            id             BLOB PRIMARY KEY,
            file_hash      TEXT NOT NULL UNIQUE,
            plan_id        BLOB NOT NULL REFERENCES plans(id),
            plan_version   INTEGER NOT NULL,
            unit_id        BLOB NOT NULL REFERENCES units(id),
            period         TEXT NOT NULL,
            report_id      BLOB NOT NULL,
            report_version INTEGER NOT NULL,
            signed         INTEGER NOT NULL,
            signer         TEXT,
            signed_at      TEXT,
            received_at    TEXT NOT NULL,
            file_name      TEXT NOT NULL,
            superseded_by  BLOB REFERENCES submissions(id),
            payload        TEXT NOT NULL,
            file           BLOB NOT NULL
        );
        CREATE INDEX submissions_by_period ON submissions(plan_id, period, unit_id);
        CREATE TABLE report_files (
            report_id BLOB PRIMARY KEY REFERENCES reports(id),
            file      BLOB NOT NULL,
            signer    TEXT NOT NULL,
            signed_at TEXT NOT NULL
        );
        CREATE TRIGGER submissions_are_immutable
            BEFORE UPDATE OF id, file_hash, plan_id, unit_id, period, report_id, report_version,
                             signed, payload, file ON submissions
            BEGIN SELECT RAISE(ABORT, 'a received report file is immutable'); END;
        CREATE TRIGGER submissions_are_kept
            BEFORE DELETE ON submissions
            BEGIN SELECT RAISE(ABORT, 'a received report file is never deleted'); END;
        ",
    )],
    // 7: the signer's signature image and the agency's seal image, kept so
    // they need not be picked at each signing.
    &[Step::Sql(
        "
        CREATE TABLE signer_images (
            kind       TEXT PRIMARY KEY CHECK (kind IN ('signature', 'seal')),
            png        BLOB NOT NULL,
            updated_at TEXT NOT NULL
        );
        ",
    )],
    // 8: other signers besides the one in the report settings (a deputy who
    // signs "KT. CHỦ TỊCH"), each with a signature image. A report keeps its
    // own copy of who signed it, so a signer may be removed later.
    &[Step::Sql(
        "
        CREATE TABLE signers (
            id         BLOB PRIMARY KEY,
            name       TEXT NOT NULL,
            authority  TEXT NOT NULL,
            signature  BLOB,
            updated_at TEXT NOT NULL
        );
        ",
    )],
    // 9: the day this office began following a child unit (added to its
    // list): reports due before then are not expected of it here. Empty for
    // units already listed: expected from the plan's start, as before.
    &[Step::Sql("ALTER TABLE units ADD COLUMN tracked_from TEXT;")],
    // 10: what is signed or received cannot be changed, even by a statement
    // that bypasses kehoach: triggers refuse UPDATE, DELETE and the delete
    // hidden in INSERT OR REPLACE (which fires no delete trigger), for
    // signed reports, their files, period locks and received files. The
    // supersede link of a received file is the one change allowed (once,
    // to a newer file of the same unit and period); a lock goes only with
    // its audited unlock. A draft regenerated from the data keeps the text
    // it replaced (`replaced_content`), so the officer's edits can come back.
    &[Step::Sql(
        "
        ALTER TABLE reports ADD COLUMN replaced_content TEXT;

        CREATE TRIGGER reports_signed_are_immutable
            BEFORE UPDATE ON reports WHEN OLD.status = 'signed'
            BEGIN SELECT RAISE(ABORT, 'Báo cáo đã ký không thay đổi được; muốn sửa, hãy lập phiên bản mới.'); END;
        CREATE TRIGGER reports_final_only_get_signed
            BEFORE UPDATE ON reports
            WHEN OLD.status = 'final' AND (
                NEW.status <> 'signed'
                OR NEW.id IS NOT OLD.id OR NEW.plan_id IS NOT OLD.plan_id
                OR NEW.unit_id IS NOT OLD.unit_id OR NEW.period IS NOT OLD.period
                OR NEW.version IS NOT OLD.version OR NEW.supersedes IS NOT OLD.supersedes
                OR NEW.symbol IS NOT OLD.symbol OR NEW.number IS NOT OLD.number
                OR NEW.issued_year IS NOT OLD.issued_year OR NEW.created_at IS NOT OLD.created_at
                OR NEW.finalized_at IS NOT OLD.finalized_at
                OR NEW.replaced_content IS NOT OLD.replaced_content
                OR json(NEW.content) IS NOT json_set(OLD.content, '$.status', 'signed'))
            BEGIN SELECT RAISE(ABORT, 'Báo cáo đã hoàn thành (đã cấp số) không sửa được; chỉ có thể ký.'); END;
        CREATE TRIGGER reports_issued_are_kept
            BEFORE DELETE ON reports WHEN OLD.status <> 'draft'
            BEGIN SELECT RAISE(ABORT, 'Báo cáo đã hoàn thành hoặc đã ký không xóa được.'); END;
        CREATE TRIGGER reports_issued_are_not_replaced
            BEFORE INSERT ON reports
            WHEN EXISTS (SELECT 1 FROM reports r WHERE r.status <> 'draft' AND (
                r.id = NEW.id
                OR (r.plan_id = NEW.plan_id AND r.unit_id = NEW.unit_id
                    AND r.period = NEW.period AND r.version = NEW.version)
                OR (NEW.number IS NOT NULL AND r.unit_id = NEW.unit_id AND r.symbol = NEW.symbol
                    AND r.issued_year = NEW.issued_year AND r.number = NEW.number)))
            BEGIN SELECT RAISE(ABORT, 'Báo cáo đã hoàn thành hoặc đã ký không ghi đè được.'); END;

        CREATE TRIGGER report_files_are_immutable
            BEFORE UPDATE ON report_files
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã ký không thay đổi được.'); END;
        CREATE TRIGGER report_files_are_kept
            BEFORE DELETE ON report_files
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã ký không xóa được.'); END;
        CREATE TRIGGER report_files_only_of_signed_reports
            BEFORE INSERT ON report_files
            WHEN EXISTS (SELECT 1 FROM report_files WHERE report_id = NEW.report_id)
                OR NOT EXISTS (SELECT 1 FROM reports WHERE id = NEW.report_id AND status = 'signed')
            BEGIN SELECT RAISE(ABORT, 'Tệp đã ký chỉ ghi một lần, cho một báo cáo đã ký.'); END;

        CREATE TRIGGER period_locks_are_immutable
            BEFORE UPDATE OF plan_id, period, locked_at, reason ON period_locks
            BEGIN SELECT RAISE(ABORT, 'Khóa kỳ báo cáo không sửa được; chỉ mở khóa có ghi lý do.'); END;
        CREATE TRIGGER period_locks_are_not_replaced
            BEFORE INSERT ON period_locks
            WHEN EXISTS (SELECT 1 FROM period_locks
                         WHERE plan_id = NEW.plan_id AND unit_id = NEW.unit_id AND period = NEW.period)
            BEGIN SELECT RAISE(IGNORE); END;
        CREATE TRIGGER period_locks_go_only_when_unlocked
            BEFORE DELETE ON period_locks
            WHEN NOT EXISTS (
                SELECT 1 FROM audit_log
                WHERE id = (SELECT MAX(id) FROM audit_log)
                  AND entity = 'period_lock' AND action = 'unlock'
                  AND entity_id = lower(substr(hex(OLD.plan_id), 1, 8) || '-' || substr(hex(OLD.plan_id), 9, 4) || '-' || substr(hex(OLD.plan_id), 13, 4) || '-' || substr(hex(OLD.plan_id), 17, 4) || '-' || substr(hex(OLD.plan_id), 21))
                      || '/' || lower(substr(hex(OLD.unit_id), 1, 8) || '-' || substr(hex(OLD.unit_id), 9, 4) || '-' || substr(hex(OLD.unit_id), 13, 4) || '-' || substr(hex(OLD.unit_id), 17, 4) || '-' || substr(hex(OLD.unit_id), 21))
                      || '/' || OLD.period)
            BEGIN SELECT RAISE(ABORT, 'Khóa kỳ báo cáo chỉ được mở bằng lệnh mở khóa, có ghi lý do.'); END;

        DROP TRIGGER submissions_are_immutable;
        DROP TRIGGER submissions_are_kept;
        CREATE TRIGGER submissions_are_immutable
            BEFORE UPDATE OF id, file_hash, plan_id, plan_version, unit_id, period, report_id,
                             report_version, signed, signer, signed_at, received_at, file_name,
                             payload, file ON submissions
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã nhận không thay đổi được.'); END;
        CREATE TRIGGER submissions_superseded_once_by_a_newer_file
            BEFORE UPDATE OF superseded_by ON submissions
            WHEN OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
                OR NOT EXISTS (SELECT 1 FROM submissions s
                               WHERE s.id = NEW.superseded_by AND s.id <> OLD.id
                                 AND s.plan_id = OLD.plan_id AND s.unit_id = OLD.unit_id
                                 AND s.period = OLD.period)
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã nhận chỉ được thay bằng một tệp mới hơn của cùng đơn vị và kỳ.'); END;
        CREATE TRIGGER submissions_are_kept
            BEFORE DELETE ON submissions
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã nhận không bao giờ bị xóa.'); END;
        CREATE TRIGGER submissions_are_not_replaced
            BEFORE INSERT ON submissions
            WHEN EXISTS (SELECT 1 FROM submissions WHERE id = NEW.id OR file_hash = NEW.file_hash)
            BEGIN SELECT RAISE(ABORT, 'Tệp báo cáo đã nhận không ghi đè được.'); END;
        ",
    )],
    // 11: who signs for each unit below mine: the certificates (by SHA-256)
    // whose signatures count as that unit's. Learned from its first signed
    // file, or added by the officer; a file signed by anyone else is
    // refused until the officer adds that signer.
    &[Step::Sql(
        "
        CREATE TABLE unit_signers (
            unit_id     BLOB NOT NULL REFERENCES units(id),
            fingerprint TEXT NOT NULL,
            name        TEXT NOT NULL,
            organisation TEXT,
            added_at    TEXT NOT NULL,
            how         TEXT NOT NULL CHECK (how IN ('first_file', 'officer')),
            PRIMARY KEY (unit_id, fingerprint)
        );
        ",
    )],
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

fn backfill_task_search_keys(tx: &Transaction) -> Result<()> {
    let rows: Vec<(uuid::Uuid, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, title, content FROM tasks")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = tx.prepare("UPDATE tasks SET search_key = ?2 WHERE id = ?1")?;
    for (id, title, content) in rows {
        update.execute((id, super::tasks::search_key(&title, &content)))?;
    }
    Ok(())
}

/// Applies the steps after `from` up to `to`, each version in its own
/// transaction, so a crash leaves the database at a whole version.
pub(crate) fn migrate(conn: &mut rusqlite::Connection, from: i64, to: i64) -> Result<()> {
    for version in (from + 1)..=to {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for step in MIGRATIONS[(version - 1) as usize] {
            match step {
                Step::Sql(sql) => tx.execute_batch(sql)?,
                Step::Rust(f) => f(&tx)?,
            }
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
