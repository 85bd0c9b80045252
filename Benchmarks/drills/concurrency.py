#!/usr/bin/env python3
"""Concurrency drill (issue 7, drill 5).

N worker processes each make M random bookings, reschedules and cancellations on
overlapping slots of one sched database, each worker driving the `sched` binary in
batches of statements (`sched --json run --keep-going -`; `--batch 1` runs one `sched`
process per statement). Afterwards it checks:

  * no two active appointments overlap (one SQL self-join, run with sqlite3);
  * every statement a worker was told succeeded is in the database: each appointment is
    in the state its worker's last successful statement reported, and no appointment
    exists that no worker was told about;
  * no `database is locked` error (nor any [unavailable] error) reached any worker.

A worker reschedules and cancels only appointments it booked itself, so the final state
of each appointment is known; the slots all workers book are the same few days, so every
booking and reschedule races the other workers. Exit status 0 when every check passes.
"""
import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from common import checked_sched, clean_up, verdict, prepare, sandbox_environment, sched_argument



class Worker:
    """One simulated client: its random operations and what it was told."""

    def __init__(self, index, args, environment):
        self.index = index
        self.args = args
        self.environment = environment
        self.random = random.Random(f"{args.seed}-{index}")
        self.owned = {}          # number -> last JSON object a successful statement printed
        self.successes = 0
        self.failures = {}       # error kind -> count
        self.unavailable = []    # texts of [unavailable] / locked errors
        self.other_problems = []
        self.processes = 0

    def random_start(self):
        base = datetime(2027, 3, 1, tzinfo=timezone.utc)
        quarter = self.random.randrange(self.args.days * 96)
        return base + timedelta(minutes=15 * quarter)

    def random_statement(self):
        choice = self.random.random()
        live = [n for n, a in self.owned.items() if a["status"] == "booked"]
        if choice < 0.25 and live:
            number = self.random.choice(live)
            start = self.random_start().strftime("%Y-%m-%dT%H:%M")
            if self.random.random() < 0.5:
                return ("reschedule", number), f"reschedule {number} to {start}"
            duration = self.random.choice((15, 30, 45, 60, 90))
            return ("reschedule", number), f"reschedule {number} to {start} for {duration}m"
        if choice < 0.40 and live:
            number = self.random.choice(live)
            return ("cancel", number), f"cancel {number}"
        start = self.random_start().strftime("%Y-%m-%dT%H:%M")
        duration = self.random.choice((15, 30, 45, 60, 90))
        name = f"w{self.index}-{self.random.randrange(10**6)}"
        return ("book", name), f'book "{name}" at {start} for {duration}m'

    def run(self):
        remaining = self.args.operations
        while remaining > 0:
            size = min(self.args.batch, remaining)
            self.run_batch([self.random_statement() for _ in range(size)])
            remaining -= size
        return self.report()

    def run_batch(self, batch):
        script = "".join(text + "\n" for _, text in batch)
        self.processes += 1
        result = subprocess.run([self.args.sched, "--json", "run", "--keep-going", "-"], input=script,
                                env=self.environment, capture_output=True, text=True)
        failed = {}
        for line in result.stderr.splitlines():
            # With --json each error is one object: {"error": {message, kind, file, line, column, hint}}.
            error = json.loads(line).get("error") if line.startswith("{") else None
            if error is None:
                failed.setdefault(0, line)
                continue
            message = f"{error['message']} [{error['kind']}]"
            failed[error["line"] or 0] = message
            if "locked" in message or error["kind"] == "unavailable":
                self.unavailable.append(message)
        if 0 in failed:
            self.other_problems.append(f"batch failed as a whole: {failed[0]}")
            return
        outputs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        succeeded = [i for i in range(len(batch)) if i + 1 not in failed]
        if len(outputs) != len(succeeded):
            self.other_problems.append(
                f"{len(succeeded)} statements succeeded but {len(outputs)} JSON lines were printed")
            return
        for message in failed.values():
            kind = message.rsplit("[", 1)[-1].rstrip("]") if message.endswith("]") else "?"
            self.failures[kind] = self.failures.get(kind, 0) + 1
            if kind not in ("conflict", "invalid", "validation"):
                self.other_problems.append(f"unexpected failure: {message}")
        for position, appointment in zip(succeeded, outputs):
            (verb, key), _ = batch[position]
            if verb == "book" and appointment.get("customer_name") != key:
                self.other_problems.append(f"booking of {key} printed {appointment}")
            if verb != "book" and appointment.get("number") != key:
                self.other_problems.append(f"{verb} {key} printed {appointment}")
            self.owned[appointment["number"]] = appointment
            self.successes += 1

    def report(self):
        return {"index": self.index, "owned": self.owned, "successes": self.successes,
                "failures": self.failures, "unavailable": self.unavailable,
                "problems": self.other_problems, "processes": self.processes}


def run_worker(packed):
    index, args, environment = packed
    return Worker(index, args, environment).run()


OVERLAPS = """
SELECT a.number, b.number FROM appointments a JOIN appointments b
  ON a.number < b.number
 AND a.start_utc < b.start_utc + b.duration_minutes * 60
 AND b.start_utc < a.start_utc + a.duration_minutes * 60
WHERE a.status = 'booked' AND b.status = 'booked'
"""


def iso_to_epoch(text):
    return int(datetime.fromisoformat(text).timestamp())


def check(database, reports):
    problems = []
    connection = sqlite3.connect(database)
    overlaps = connection.execute(OVERLAPS).fetchall()
    if overlaps:
        problems.append(f"{len(overlaps)} pairs of active appointments overlap, e.g. {overlaps[:5]}")
    rows = {number: (name, start, duration, status) for number, name, start, duration, status in
            connection.execute("SELECT number, customer_name, start_utc, duration_minutes, status FROM appointments")}
    connection.close()
    told = {}
    for report in reports:
        for number, appointment in report["owned"].items():
            if number in told:
                problems.append(f"appointment {number} was reported to two workers")
            told[number] = appointment
    for number, appointment in told.items():
        expected = (appointment["customer_name"], iso_to_epoch(appointment["start_time"]),
                    appointment["duration_minutes"], appointment["status"])
        if rows.get(number) != expected:
            problems.append(f"appointment {number}: told {expected}, database has {rows.get(number)}")
    unknown = sorted(set(rows) - set(told))
    if unknown:
        problems.append(f"{len(unknown)} appointments in the database no worker was told about: {unknown[:10]}")
    return problems, overlaps, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sched_argument(parser)
    parser.add_argument("--processes", type=int, default=8, help="concurrent workers (default 8)")
    parser.add_argument("--operations", type=int, default=500, help="statements per worker (default 500)")
    parser.add_argument("--batch", type=int, default=10, help="statements per sched process (default 10; 1 = a process per statement)")
    parser.add_argument("--days", type=int, default=3, help="days the random slots fall in: fewer days, more conflicts (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = parser.parse_args()
    args.sched = checked_sched(args.sched)

    directory = tempfile.mkdtemp(prefix="sched-drill-concurrency-")
    # Run a copy, so that a rebuild during the drill neither swaps the binary nor fails to write it.
    print(f"sched: {args.sched}")
    args.sched = shutil.copy2(args.sched, os.path.join(directory, "sched"))
    database = os.path.join(directory, "sched.db")
    environment = sandbox_environment(directory, database)
    try:
        prepare(args.sched, environment)
        started = time.monotonic()
        with multiprocessing.Pool(args.processes) as pool:
            reports = pool.map(run_worker, [(i, args, environment) for i in range(args.processes)])
        elapsed = time.monotonic() - started
        problems, overlaps, rows = check(database, reports)
        for report in reports:
            problems += [f"worker {report['index']}: {p}" for p in report["problems"]]
            problems += [f"worker {report['index']}: {u}" for u in report["unavailable"][:5]]
        failures = {}
        for report in reports:
            for kind, count in report["failures"].items():
                failures[kind] = failures.get(kind, 0) + count
        statements = args.processes * args.operations
        successes = sum(r["successes"] for r in reports)
        unavailable = sum(len(r["unavailable"]) for r in reports)
        active = sum(1 for row in rows.values() if row[3] == "booked")
        print(f"concurrency drill: {args.processes} processes x {args.operations} statements "
              f"(batches of {args.batch}, {sum(r['processes'] for r in reports)} sched runs, seed {args.seed}) "
              f"in {elapsed:.1f} s")
        print(f"  succeeded {successes}, refused {statements - successes} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(failures.items())) or 'none'})")
        print(f"  database: {len(rows)} appointments, {active} active; overlapping active pairs: "
              f"{len(overlaps)}; locked/unavailable errors: {unavailable}")
        return verdict(problems, "ok: no overlaps, every reported success is in the database, no locked errors")
    finally:
        clean_up(directory, args.keep)


if __name__ == "__main__":
    sys.exit(main())
