#!/usr/bin/env python3
"""Crash-consistency drill (issue 7, drill 6).

K times, starts `sched run` on a script of N bookings and kills it with SIGKILL at a
random moment; after each kill it checks that:

  * `PRAGMA integrity_check` says ok;
  * every booking the run confirmed on standard output (`Booked N: NAME — …`) before the
    kill is in the database, active, under that number and name;
  * the bookings in the database are a prefix of the script (nothing skipped, nothing
    invented), and at most one of them was committed without being confirmed.

Then K times the same with `sched run --atomic`: each killed run is either all there or
not there at all (and all there when it finished before the kill).

A plain run is killed a random 0-20 ms after a random number of its confirmations has been
read, so every kill lands mid-run however loaded the machine is. An atomic run prints its
confirmations before its one COMMIT, so it is killed at a random moment within 1.2 times the
duration of a complete atomic run measured first (some kills land after the COMMIT). Exit status 0 when every check passes.
"""
import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from common import checked_sched, clean_up, verdict, prepare, sandbox_environment, sched_argument

CONFIRMATION = re.compile(r"^Booked (\d+): (\S+) ")
PER_DAY = 96  # 15-minute bookings from 00:00 to 24:00


def write_script(path, label, first_day, count):
    """N back-to-back 15-minute bookings named LABEL-0 … LABEL-(N-1), from FIRST_DAY on."""
    with open(path, "w") as script:
        for index in range(count):
            day = first_day + timedelta(days=index // PER_DAY)
            minutes = (index % PER_DAY) * 15
            script.write(f'book "{label}-{index}" at {day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d} for 15m\n')


class Run:
    """A `sched run` whose standard output is read line by line as it is written."""

    def __init__(self, sched, environment, script, atomic):
        arguments = [sched, "run"] + (["--atomic"] if atomic else []) + [script]
        self.started = time.monotonic()
        self.process = subprocess.Popen(arguments, env=environment, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.lines = []
        self.errors = b""
        self.target = None
        self.reached = threading.Event()
        self.readers = [threading.Thread(target=self.read_output), threading.Thread(target=self.read_errors)]
        for reader in self.readers:
            reader.start()

    def read_output(self):
        for line in self.process.stdout:
            if line.endswith(b"\n"):
                self.lines.append(line.decode("utf-8", "replace"))
                if self.target is not None and len(self.lines) >= self.target:
                    self.reached.set()
        self.reached.set()

    def read_errors(self):
        self.errors = self.process.stderr.read()

    def kill_after(self, seconds):
        """Kills the run after SECONDS unless it ended; true when the kill landed."""
        try:
            self.process.wait(timeout=seconds)
            killed = False
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGKILL)
            killed = True
        self.finish()
        return killed

    def kill_after_lines(self, count, delay):
        """Kills the run DELAY seconds after its COUNT-th line of output was read (a moment
        that always falls inside the run, however fast the machine); true when the kill landed."""
        self.target = count
        if len(self.lines) >= count:
            self.reached.set()
        self.reached.wait()
        time.sleep(delay)
        landed = self.process.poll() is None
        if landed:
            self.process.send_signal(signal.SIGKILL)
        self.finish()
        return landed

    def finish(self):
        self.process.wait()
        for reader in self.readers:
            reader.join()
        self.elapsed = time.monotonic() - self.started
        return self.process.returncode


def bookings_of(database, label):
    """The active bookings of one run: number -> name, and the integrity check's verdict."""
    connection = sqlite3.connect(database)
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        rows = connection.execute(
            "SELECT number, customer_name, status FROM appointments WHERE customer_name LIKE ?",
            (label + "-%",)).fetchall()
    finally:
        connection.close()
    return verdict, rows


def check_plain(database, label, run, count):
    problems = []
    verdict, rows = bookings_of(database, label)
    if verdict != ["ok"]:
        problems.append(f"integrity_check: {verdict[:5]}")
    stored = {number: (name, status) for number, name, status in rows}
    confirmed = []
    for line in run.lines:
        match = CONFIRMATION.match(line)
        if match:
            confirmed.append((int(match.group(1)), match.group(2)))
    for number, name in confirmed:
        if stored.get(number) != (name, "booked"):
            problems.append(f"confirmed booking {number} ({name}) is {stored.get(number)} in the database")
    indexes = sorted(int(name.rsplit("-", 1)[1]) for name, _ in stored.values())
    if indexes != list(range(len(indexes))):
        problems.append(f"the stored bookings are not a prefix of the script: {indexes[:5]}…")
    unconfirmed = len(stored) - len(confirmed)
    if unconfirmed > 1:
        problems.append(f"{unconfirmed} bookings were committed but not confirmed (output not flushed per statement?)")
    if run.process.returncode == 0 and len(stored) != count:
        problems.append(f"the run finished but {len(stored)} of {count} bookings are stored")
    return problems, len(confirmed), len(stored)


def check_atomic(database, label, run, count):
    problems = []
    verdict, rows = bookings_of(database, label)
    if verdict != ["ok"]:
        problems.append(f"integrity_check: {verdict[:5]}")
    if len(rows) not in (0, count):
        problems.append(f"atomic run left {len(rows)} of {count} bookings")
    if run.process.returncode == 0 and len(rows) != count:
        problems.append(f"atomic run finished but left {len(rows)} of {count} bookings")
    return problems, len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sched_argument(parser)
    parser.add_argument("--kills", type=int, default=20, help="killed runs of each kind (default 20)")
    parser.add_argument("--bookings", type=int, default=10000, help="bookings per script (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill moments (default 1)")
    parser.add_argument("--no-atomic", action="store_true", help="skip the --atomic runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = parser.parse_args()
    args.sched = checked_sched(args.sched)
    chooser = random.Random(args.seed)

    directory = tempfile.mkdtemp(prefix="sched-drill-crash-")
    # Run a copy, so that a rebuild during the drill neither swaps the binary nor fails to write it.
    print(f"sched: {args.sched}")
    args.sched = shutil.copy2(args.sched, os.path.join(directory, "sched"))
    database = os.path.join(directory, "sched.db")
    environment = sandbox_environment(directory, database)
    days = (args.bookings + PER_DAY - 1) // PER_DAY + 1
    first = date(2027, 1, 1)
    problems = []
    try:
        prepare(args.sched, environment)
        runs = [("plain", i) for i in range(args.kills)] + ([] if args.no_atomic else [("atomic", i) for i in range(args.kills)])
        spans = {}
        for kind in ("plain",) + (() if args.no_atomic else ("atomic",)):
            label = f"{kind}-full"
            script = os.path.join(directory, f"{label}.sched")
            write_script(script, label, first, args.bookings)
            first += timedelta(days=days)
            run = Run(args.sched, environment, script, atomic=kind == "atomic")
            status = run.finish()
            stored = len(bookings_of(database, label)[1])
            if status != 0 or stored != args.bookings:
                problems.append(f"complete {kind} run: exit {status}, {stored} stored; {run.errors[:300]!r}")
            spans[kind] = run.elapsed
            print(f"complete {kind} run of {args.bookings} bookings: {run.elapsed:.2f} s "
                  f"({args.bookings / run.elapsed:.0f} bookings/s)")
        killed = {"plain": 0, "atomic": 0}
        outcomes = {"all": 0, "none": 0}
        confirmed_total = stored_total = 0
        for kind, index in runs:
            label = f"{kind}-{index}"
            script = os.path.join(directory, f"{label}.sched")
            write_script(script, label, first, args.bookings)
            first += timedelta(days=days)
            run = Run(args.sched, environment, script, atomic=kind == "atomic")
            if kind == "plain":
                lines = chooser.randrange(args.bookings)
                delay = chooser.uniform(0, 0.02)
                landed = run.kill_after_lines(lines, delay)
                when = f"after {lines} lines + {delay * 1000:.0f} ms ({run.elapsed:.2f} s)"
            else:
                moment = chooser.uniform(0.02, spans[kind] * 1.2)
                landed = run.kill_after(moment)
                when = f"at {moment:.2f} s"
            killed[kind] += landed
            if kind == "plain":
                found, confirmed, stored = check_plain(database, label, run, args.bookings)
                confirmed_total += confirmed
                stored_total += stored
                detail = f"confirmed {confirmed}, stored {stored}"
            else:
                found, stored = check_atomic(database, label, run, args.bookings)
                outcomes["all" if stored == args.bookings else "none"] += 1
                detail = f"stored {stored}"
            how = "killed" if landed else f"finished (exit {run.process.returncode})"
            print(f"  {kind} {index + 1:2}: {how} {when}; {detail}; {'ok' if not found else 'FAIL'}")
            problems += [f"{label}: {p}" for p in found]
        print(f"crash drill: {args.kills} kills of a {args.bookings}-booking run (seed {args.seed}): "
              f"{killed['plain']} landed mid-run, {confirmed_total} confirmations, {stored_total} stored, "
              f"{stored_total - confirmed_total} committed but unconfirmed")
        if not args.no_atomic:
            print(f"  --atomic: {killed['atomic']} landed mid-run; {outcomes['all']} all there, "
                  f"{outcomes['none']} none there")
        return verdict(problems, "ok: integrity_check ok after every kill, every confirmed booking present, atomic runs all or nothing")
    finally:
        clean_up(directory, args.keep)


if __name__ == "__main__":
    sys.exit(main())
