#!/usr/bin/env python3
"""sched's benchmarks, each printing sched's figure beside a reference's, as a ratio.

    Benchmarks/bench.py startup [--size 10000]
    Benchmarks/bench.py bulk [--size 100000]
    Benchmarks/bench.py queries [--sizes 1000,100000,1000000]
    Benchmarks/bench.py parse [--lines 1000000]
    Benchmarks/bench.py series [--size 100000]
    Benchmarks/bench.py search [--sizes 1000,100000,1000000]
    Benchmarks/bench.py history [--sizes 1000,100000,1000000]
    Benchmarks/bench.py all

Every run works in a fresh temporary directory, with TZ=UTC, and builds its data from one seed
(--seed), so two runs measure the same work. Times are hyperfine's medians; peak memory is the
maximum resident set size that /usr/bin/time -v reports. sched is the release build the README
installs (.build/release/sched, made with `swift build -c release --static-swift-stdlib --product
sched` when missing), or --sched PATH.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schedule  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "benchmark password"
NOW = int(datetime.datetime.now(datetime.timezone.utc).timestamp())


def fail(message):
    sys.exit(f"bench: {message}")


def need(tool, package):
    if shutil.which(tool) is None:
        fail(f"{tool} is not installed (apt-get install {package})")


def sched_binary(path):
    if path:
        return os.path.abspath(path)
    binary = os.path.join(ROOT, ".build", "release", "sched")
    if not os.path.exists(binary):
        print("building sched (release)…", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "sched"],
                       cwd=ROOT, check=True)
    return binary


class Workspace:
    """A temporary directory with a sched database, its own state folders, and room for the
    references' files."""

    def __init__(self, sched, name):
        self.sched = sched
        self.dir = tempfile.mkdtemp(prefix=f"sched-bench-{name}-")
        self.db = os.path.join(self.dir, "sched.db")
        self.env = dict(os.environ, SCHED_DB=self.db, HOME=self.dir, TZ="UTC", NO_COLOR="1",
                        XDG_DATA_HOME=os.path.join(self.dir, "data"),
                        XDG_STATE_HOME=os.path.join(self.dir, "state"))
        self.env.pop("COLUMNS", None)

    def sharing_home(self, name):
        """A workspace of its own database whose home and state folders are this one's: the
        session file keeps a token per database path, so one login serves them all."""
        other = Workspace(self.sched, name)
        for key in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            other.env[key] = self.env[key]
        return other

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, chunks):
        with open(self.path(name), "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        return self.path(name)

    def init(self):
        """Creates the database and its user, which logs the workspace in for an hour."""
        subprocess.run([self.sched, "init", "--user", "bench"], env=dict(self.env, SCHED_PASSWORD=PASSWORD),
                       check=True, stdout=subprocess.DEVNULL)

    def fill(self, appointments):
        """Stores `appointments` straight into the database, as sched would have."""
        script = self.write("fill.sql", ["BEGIN;\n", *(schedule.sql_insert(a, NOW) for a in appointments),
                                         "COMMIT;\n"])
        with open(script, encoding="utf-8") as source:
            subprocess.run(["sqlite3", self.db], stdin=source, check=True)

    def snapshot(self, name):
        """A copy of the database as it is, to restore before each timed run."""
        subprocess.run(["sqlite3", self.db, "PRAGMA wal_checkpoint(TRUNCATE);"], check=True,
                       stdout=subprocess.DEVNULL)
        shutil.copyfile(self.db, self.path(name))
        return self.path(name)

    def restore_command(self, snapshot):
        return f"cp {snapshot} {self.db} && rm -f {self.db}-wal {self.db}-shm"

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def hyperfine(workspace, commands, runs, warmup=2, prepare=None):
    """Median seconds of each named command, run by hyperfine without a shell."""
    need("hyperfine", "hyperfine")
    export = workspace.path("hyperfine.json")
    arguments = ["hyperfine", "--style", "none", "--export-json", export, "--runs", str(runs),
                 "--warmup", str(warmup)]
    if prepare:
        arguments += ["--prepare", prepare]
    else:
        arguments += ["-N"]
    names = list(commands)
    for name in names:
        arguments += ["--command-name", name, commands[name]]
    subprocess.run(arguments, env=workspace.env, check=True, stdout=subprocess.DEVNULL, cwd=workspace.dir)
    with open(export, encoding="utf-8") as results:
        found = {result["command"]: result for result in json.load(results)["results"]}
    return {name: found[name]["median"] for name in names}


def peak(workspace, arguments, stdin=None):
    """Peak resident memory in MB and wall seconds of one run."""
    with open(stdin or os.devnull, encoding="utf-8") as source:
        result = subprocess.run(["/usr/bin/time", "-v", *arguments], env=workspace.env, stdin=source,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=workspace.dir)
    if result.returncode != 0:
        fail(f"{' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    fields = dict(line.strip().split(": ", 1) for line in result.stderr.splitlines() if ": " in line)
    kilobytes = int(fields["Maximum resident set size (kbytes)"])
    clock = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(clock)))
    return kilobytes / 1024, seconds


ROWS = []


def report(benchmark, figure, reference=None, reference_figure=None, target=None, met=None, unit="ms"):
    """One line of the table: sched's figure, the reference's, their ratio, the target."""
    def shown(value):
        if value is None:
            return "–"
        if unit == "ms":
            return f"{value * 1000:.1f} ms"
        if unit == "/s":
            return f"{value:,.0f}/s"
        return f"{value:.1f} {unit}"
    ratio = f"{figure / reference_figure:.2f}×" if reference_figure else "–"
    verdict = "–" if met is None else ("met" if met else "NOT MET")
    ROWS.append((benchmark, shown(figure), reference or "–", shown(reference_figure), ratio, target or "–", verdict))
    print(f"{benchmark:<46} sched {shown(figure):>12}   {reference or '':<22} {shown(reference_figure):>12}"
          f"   ratio {ratio:>7}   {target or ''} {'' if met is None else verdict}", flush=True)


def calcurse_dir(workspace, appointments, name="calcurse"):
    directory = workspace.path(name)
    os.makedirs(os.path.join(directory, "notes"), exist_ok=True)
    with open(os.path.join(directory, "apts"), "w", encoding="utf-8") as out:
        out.writelines(schedule.calcurse_apt(a) for a in appointments)
    return directory


# MARK: - Benchmarks


def startup(args, sched):
    """1. `sched -c 'list today'` on 10,000 appointments, beside calcurse -Q and remind -n."""
    need("calcurse", "calcurse")
    need("remind", "remind")
    workspace = Workspace(sched, "startup")
    try:
        today = datetime.date.today()
        appointments = list(schedule.appointments(args.size, args.seed, schedule.centred_start(args.size, today)))
        workspace.init()
        workspace.fill(appointments)
        calcurse = calcurse_dir(workspace, appointments)
        reminders = workspace.write("reminders.rem", (schedule.remind_line(a) for a in appointments))
        commands = {
            "sched": f"{sched} -c 'list today'",
            "calcurse": f"calcurse -D {calcurse} -Q",
            "remind": f"remind -n {reminders}",
            # The process alone: loading the runtime and libraries, parsing the options.
            "version": f"{sched} --version",
        }
        if args.dynamic:
            commands["dynamic"] = f"{args.dynamic} -c 'list today'"
        medians = hyperfine(workspace, commands, runs=args.runs)
        target = "≤ 10 ms and below calcurse"
        met = medians["sched"] <= 0.010 and medians["sched"] < medians["calcurse"]
        report(f"start-up: list today, {args.size:,} appts", medians["sched"], "calcurse -Q",
               medians["calcurse"], target, met)
        report(f"start-up: list today, {args.size:,} appts", medians["sched"], "remind -n", medians["remind"])
        report("start-up: sched --version (no work)", medians["version"], "list today", medians["sched"])
        if args.dynamic:
            report("start-up: list today, dynamic build", medians["dynamic"], "calcurse -Q", medians["calcurse"])
    finally:
        workspace.cleanup()


def bulk(args, sched):
    """2. 100,000 `book` statements, in one transaction and one each, beside sqlite3 doing the
    same SQL in one transaction and calcurse importing them as iCalendar."""
    need("sqlite3", "sqlite3")
    workspace = Workspace(sched, "bulk")
    try:
        first = schedule.monday_on_or_before(datetime.date.today()) + datetime.timedelta(weeks=1)
        appointments = list(schedule.appointments(args.size, args.seed, first))
        script = workspace.write("book.sched", (schedule.sched_book(a) for a in appointments))
        sql = workspace.write("book.sql", ["BEGIN;\n", *(schedule.sql_booking(a, NOW) for a in appointments),
                                           "COMMIT;\n"])
        workspace.init()
        empty = workspace.snapshot("empty.db")
        restore = workspace.restore_command(empty)
        atomic = hyperfine(workspace, {
            "sched --atomic": f"{sched} run --atomic {script}",
            "sqlite3": f"sh -c 'sqlite3 {workspace.db} < {sql}'",
        }, runs=args.runs, warmup=1, prepare=restore)
        report(f"bulk: {args.size:,} book, --atomic", atomic["sched --atomic"], "sqlite3, one transaction",
               atomic["sqlite3"], "≤ 1.5 s and ≤ 2× sqlite3",
               atomic["sched --atomic"] <= 1.5 and atomic["sched --atomic"] <= 2 * atomic["sqlite3"])
        # The same statements each in a transaction of its own, as sched commits them: WAL with
        # synchronous = NORMAL, so the reference pays the same commit.
        each_sql = workspace.write("book-each.sql", ["PRAGMA synchronous = NORMAL;\n",
                                                     *(schedule.sql_booking(a, NOW) for a in appointments)])
        single = hyperfine(workspace, {
            "sched": f"{sched} run {script}",
            "sqlite3": f"sh -c 'sqlite3 {workspace.db} < {each_sql} > /dev/null'",
        }, runs=max(1, args.runs // 3), warmup=0, prepare=restore)
        rate = args.size / single["sched"]
        report(f"bulk: {args.size:,} book, a transaction each", rate, "sqlite3, a transaction each",
               args.size / single["sqlite3"], target="≥ 20,000/s", met=rate >= 20_000, unit="/s")
        if shutil.which("calcurse"):
            calendar = workspace.write("book.ics", [schedule.ICS_HEAD, *(schedule.ics_event(a, "20260101T000000Z")
                                                                         for a in appointments), schedule.ICS_TAIL])
            directory = calcurse_dir(workspace, [], "calcurse-import")
            imported = hyperfine(workspace, {"calcurse": f"calcurse -D {directory} -i {calendar}"}, runs=1,
                                 warmup=0, prepare=f"rm -f {directory}/apts")
            report(f"bulk: {args.size:,} as iCalendar", atomic["sched --atomic"], "calcurse -i",
                   imported["calcurse"])
    finally:
        workspace.cleanup()


def queries(args, sched):
    """3. `list` of a week and `slots` over a month on 1,000 to 1,000,000 appointments, beside
    calcurse and remind for the same week at the sizes they manage.

    Every database is filled first and all of them are timed in one hyperfine run, so that the
    figure at 1,000,000 and the one at 1,000 it is held against come from the same few minutes
    of this machine, not from either side of a long fill."""
    today = datetime.date.today()
    monday = schedule.monday_on_or_before(today) + datetime.timedelta(weeks=1)
    statements = {"list": "list next week", "slots": "slots next month for 30m"}
    builds = {"": sched, " dynamic": args.dynamic} if args.dynamic else {"": sched}
    # One home for every size: the session file keeps a token per database path.
    shared = Workspace(sched, "queries")
    workspaces = []
    try:
        commands = {}
        for size in args.sizes:
            workspace = shared.sharing_home(f"queries-{size}")
            workspaces.append(workspace)
            appointments = list(schedule.appointments(size, args.seed, schedule.centred_start(size, today)))
            workspace.init()
            workspace.fill(appointments)
            for name, statement in statements.items():
                for build, binary in builds.items():
                    commands[f"{name}{build} {size}"] = f"{binary} --db {workspace.db} -c '{statement}'"
            if size <= args.reference_limit and shutil.which("calcurse"):
                calcurse = calcurse_dir(workspace, appointments)
                commands[f"calcurse {size}"] = f"calcurse -D {calcurse} -Q --from {monday:%m/%d/%Y} --days 7"
            if size <= args.reference_limit and shutil.which("remind"):
                reminders = workspace.write("reminders.rem", (schedule.remind_line(a) for a in appointments))
                commands[f"remind {size}"] = f"remind -s+1 {reminders} {monday:%Y-%m-%d}"
        medians = hyperfine(shared, commands, runs=args.runs)
        smallest, largest = min(args.sizes), max(args.sizes)
        for size in args.sizes:
            for name in statements:
                label = "list next week" if name == "list" else "slots next month"
                for build in builds:
                    figure = medians[f"{name}{build} {size}"]
                    base = medians[f"{name}{build} {smallest}"]
                    what = f"{label}, {size:,} appts" + (", dynamic build" if build else "")
                    if not build:
                        for reference, title in (("calcurse", "calcurse -Q 7 days"), ("remind", "remind -s+1")):
                            if name == "list" and f"{reference} {size}" in medians:
                                report(what, figure, title, medians[f"{reference} {size}"])
                    met = (figure < 0.020 and figure / base <= 1.3) if size == largest else None
                    report(what, figure, f"itself at {smallest:,}", base,
                           "< 20 ms, ≤ 1.3× at 1,000" if size == largest else None, met)
    finally:
        for workspace in [shared, *workspaces]:
            workspace.cleanup()


def series_slot(index):
    """A weekly slot of five minutes for series `index`: a weekday, and a time outside the
    09:00–17:00 that the one-off appointments fill (any time at the weekend)."""
    day = schedule.WEEKDAY_NAMES[index % 7]
    slot = index // 7
    minute = slot * 5 if day in ("sat", "sun") or slot * 5 < 9 * 60 else 17 * 60 + slot * 5 - 9 * 60
    return day, f"{minute // 60:02d}:{minute % 60:02d}"


def series(args, sched):
    """5. Series: `list next week` and `slots next month` with 1,000 open-ended weekly series
    beside 100,000 one-off appointments, against the same database without the series; booking
    a weekly series of 104 occurrences, against the SQL of 104 bookings in raw sqlite3; and
    importing a calendar with 200 series (`series_import`)."""
    need("sqlite3", "sqlite3")
    today = datetime.date.today()
    appointments = list(schedule.appointments(args.size, args.seed, schedule.centred_start(args.size, today)))
    shared = Workspace(sched, "series")
    plain = Workspace(sched, "series-plain")
    for key in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        plain.env[key] = shared.env[key]
    try:
        for workspace in (shared, plain):
            workspace.init()
            workspace.fill(appointments)
        hours = shared.write("hours.sched", ["available daily 00:00-24:00\n"])
        subprocess.run([sched, "run", hours], env=shared.env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sched, "run", hours], env=plain.env, check=True, stdout=subprocess.DEVNULL)
        lines = []
        for index in range(1000):
            day, time = series_slot(index)
            lines.append(f'book "Series {index}" every {day} {time} for 5m\n')
        script = shared.write("series.sched", lines)
        subprocess.run([sched, "--atomic", "run", script], env=shared.env, check=True, stdout=subprocess.DEVNULL)
        count = subprocess.run(["sqlite3", shared.db, "SELECT COUNT(*) FROM appointments WHERE series_id IS NOT NULL"],
                               check=True, capture_output=True, text=True).stdout.strip()
        print(f"series: 1,000 open-ended weekly series stored as {int(count):,} occurrences", flush=True)

        statements = {"list next week": "list next week", "slots next month": "slots next month for 30m"}
        commands = {}
        for label, statement in statements.items():
            commands[f"{label} series"] = f"{sched} --db {shared.db} -c '{statement}'"
            commands[f"{label} plain"] = f"{sched} --db {plain.db} -c '{statement}'"
            if args.dynamic:
                commands[f"{label} dynamic"] = f"{args.dynamic} --db {shared.db} -c '{statement}'"
        medians = hyperfine(shared, commands, runs=args.runs)
        for label in statements:
            figure = medians[f"{label} series"]
            report(f"{label}, 1,000 series + {args.size:,}", figure, "without the series",
                   medians[f"{label} plain"], "< 20 ms", figure < 0.020)
            if args.dynamic:
                report(f"{label}, 1,000 series + {args.size:,}, dynamic build", medians[f"{label} dynamic"],
                       "without the series", medians[f"{label} plain"])

        # Booking: fifty weekly series of 104 in one run, less a run that does nothing, per series.
        batch = 50
        snapshot = shared.snapshot("before-booking.db")
        bookings = ['book "New {}" every {} {} for 5m count 104\n'.format(index, *series_slot(1000 + index))
                    for index in range(batch)]
        booking = shared.write("booking.sched", bookings)
        idle = shared.write("idle.sched", ["whoami\n"])
        sql = shared.write("booking.sql", ["BEGIN;\n", *(schedule.sql_booking(a, NOW)
                                          for a in schedule.appointments(104 * batch, args.seed + 1,
                                                                         today + datetime.timedelta(days=9000))),
                                           "COMMIT;\n"])
        timed = hyperfine(shared, {
            "book": f"{sched} run {booking}",
            "idle": f"{sched} run {idle}",
            "sqlite3": f"sqlite3 {shared.db} < {sql}",
        }, runs=args.runs, prepare=shared.restore_command(snapshot))
        per_series = (timed["book"] - timed["idle"]) / batch
        report("book a weekly series of 104", per_series, "sqlite3, 104 bookings' SQL",
               timed["sqlite3"] / batch, "< 5 ms", per_series < 0.005)
    finally:
        shared.cleanup()
        plain.cleanup()
    series_import(args, sched)


def series_import(args, sched):
    """Importing a calendar of 5,000 events, 200 of them weekly series with an EXDATE each and
    a moved occurrence every other one, against `calcurse -i` of the same file."""
    workspace = Workspace(sched, "series-import")
    try:
        workspace.init()
        hours = workspace.write("hours.sched", ["available daily 00:00-24:00\n"])
        subprocess.run([sched, "run", hours], env=workspace.env, check=True, stdout=subprocess.DEVNULL)
        first = datetime.date.today() + datetime.timedelta(days=7)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        calendar = workspace.write("calendar.ics", schedule.recurring_calendar(4800, 200, args.seed, first, stamp))
        snapshot = workspace.snapshot("empty.db")
        # A few occurrences fall in the hour the clocks skip and are refused, so the run fails.
        commands = {"import": f"{sched} -c 'import ics \"{calendar}\"' > /dev/null 2>&1 || true"}
        if shutil.which("calcurse"):
            os.makedirs(workspace.path("calcurse"), exist_ok=True)
            commands["calcurse"] = (f"rm -rf {workspace.path('calcurse')}/* && "
                                    f"calcurse -D {workspace.path('calcurse')} -i {calendar} > /dev/null")
        timed = hyperfine(workspace, commands, runs=args.runs, prepare=workspace.restore_command(snapshot))
        report("import 5,000 events, 200 of them series", timed["import"], "calcurse -i",
               timed.get("calcurse"), "< 1 s", timed["import"] < 1.0)
    finally:
        workspace.cleanup()


def search(args, sched):
    """6. `find "SURNAME"` among 1,000 to 1,000,000 appointments of 50,000 customers, beside raw
    sqlite3 scanning for the same name with LIKE (what the table alone offers) and sqlite3 asking
    the word index sched keeps (the floor under sched's figure)."""
    need("sqlite3", "sqlite3")
    today = datetime.date.today()
    people = schedule.customers(50_000, args.seed)
    wanted = people[0].split(" ")[1]
    shared = Workspace(sched, "search")
    workspaces = []
    try:
        commands = {}
        for size in args.sizes:
            workspace = shared.sharing_home(f"search-{size}")
            workspaces.append(workspace)
            appointments = list(schedule.search_appointments(size, args.seed, schedule.centred_start(size, today),
                                                             people))
            workspace.init()
            script = workspace.write("fill.sql", ["BEGIN;\n", *(schedule.sql_insert(a, NOW) + schedule.sql_search_row(a)
                                                                for a in appointments), "COMMIT;\n"])
            with open(script, encoding="utf-8") as source:
                subprocess.run(["sqlite3", workspace.db], stdin=source, check=True)
            found = sum(1 for a in appointments if wanted in a.name)
            listed = subprocess.run([sched, "--db", workspace.db, "--json", "-c", f'find "{wanted}"'], env=workspace.env,
                                    check=True, capture_output=True, text=True).stdout
            if len(json.loads(listed)) != found:
                fail(f"find \"{wanted}\" listed {len(json.loads(listed))} of {found} appointments")
            print(f"search: {size:,} appointments, {found} of them {wanted}'s, all found", flush=True)
            commands[f"find {size}"] = f"{sched} --db {workspace.db} -c 'find \"{wanted}\"'"
            commands[f"like {size}"] = (f"sqlite3 {workspace.db} \"SELECT number, customer_name, start_utc FROM "
                                        f"appointments WHERE customer_name LIKE '%{wanted}%' AND status = 'booked' "
                                        f"ORDER BY start_utc\"")
            commands[f"index {size}"] = (f"sqlite3 {workspace.db} \"SELECT number, customer_name, start_utc FROM "
                                         f"appointments WHERE number IN (SELECT number FROM appointment_words WHERE "
                                         f"word GLOB '{wanted.lower()}*') ORDER BY start_utc\"")
        medians = hyperfine(shared, commands, runs=args.runs)
        largest = max(args.sizes)
        for size in args.sizes:
            figure = medians[f"find {size}"]
            what = f"find a surname, {size:,} appts"
            report(what, figure, "sqlite3 LIKE scan", medians[f"like {size}"],
                   "< 20 ms" if size == largest else None, figure < 0.020 if size == largest else None)
            report(what, figure, "sqlite3, the same index", medians[f"index {size}"])
    finally:
        for workspace in [shared, *workspaces]:
            workspace.cleanup()


def history(args, sched):
    """7. `history` (the latest 20 changes) and `history today` on a journal of 1,000 to
    1,000,000 changes, beside sqlite3 reading the same rows."""
    need("sqlite3", "sqlite3")
    shared = Workspace(sched, "history")
    workspaces = []
    try:
        commands = {}
        for size in args.sizes:
            workspace = shared.sharing_home(f"history-{size}")
            workspaces.append(workspace)
            workspace.init()
            # A change a minute up to now, each a booking of one row, as sched records them.
            first = NOW - size * 60
            rows = (f"INSERT INTO journal (id, at, statement, rows) VALUES ({i}, {first + i * 60}, "
                    f"'book \"Customer {i}\" at 2030-01-01T10:00 for 30m', 1);\n"
                    f"INSERT INTO journal_rows (entry, tbl, row) VALUES ({i}, 'appointments', {i});\n"
                    for i in range(1, size + 1))
            script = workspace.write("fill.sql", ["BEGIN;\n", *rows, "COMMIT;\n"])
            with open(script, encoding="utf-8") as source:
                subprocess.run(["sqlite3", workspace.db], stdin=source, check=True)
            listed = subprocess.run([sched, "--db", workspace.db, "--json", "-c", "history"], env=workspace.env,
                                    check=True, capture_output=True, text=True).stdout
            if [entry["id"] for entry in json.loads(listed)] != list(range(size, size - 20, -1)):
                fail(f"history on {size:,} changes did not list the latest 20")
            commands[f"history {size}"] = f"{sched} --db {workspace.db} -c history"
            commands[f"today {size}"] = f"{sched} --db {workspace.db} -c 'history today'"
            commands[f"sqlite3 {size}"] = (f"sqlite3 {workspace.db} \"SELECT id, at, statement, state, rows FROM journal "
                                           f"ORDER BY id DESC LIMIT 20\"")
        medians = hyperfine(shared, commands, runs=args.runs)
        largest = max(args.sizes)
        for size in args.sizes:
            for name, label in (("history", "history (latest 20)"), ("today", "history today")):
                figure = medians[f"{name} {size}"]
                met = figure < 0.020 if size == largest else None
                report(f"{label}, {size:,} changes", figure, "sqlite3, latest 20", medians[f"sqlite3 {size}"],
                       "< 20 ms" if size == largest else None, met)
    finally:
        for workspace in [shared, *workspaces]:
            workspace.cleanup()


def parse(args, sched):
    """4. `sched check` and `sched run` of a 1,000,000-line script: lines per second and peak
    memory."""
    workspace = Workspace(sched, "parse")
    try:
        first = schedule.monday_on_or_before(datetime.date.today()) + datetime.timedelta(weeks=1)
        script = workspace.write("lines.sched", (schedule.sched_book(a)
                                                 for a in schedule.appointments(args.lines, args.seed, first)))
        workspace.init()
        seconds = hyperfine(workspace, {"check": f"{sched} check {script}"}, runs=args.runs, warmup=1)["check"]
        memory, _ = peak(workspace, [sched, "check", script])
        rate = args.lines / seconds
        report(f"parse: sched check, {args.lines:,} lines", rate, target="≥ 1,000,000/s", met=rate >= 1_000_000,
               unit="/s")
        report(f"parse: sched check, {args.lines:,} lines, peak", memory, target="< 200 MB", met=memory < 200,
               unit="MB")
        memory, wall = peak(workspace, [sched, "run", "--atomic", script])
        report(f"run --atomic, {args.lines:,} lines, peak ({wall:.0f} s)", memory, target="< 100 MB",
               met=memory < 100, unit="MB")
    finally:
        workspace.cleanup()


def table():
    lines = ["| benchmark | sched | reference | reference's figure | ratio | target | |",
             "|---|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in ROWS]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", choices=["startup", "bulk", "queries", "parse", "series", "search", "history",
                                              "all"])
    parser.add_argument("--sched", help="the sched binary (default: the release build)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command")
    parser.add_argument("--size", type=int, help="appointments (startup: 10,000; bulk: 100,000)")
    parser.add_argument("--sizes", default="1000,100000,1000000", help="queries: database sizes")
    parser.add_argument("--reference-limit", type=int, default=100_000,
                        help="queries: largest size calcurse and remind are given")
    parser.add_argument("--lines", type=int, default=1_000_000, help="parse: script lines")
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table too")
    parser.add_argument("--dynamic", help="startup, queries, series: a dynamically linked build to time beside "
                                           "(swift build -c release --scratch-path .build-dynamic)")
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    sched = sched_binary(args.sched)
    if args.dynamic:
        args.dynamic = os.path.abspath(args.dynamic)
    chosen = (["startup", "bulk", "queries", "parse", "series", "search", "history"] if args.benchmark == "all"
              else [args.benchmark])
    for name in chosen:
        run_args = argparse.Namespace(**vars(args))
        if run_args.size is None:
            run_args.size = 10_000 if name == "startup" else 100_000
        {"startup": startup, "bulk": bulk, "queries": queries, "parse": parse, "series": series,
         "search": search, "history": history}[name](run_args, sched)
    if args.markdown:
        print()
        print(table())


if __name__ == "__main__":
    main()
