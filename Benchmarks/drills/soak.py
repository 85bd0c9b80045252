#!/usr/bin/env python3
"""Cal.com sync soak drill.

Runs the test suite's soak, Tests/SchedRuntimeTests/CalcomSyncSoakTests.swift, with more
changes than the suite's 150: bookings, reschedules and cancellations pushed through a fake
Cal.com that fails three requests in ten (server errors, dropped connections, rate limits,
replies held past the client's timeout), with a pull every 50 changes. Once the faults stop and
the outbox is emptied, Cal.com and the database must agree exactly, and a last pull must
change nothing.

The soak drives the runtime library against the fake Cal.com of the test targets, so it runs
as that test (`swift test --filter CalcomSyncSoakTests`) with the count in SCHED_SOAK_CHANGES.
The exit status is swift test's.
"""
import argparse
import os
import subprocess
import sys
import time
from common import ROOT


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=1000, help="changes to make (default 1000; the suite makes 150)")
    parser.add_argument("--skip-build", action="store_true", help="pass --skip-build to swift test")
    args = parser.parse_args()
    if args.changes < 1:
        parser.error("--changes must be at least 1")

    command = ["swift", "test", "--filter", "CalcomSyncSoakTests"] + (["--skip-build"] if args.skip_build else [])
    environment = dict(os.environ, SCHED_SOAK_CHANGES=str(args.changes))
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=environment)
    elapsed = time.monotonic() - started
    verdict = "in step" if result.returncode == 0 else "FAIL"
    print(f"{args.changes} changes through faults: {verdict} after {elapsed:.0f} s")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
