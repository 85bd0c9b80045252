#!/usr/bin/env python3
"""Hostile-storage drill (issue 7, drill 8).

Puts a database holding a user and some bookings into hostile storage and runs a booking
against it. Each case must print `Database unavailable: …` with [unavailable], exit 1,
and leave the database intact (same bytes, integrity_check ok, same appointments):

  read-only-file     the file is immutable (`chattr +i`; as a non-root user, chmod 0400
                     is enough; root ignores permission bits, hence chattr)
  read-only-mount    the directory is a read-only bind mount (needs mount; skipped if denied)
  directory-gone     the database's directory has been removed (renamed away)
  directory-blocked  the database's directory cannot be created (a file is in the way)
  disk-full          the database lives on a tmpfs that is full (needs mount; skipped if denied)
  file-size-limit    RLIMIT_FSIZE (ulimit -f) stops the write, SIGXFSZ ignored: the
                     disk-full simulation that needs no privileges
  locked             another process holds an exclusive lock for longer than the 5 s
                     busy timeout

Exit status 0 when every case that ran passed; `--case NAME` runs one case.
"""
import argparse
import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from common import PASSWORD, checked_sched, sched_argument

BUSY_TIMEOUT = 5.0


class Skip(Exception):
    """The case cannot be set up on this machine (no privilege for mount, say)."""


class Drill:
    def __init__(self, args):
        self.args = args
        self.random = random.Random(args.seed)
        self.directory = tempfile.mkdtemp(prefix="sched-drill-storage-")
        # Run a copy, so that a rebuild during the drill neither swaps the binary nor fails to write it.
        args.sched = shutil.copy2(args.sched, os.path.join(self.directory, "sched"))
        self.environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.directory,
            "XDG_DATA_HOME": os.path.join(self.directory, "data"),
            "XDG_STATE_HOME": os.path.join(self.directory, "state"),
            "TMPDIR": self.directory,
            "TZ": "UTC",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        }
        self.template = os.path.join(self.directory, "template", "sched.db")
        self.cleanups = []
        self.before = {}

    def sched(self, database, arguments, stdin="", **options):
        return subprocess.run([self.args.sched, "--db", database] + arguments, input=stdin,
                              env=self.environment, capture_output=True, text=True, **options)

    def login(self, database):
        result = self.sched(database, ["login", "--user", "admin", "--password-stdin", "--session-ttl", "1440"],
                            stdin=PASSWORD + "\n")
        if result.returncode != 0:
            raise RuntimeError(f"login on {database} failed: {result.stderr}")

    def make_template(self):
        """A database with its user, open hours and some bookings, checkpointed."""
        # A named database must be in a directory that exists.
        os.makedirs(os.path.dirname(self.template), exist_ok=True)
        result = self.sched(self.template, ["init", "--user", "admin", "--password-stdin", "--session-ttl", "1440"],
                            stdin=PASSWORD + "\n")
        if result.returncode != 0:
            sys.exit(f"sched init failed: {result.stderr}")
        lines = ["available mon-sun 00:00-24:00"]
        for index in range(self.args.bookings):
            hour = index % 24
            lines.append(f'book "seed-{index}" at 2027-{1 + index // 24 // 28:02d}-{1 + index // 24 % 28:02d}T{hour:02d}:00 for 30m')
        result = self.sched(self.template, ["run", "-"], stdin="\n".join(lines) + "\n")
        if result.returncode != 0:
            sys.exit(f"seeding the database failed: {result.stderr[:500]}")
        checkpoint(self.template)

    def place(self, database):
        """Copies the template to DATABASE (logged in there) and returns it."""
        os.makedirs(os.path.dirname(database), exist_ok=True)
        shutil.copyfile(self.template, database)
        os.chmod(database, 0o600)
        self.login(database)
        checkpoint(database)
        self.before[database] = digest_of_database(database)
        return database

    def booking(self):
        day = self.random.randrange(1, 28)
        return f'book "drill" at 2028-03-{day:02d}T10:00 for 30m'

    # The cases: each sets up, runs one booking, and returns (database, result, restore).

    def case_read_only_file(self):
        database = self.place(os.path.join(self.directory, "ro-file", "sched.db"))
        if os.geteuid() == 0:
            if subprocess.run(["chattr", "+i", database], capture_output=True).returncode != 0:
                raise Skip("chattr +i is not supported here (root ignores chmod)")
            self.cleanups.append(lambda: subprocess.run(["chattr", "-i", database], capture_output=True))
            how = "chattr +i"
        else:
            os.chmod(database, 0o400)
            how = "chmod 0400"
        return database, self.sched(database, ["-c", self.booking()]), how

    def case_read_only_mount(self):
        folder = os.path.join(self.directory, "ro-mount")
        database = self.place(os.path.join(folder, "sched.db"))
        if subprocess.run(["mount", "--bind", folder, folder], capture_output=True).returncode != 0:
            raise Skip("mount --bind is not permitted")
        self.cleanups.append(lambda: unmount(folder))
        if subprocess.run(["mount", "-o", "remount,bind,ro", folder], capture_output=True).returncode != 0:
            raise Skip("remounting read-only is not permitted")
        return database, self.sched(database, ["-c", self.booking()]), "read-only bind mount"

    def case_directory_gone(self):
        folder = os.path.join(self.directory, "gone")
        database = self.place(os.path.join(folder, "sched.db"))
        os.rename(folder, folder + ".away")
        result = self.sched(database, ["-c", self.booking()])
        recreated = os.path.exists(database)
        if recreated:
            shutil.rmtree(folder)
        os.rename(folder + ".away", folder)
        return database, result, "directory renamed away" + ("; sched re-created it" if recreated else "")

    def case_directory_blocked(self):
        folder = os.path.join(self.directory, "blocked")
        database = self.place(os.path.join(folder, "sched.db"))
        os.rename(folder, folder + ".away")
        with open(folder, "w") as blocker:
            blocker.write("not a directory\n")
        result = self.sched(database, ["-c", self.booking()])
        os.remove(folder)
        os.rename(folder + ".away", folder)
        return database, result, "a file where the directory was"

    def case_disk_full(self):
        folder = os.path.join(self.directory, "full")
        os.makedirs(folder)
        size = os.path.getsize(self.template) + 512 * 1024
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", folder],
                          capture_output=True).returncode != 0:
            raise Skip("mounting a tmpfs is not permitted")
        self.cleanups.append(lambda: unmount(folder))
        database = self.place(os.path.join(folder, "sched.db"))
        # Fill every free byte but the room sched needs to open the database (its 32 KiB
        # -shm index and a page), so that the write itself is what finds the disk full.
        filler_path = os.path.join(folder, "filler")
        with open(filler_path, "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        os.truncate(filler_path, max(0, os.path.getsize(filler_path) - 36 * 1024))
        result = self.sched(database, ["-c", self.booking()])
        os.remove(filler_path)
        return database, result, f"tmpfs of {size // 1024} KiB, filled but 36 KiB"

    def case_file_size_limit(self):
        database = self.place(os.path.join(self.directory, "fsize", "sched.db"))
        limit = 2048  # bytes: the -wal file cannot take a single page

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        result = self.sched(database, ["-c", self.booking()], preexec_fn=limited)
        return database, result, f"RLIMIT_FSIZE {limit} bytes"

    def case_locked(self):
        database = self.place(os.path.join(self.directory, "locked", "sched.db"))
        hold = BUSY_TIMEOUT + 3
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sqlite3, sys, time\n"
             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "c.execute('BEGIN EXCLUSIVE')\n"
             "print('held', flush=True)\n"
             "time.sleep(float(sys.argv[2]))\n"
             "c.execute('ROLLBACK')\n", database, str(hold)],
            stdout=subprocess.PIPE, text=True)
        holder.stdout.readline()
        started = time.monotonic()
        result = self.sched(database, ["-c", self.booking()])
        waited = time.monotonic() - started
        holder.wait()
        return database, result, f"BEGIN EXCLUSIVE held {hold:.0f} s by another process; sched gave up after {waited:.1f} s"

    CASES = ["read_only_file", "read_only_mount", "directory_gone", "directory_blocked",
             "disk_full", "file_size_limit", "locked"]

    def run_case(self, name):
        try:
            database, result, how = getattr(self, "case_" + name)()
            problems = self.intact(database)
        except Skip as skip:
            return "skipped", str(skip), []
        finally:
            while self.cleanups:
                self.cleanups.pop()()
        message = next((line for line in result.stderr.splitlines() if "error:" in line), result.stderr.strip()[:200])
        if result.returncode != 1:
            problems.insert(0, f"exit {result.returncode}, not 1")
        if "Database unavailable: " not in result.stderr or "[unavailable]" not in result.stderr:
            problems.insert(0, f"stderr is not 'Database unavailable: … [unavailable]': {result.stderr.strip()[:300]!r}")
        if result.stdout.strip():
            problems.append(f"printed {result.stdout.strip()[:200]!r}")
        return ("ok" if not problems else "FAIL"), f"{how}: {message}", problems

    def intact(self, database):
        """The database still has the bytes and content it had before the case began."""
        problems = []
        if not os.path.exists(database):
            return ["the database file is gone"]
        if digest_of_database(database) != self.before[database]:
            problems.append("the database file's bytes changed")
        verdict, content = content_of(database)
        if verdict != ["ok"]:
            problems.append(f"integrity_check: {verdict[:3]}")
        if content != content_of(self.template)[1]:
            problems.append("the appointments changed")
        return problems

    def close(self):
        if self.args.keep:
            print(f"kept {self.directory}")
        else:
            shutil.rmtree(self.directory, ignore_errors=True)


def unmount(folder):
    """Unmounts FOLDER; lazily if something still has a file open there."""
    if subprocess.run(["umount", folder], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", folder], capture_output=True)


def checkpoint(database):
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def digest_of_database(database):
    """SHA-256 of the main file plus whatever its -wal holds (an uncheckpointed write)."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = database + suffix
        if os.path.exists(path):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def content_of(database):
    # immutable: a WAL file on read-only storage cannot be opened otherwise; the digest covers the -wal.
    connection = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        rows = connection.execute("SELECT number, id, customer_name, start_utc, duration_minutes, status "
                                  "FROM appointments ORDER BY number").fetchall()
    finally:
        connection.close()
    return verdict, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sched_argument(parser)
    parser.add_argument("--case", choices=[c.replace("_", "-") for c in Drill.CASES], action="append",
                        help="run only this case (repeatable)")
    parser.add_argument("--bookings", type=int, default=200, help="bookings in the database the cases start from (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the refused booking's day (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = parser.parse_args()
    args.sched = checked_sched(args.sched)
    cases = [c.replace("-", "_") for c in args.case] if args.case else Drill.CASES
    print(f"sched: {args.sched}")
    drill = Drill(args)
    failed = skipped = 0
    try:
        drill.make_template()
        for name in cases:
            verdict, detail, problems = drill.run_case(name)
            print(f"  {name.replace('_', '-'):18} {verdict:7} {detail}")
            for problem in problems:
                print(f"  {'':18} - {problem}")
            failed += verdict == "FAIL"
            skipped += verdict == "skipped"
    finally:
        drill.close()
    print(f"storage drill: {len(cases)} cases, {len(cases) - failed - skipped} ok, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
