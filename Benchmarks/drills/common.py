"""What the three drills share: where sched is, a private environment, and a prepared database."""

import os
import shutil
import subprocess
import sys

PASSWORD = "correct-horse-battery"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def default_sched():
    for build in ("release", "debug"):
        path = os.path.join(ROOT, ".build", build, "sched")
        if os.access(path, os.X_OK):
            return path
    return os.path.join(ROOT, ".build", "debug", "sched")


def sched_argument(parser):
    parser.add_argument("--sched", default=default_sched(),
                        help="the sched binary (default: .build/release/sched, else .build/debug/sched)")


def checked_sched(path):
    """The binary's absolute path; exits when there is none."""
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        sys.exit(f"no sched binary at {path}; build it or pass --sched")
    return path


def sandbox_environment(directory, database):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": directory,
        "XDG_DATA_HOME": os.path.join(directory, "data"),
        "XDG_STATE_HOME": os.path.join(directory, "state"),
        "TMPDIR": directory,
        "TZ": "UTC",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "SCHED_DB": database,
    }


def prepare(sched, environment):
    """Creates the user (keeping a long session) and opens every hour of every day."""
    init = subprocess.run([sched, "init", "--user", "admin", "--password-stdin", "--session-ttl", "1440"],
                          input=PASSWORD + "\n", env=environment, capture_output=True, text=True)
    if init.returncode != 0:
        sys.exit(f"sched init failed: {init.stderr}")
    hours = subprocess.run([sched, "-c", "available mon-sun 00:00-24:00"], env=environment,
                           capture_output=True, text=True)
    if hours.returncode != 0:
        sys.exit(f"setting working hours failed: {hours.stderr}")


def verdict(problems, success):
    """Prints the problems (the first 20) or the success line; the exit status."""
    if problems:
        print(f"FAIL: {len(problems)} problems")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 1
    print(success)
    return 0


def clean_up(directory, keep):
    if keep:
        print(f"kept {directory}")
    else:
        shutil.rmtree(directory, ignore_errors=True)
