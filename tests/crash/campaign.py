"""The crash campaign: real `kehoach` processes killed with SIGKILL at random
moments during every kind of write, then the database checked as the next
session would find it.

After each kill: SQLite's integrity_check is "ok", the database opens,
every write that had been reported done is there, a killed write is all
there or not at all, and no temporary file is left once the path is opened
again. Then a disk-full run on a small tmpfs: the write is refused with a
Vietnamese message and nothing saved before is lost.

    python3 tests/crash/campaign.py [--kills N] [--seed S] [--bin target/debug/kehoach]

Exits non-zero on the first violation, printing what was killed and when.
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "tests", "fixtures", "seeds", "003_6fafd23e193aabee.txt")
OLD = os.path.join(ROOT, "tests", "fixtures", "schema-v1.sqlite")
PASSWORD = "matkhau123"
TEMP_MARKS = (".tmp", ".partial")  # kehoach's temporary names (and any older one)


class Violation(Exception):
    pass


class Campaign:
    def __init__(self, binary, work, rng):
        self.bin = binary
        self.work = work
        self.rng = rng
        self.env = dict(os.environ, HOME=work, KEHOACH_P12_PASSWORD=PASSWORD)
        self.kills = 0
        self.runs = 0
        self.by_kind = {}
        self.took = {}  # kind -> durations of runs that finished

    # ---- running kehoach ----
    def args(self, db, *rest):
        return [self.bin, "--db", db, *rest]

    def ok(self, *argv):
        out = subprocess.run(list(argv), capture_output=True, text=True, env=self.env, cwd=self.work)
        if out.returncode != 0:
            raise Violation(f"{argv[1:]} failed: {out.stderr.strip()}")
        return out.stdout

    def killed(self, kind, argv, window):
        """Starts `argv`, kills it after a random moment in `window` seconds
        (spread so that kills land inside transactions), and says whether it
        had finished (and so reported its write done) first."""
        self.runs += 1
        # Once a kind's runs are timed, kills are spread over the time a run
        # takes, so that most land inside it rather than after it.
        took = sorted(self.took.get(kind, []))
        if len(took) >= 3:
            window = took[len(took) // 2]
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
                                cwd=self.work, text=True)
        time.sleep(self.rng.uniform(0, window))
        done = proc.poll() is not None
        if done:
            self.took.setdefault(kind, []).append(time.monotonic() - started)
        if not done:
            proc.send_signal(signal.SIGKILL)
            self.kills += 1
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        out, err = proc.communicate()
        return done and proc.returncode == 0, out, err

    # ---- what is checked after a kill ----
    def sound(self, db):
        conn = sqlite3.connect(db)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
        if verdict != "ok":
            raise Violation(f"{db}: integrity_check says {verdict}")
        self.ok(*self.args(db, "plan", "list"))
        self.no_temp_files(os.path.dirname(db))

    def no_temp_files(self, folder):
        left = [n for n in os.listdir(folder) if any(m in n for m in TEMP_MARKS)]
        if left:
            raise Violation(f"temporary files left in {folder} after the next open: {left}")

    def query(self, db, sql, *params):
        conn = sqlite3.connect(db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    # ---- the writes ----
    def setup(self):
        self.pki()
        self.xa = os.path.join(self.work, "xa", "xa.sqlite")
        os.makedirs(os.path.dirname(self.xa))
        self.ok(self.bin, "demo", "--db", self.xa)
        listed = json.loads(self.ok(*self.args(self.xa, "--json", "task", "list", "--plan", "38/KH-UBND")))
        self.tasks = [t["task"]["code"] for t in listed]
        self.saved = {}  # task code -> narrative reported saved
        self.values = {}  # numerator reported saved, by period
        # A commune's signed files, for the level above to receive.
        self.files = os.path.join(self.work, "nhan")
        os.makedirs(self.files)
        for n, period in enumerate(["2025-H1", "2025-H2", "2026-H1"]):
            db = os.path.join(self.work, f"ky{n}", "xa.sqlite")
            os.makedirs(os.path.dirname(db))
            self.ok(self.bin, "init", "--db", db, "--name", f"Ủy ban nhân dân xã Thử Nghiệm {n}", "--kind", "xa")
            self.ok(*self.args(db, "plan", "import", SEED))
            for key, value in [("report.symbol", "BC-UBND"), ("report.place", "Thử Nghiệm"),
                               ("report.to", "Ủy ban nhân dân tỉnh Hưng Yên"),
                               ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
                               ("report.signer_name", "Nguyễn Văn An"), ("report.distribution", "Như trên;\nLưu: VT.")]:
                self.ok(*self.args(db, "setting", "set", key, value))
            # A result with its reason: the draft then asks the officer to
            # write none (a report still saying "(Nêu nguyên nhân …)" is
            # not finalised).
            self.late_with_reason(db, period)
            self.ok(*self.args(db, "report", "draft", "--period", period))
            self.ok(*self.args(db, "--today", "05/07/2026", "report", "finalize", "--period", period))
            if n == 0:
                self.finalized = db  # a template: a finalised report, to sign
                shutil.copy(db, os.path.join(self.work, "finalized.sqlite"))
            # Each commune signs with its own officer's certificate.
            self.ok(*self.args(db, "report", "sign", "--period", period, "--p12", self.leaf(f"xa{n}"), "--out",
                               os.path.join(self.files, f"bao-cao-{n}.pdf")))
        self.finalized = os.path.join(self.work, "finalized.sqlite")
        # A draft to finalise, and an empty database to import a plan into.
        self.drafted = os.path.join(self.work, "drafted.sqlite")
        shutil.copy(self.finalized, self.drafted)
        self.late_with_reason(self.drafted, "2025-H2")
        self.ok(*self.args(self.drafted, "report", "draft", "--period", "2025-H2"))
        self.blank = os.path.join(self.work, "blank.sqlite")
        self.ok(self.bin, "init", "--db", self.blank, "--name", "Ủy ban nhân dân xã Trống", "--kind", "xa")
        tasks = os.path.join(self.work, "plan-once")
        os.makedirs(tasks)
        once = os.path.join(tasks, "x.sqlite")
        shutil.copy(self.blank, once)
        self.ok(*self.args(once, "plan", "import", SEED))
        self.plan_tasks = self.query(once, "SELECT COUNT(*) FROM tasks")[0][0]
        self.tinh_template = os.path.join(self.work, "tinh-mau.sqlite")
        self.ok(self.bin, "init", "--db", self.tinh_template, "--name", "Ủy ban nhân dân tỉnh Hưng Yên", "--kind", "tinh")
        self.ok(*self.args(self.tinh_template, "plan", "import", SEED))
        self.ok(*self.args(self.tinh_template, "trust", "add", os.path.join(self.work, "ca.crt")))

    def pki(self):
        w = self.work
        run = lambda *a: subprocess.run(["openssl", *a], cwd=w, check=True, capture_output=True)
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
            "-subj", "/CN=Kehoach Crash CA/O=Kiem thu", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-utf8",
            "-subj", "/CN=Nguyễn Văn An/O=UBND xã Thử Nghiệm")
        with open(os.path.join(w, "ext.cnf"), "w") as f:
            f.write("keyUsage=critical,digitalSignature,nonRepudiation\n")
        run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "leaf.crt", "-days", "365", "-extfile", "ext.cnf")
        run("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt", "-out", "leaf.p12",
            "-passout", f"pass:{PASSWORD}")
        self.p12 = os.path.join(w, "leaf.p12")

    def leaf(self, name):
        w = self.work
        run = lambda *a: subprocess.run(["openssl", *a], cwd=w, check=True, capture_output=True)
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-utf8",
            "-subj", f"/CN=Người ký {name}/O=UBND {name}")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.crt", "-days", "365", "-extfile", "ext.cnf")
        run("pkcs12", "-export", "-inkey", f"{name}.key", "-in", f"{name}.crt", "-certfile", "ca.crt",
            "-out", f"{name}.p12", "-passout", f"pass:{PASSWORD}")
        return os.path.join(w, f"{name}.p12")

    def progress(self):
        task = self.rng.choice(self.tasks)
        # (No trailing space: the app trims what the officer writes.)
        text = (f"Kết quả {self.runs} của {task}: " + "đã triển khai. " * self.rng.randint(1, 400)).strip()
        ok, _, _ = self.killed("progress set", self.args(
            self.xa, "progress", "set", "--plan", "38/KH-UBND", "--task", task, "--period", "2027-H1",
            "--status", "đang thực hiện", "--narrative", text), 0.25)
        self.sound(self.xa)
        stored = dict(self.query(self.xa, """SELECT t.code, p.narrative FROM progress p JOIN tasks t ON t.id = p.task_id
                                             WHERE p.period = '2027-H1'"""))
        # The write killed is all there or not at all; reported done, there.
        now = stored.get(task)
        if ok and now != text:
            raise Violation(f"progress of {task} reported saved is not there")
        if now not in (text, self.saved.get(task)):
            raise Violation(f"a killed write of {task} left something else: {str(now)[:60]}")
        if now is not None:
            self.saved[task] = now
        for code, narrative in self.saved.items():
            if stored.get(code) != narrative:
                raise Violation(f"progress of {code} reported saved is gone or changed")

    def indicator(self):
        num = self.rng.randint(1, 999)
        ok, _, _ = self.killed("indicator set", self.args(
            self.xa, "indicator", "set", "--plan", "38/KH-UBND", "--indicator", "1", "--period", "2027-H1",
            "--numerator", str(num), "--denominator", "1000"), 0.2)
        self.sound(self.xa)
        rows = self.query(self.xa, "SELECT numerator, denominator FROM indicator_values WHERE period = '2027-H1'")
        if ok:
            self.values["2027-H1"] = num
        if "2027-H1" in self.values:
            if not rows:
                raise Violation("an indicator value reported saved is gone")
            n, d = rows[0]
            if d != 1000 or (n != self.values["2027-H1"] and n != num):
                raise Violation(f"indicator value is {n}/{d}")
            self.values["2027-H1"] = n

    def fresh(self, name):
        folder = tempfile.mkdtemp(dir=self.work, prefix=name + "-")
        return folder

    def create(self):
        folder = self.fresh("tao")
        db = os.path.join(folder, "moi.sqlite")
        argv = [self.bin, "demo", "--db", db] if self.rng.random() < 0.5 else \
            [self.bin, "init", "--db", db, "--name", "Ủy ban nhân dân xã Mới", "--kind", "xa"]
        ok, _, _ = self.killed("create", argv, 0.6)
        if ok and not os.path.exists(db):
            raise Violation("a database reported created is missing")
        if os.path.exists(db):
            self.sound(db)
        else:
            # The next open of that path cleans what the killed run left.
            subprocess.run(self.args(db, "plan", "list"), capture_output=True, env=self.env)
            self.no_temp_files(folder)
        shutil.rmtree(folder)

    def migrate(self):
        folder = self.fresh("cu")
        db = os.path.join(folder, "cu.sqlite")
        shutil.copy(OLD, db)
        self.killed("migrate", self.args(db, "plan", "list"), 0.15)
        self.sound(db)
        version = self.query(db, "PRAGMA user_version")[0][0]
        latest = self.latest()
        if version != latest:
            raise Violation(f"migrated database at version {version}, expected {latest}")
        for name in os.listdir(folder):
            if name.endswith(".bak"):
                check = self.query(os.path.join(folder, name), "PRAGMA integrity_check")[0][0]
                if check != "ok":
                    raise Violation(f"the backup {name} is damaged")
        shutil.rmtree(folder)

    def latest(self):
        if not hasattr(self, "_latest"):
            folder = self.fresh("moc")
            db = os.path.join(folder, "x.sqlite")
            self.ok(self.bin, "init", "--db", db, "--name", "Ủy ban nhân dân xã X", "--kind", "xa")
            self._latest = self.query(db, "PRAGMA user_version")[0][0]
            shutil.rmtree(folder)
        return self._latest

    def sign(self):
        folder = self.fresh("ky")
        db = os.path.join(folder, "xa.sqlite")
        shutil.copy(self.finalized, db)
        out = os.path.join(folder, "da-ky.pdf")
        argv = self.args(db, "report", "sign", "--period", "2025-H1", "--p12", self.p12, "--out", out)
        if self.rng.random() < 0.3:
            shutil.copy(self.finalized, db)
            argv = self.args(db, "report", "draft", "--period", "2026-H2")
        ok, _, _ = self.killed("report sign", argv, 0.8)
        self.sound(db)
        status = self.query(db, "SELECT status, id FROM reports WHERE period = '2025-H1'")
        files = self.query(db, "SELECT COUNT(*) FROM report_files")[0][0]
        locks = self.query(db, "SELECT COUNT(*) FROM period_locks WHERE period = '2025-H1'")[0][0]
        signed = status and status[0][0] == "signed"
        if signed != (files == 1) or signed != (locks == 1):
            raise Violation(f"signing half done: status {status}, files {files}, locks {locks}")
        if ok and "report sign" in " ".join(argv) and not (signed and os.path.exists(out)):
            raise Violation("a report reported signed is not signed, or its file is missing")
        shutil.rmtree(folder)

    def plan_import(self):
        folder = self.fresh("kh")
        db = os.path.join(folder, "xa.sqlite")
        shutil.copy(self.blank, db)
        ok, _, _ = self.killed("plan import", self.args(db, "plan", "import", SEED), 0.5)
        self.sound(db)
        tasks = self.query(db, "SELECT COUNT(*) FROM tasks")[0][0]
        plans = self.query(db, "SELECT COUNT(*) FROM plans")[0][0]
        if ok and (plans, tasks) != (1, self.plan_tasks):
            raise Violation(f"a plan reported imported has {plans} plans, {tasks} tasks")
        if (plans, tasks) not in ((0, 0), (1, self.plan_tasks)):
            raise Violation(f"a killed plan import left {plans} plans, {tasks} of {self.plan_tasks} tasks")
        shutil.rmtree(folder)

    def late_with_reason(self, db, period):
        self.ok(*self.args(db, "progress", "set", "--plan", "38/KH-UBND", "--task", "III.1", "--period", period,
                           "--status", "chậm tiến độ", "--reason", "Kinh phí cấp chậm."))

    def finalize(self):
        folder = self.fresh("ht")
        db = os.path.join(folder, "xa.sqlite")
        shutil.copy(self.drafted, db)
        ok, _, _ = self.killed("report finalize", self.args(db, "--today", "05/01/2026", "report", "finalize",
                                                           "--period", "2025-H2"), 0.3)
        self.sound(db)
        rows = self.query(db, "SELECT status, number FROM reports WHERE period = '2025-H2'")
        # Draft without a number, or final with the next number (2: the
        # template's 2025-H1 report is number 1 of 2026): nothing between.
        if len(rows) != 1 or rows[0] not in (("draft", None), ("final", 2)):
            raise Violation(f"a killed finalisation left {rows}")
        if ok and rows[0] != ("final", 2):
            raise Violation(f"a report reported finalised is {rows[0]}")
        shutil.rmtree(folder)

    def receive(self):
        folder = self.fresh("tinh")
        db = os.path.join(folder, "tinh.sqlite")
        shutil.copy(self.tinh_template, db)
        argv = self.args(db, "import", self.files, "--add-units")
        ok, _, _ = self.killed("import folder", argv, 1.2)
        self.sound(db)
        count = self.query(db, "SELECT COUNT(*) FROM submissions")[0][0]
        if ok and count != 3:
            raise Violation(f"an import reported done holds {count} of 3 files")
        # Received again: what was kept counts once, the rest comes in.
        self.ok(*argv)
        if self.query(db, "SELECT COUNT(*) FROM submissions")[0][0] != 3:
            raise Violation("after receiving again, not exactly the 3 files")
        shutil.rmtree(folder)

    def backup(self):
        folder = self.fresh("sao")
        out = os.path.join(folder, "sao-luu.sqlite")
        ok, _, _ = self.killed("backup", self.args(self.xa, "backup", "--out", out), 0.15)
        if ok and not os.path.exists(out):
            raise Violation("a backup reported written is missing")
        if os.path.exists(out):
            check = self.query(out, "PRAGMA integrity_check")[0][0]
            if check != "ok":
                raise Violation("a backup in place is damaged")
        else:
            self.ok(*self.args(self.xa, "backup", "--out", out))
            self.no_temp_files(folder)
        self.sound(self.xa)
        shutil.rmtree(folder)

    def restore(self):
        folder = self.fresh("phuc")
        db = os.path.join(folder, "xa.sqlite")
        shutil.copy(self.finalized, db)
        ok, _, _ = self.killed("restore", self.args(db, "restore", self.tinh_template), 0.3)
        self.sound(db)
        names = [r[0] for r in self.query(db, "SELECT name FROM units")]
        restored = any("tỉnh Hưng Yên" in n for n in names)
        if ok and not restored:
            raise Violation("a restore reported done did not restore")
        shutil.rmtree(folder)

    def disk_full(self):
        """A small tmpfs filled up: the write is refused in Vietnamese and
        nothing saved is lost."""
        mount = os.path.join(self.work, "day")
        os.makedirs(mount)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount], capture_output=True).returncode:
            print("crash: disk-full run skipped (mounting a tmpfs needs root)")
            return False
        try:
            db = os.path.join(mount, "xa.sqlite")
            shutil.copy(self.xa, db)
            self.ok(*self.args(db, "progress", "set", "--plan", "38/KH-UBND", "--task", self.tasks[0],
                               "--period", "2027-H2", "--status", "hoàn thành", "--narrative", "đã lưu trước"))
            # Unbuffered: what did not fit is refused here, never at close.
            with open(os.path.join(mount, "chiem-cho"), "wb", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                except OSError:
                    pass
            out = subprocess.run(self.args(db, "progress", "set", "--plan", "38/KH-UBND", "--task", self.tasks[1],
                                           "--period", "2027-H2", "--status", "hoàn thành",
                                           "--narrative", "x" * 120_000), capture_output=True, text=True, env=self.env)
            if out.returncode == 0:
                raise Violation("a write on a full disk was reported done")
            if "đầy" not in out.stderr or "full" in out.stderr:
                raise Violation(f"the disk-full message is not the Vietnamese one: {out.stderr.strip()}")
            os.remove(os.path.join(mount, "chiem-cho"))
            self.sound(db)
            kept = [r[0] for r in self.query(db, "SELECT narrative FROM progress WHERE period = '2027-H2'")]
            if "đã lưu trước" not in kept or any(k.startswith("xxx") for k in kept):
                raise Violation(f"after the disk was full: {[k[:30] for k in kept]}")
            before = dict(self.query(self.xa, "SELECT hex(task_id), narrative FROM progress WHERE period = '2027-H1'"))
            after = dict(self.query(db, "SELECT hex(task_id), narrative FROM progress WHERE period = '2027-H1'"))
            if before != after:
                raise Violation("results saved before the disk was full changed")
            print(f"crash: disk full refused with: {out.stderr.strip()[:160]}")
            return True
        finally:
            subprocess.run(["umount", mount], capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kehoach"))
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        c = Campaign(os.path.abspath(a.bin), work, rng)
        c.setup()
        writes = [c.progress, c.progress, c.indicator, c.plan_import, c.create, c.migrate, c.finalize, c.sign,
                  c.receive, c.backup, c.restore]
        try:
            while c.kills < a.kills:
                rng.choice(writes)()
            full = c.disk_full()
        except Violation as v:
            print(f"crash: VIOLATION (seed {seed}, run {c.runs}, kills {c.kills}): {v}")
            print("crash: 0 passed, 1 failed")
            return 1
    took = time.monotonic() - started
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(c.by_kind.items()))
    print(f"crash: {c.kills} kills in {c.runs} runs ({kinds}); seed {seed}; {took:.0f} s; disk full: {'checked' if full else 'skipped'}")
    print(f"crash: {c.kills} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
