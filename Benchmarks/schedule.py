"""One seeded schedule, written in the forms each program reads.

The appointments fill the default working hours (Monday to Friday, 09:00 to 17:00 UTC) in
half-hour slots, weekday after weekday, each 15 or 30 minutes long, so no two overlap and every
one passes sched's booking checks. The same seed and size give the same schedule every time.
"""

import datetime
import random
import uuid

SLOT_MINUTES = 30
DAY_START = 9 * 60
SLOTS_PER_DAY = 16
FIRST_NAMES = ["Ann", "Bob", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kai", "Lea",
               "Max", "Nia", "Oz", "Pia", "Quin", "Ros", "Sam", "Tia", "Uma", "Vic", "Wes", "Zoë"]
LAST_NAMES = ["Adler", "Berg", "Cruz", "Dahl", "Engel", "Fox", "Gray", "Holm", "Ito", "Jung",
              "Kahn", "Lund", "Moss", "Nagy", "Ortiz", "Park", "Roth", "Sato", "Voss", "Wong"]


class Appointment:
    __slots__ = ("number", "id", "name", "start", "minutes")

    def __init__(self, number, ident, name, start, minutes):
        self.number = number
        self.id = ident
        self.name = name
        self.start = start
        self.minutes = minutes

    @property
    def end(self):
        return self.start + datetime.timedelta(minutes=self.minutes)

    @property
    def epoch(self):
        return int(self.start.replace(tzinfo=datetime.timezone.utc).timestamp())


WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def weekdays_needed(count):
    return (count + SLOTS_PER_DAY - 1) // SLOTS_PER_DAY


def monday_on_or_before(date):
    return date - datetime.timedelta(days=date.weekday())


def centred_start(count, around):
    """The Monday that puts about half of `count` appointments before `around` and half after."""
    weeks = weekdays_needed(count) // 5 + 1
    return monday_on_or_before(around) - datetime.timedelta(weeks=weeks // 2)


def appointments(count, seed, first_day):
    """`count` appointments from `first_day` on (moved to the next weekday)."""
    rng = random.Random(seed)
    day = first_day
    made = 0
    while made < count:
        if day.weekday() < 5:
            for slot in range(SLOTS_PER_DAY):
                if made == count:
                    break
                made += 1
                minute = DAY_START + slot * SLOT_MINUTES
                start = datetime.datetime(day.year, day.month, day.day, minute // 60, minute % 60)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                yield Appointment(made, ident, name, start, rng.choice((15, 30)))
        day += datetime.timedelta(days=1)


def sched_book(a):
    return f'book "{a.name}" at {a.start:%Y-%m-%dT%H:%M} for {a.minutes}m\n'


def sql_insert(a, now):
    """A row as sched stores it, for filling a database without going through `book`."""
    return ("INSERT INTO appointments (id, customer_name, start_utc, duration_minutes, status, sequence, "
            f"created_at, updated_at) VALUES ('{a.id}', '{a.name}', {a.epoch}, {a.minutes}, 'booked', 0, "
            f"{now}, {now});\n")


def sql_booking(a, now):
    """What one `book` asks of SQLite: the overlap query on the indexed table, then the insert."""
    start = a.epoch
    end = start + a.minutes * 60
    return ("SELECT number FROM appointments WHERE status = 'booked' "
            f"AND start_utc > {start - 86400} AND start_utc < {end} "
            f"AND start_utc + duration_minutes * 60 > {start};\n" + sql_insert(a, now))


def ics_event(a, stamp):
    return ("BEGIN:VEVENT\r\n"
            f"UID:{a.id}@bench\r\n"
            f"DTSTAMP:{stamp}\r\n"
            f"DTSTART:{a.start:%Y%m%dT%H%M%S}Z\r\n"
            f"DTEND:{a.end:%Y%m%dT%H%M%S}Z\r\n"
            f"SUMMARY:{a.name}\r\n"
            "END:VEVENT\r\n")


def calcurse_apt(a):
    return f"{a.start:%m/%d/%Y @ %H:%M} -> {a.end:%m/%d/%Y @ %H:%M}|{a.name}\n"


def remind_line(a):
    return f"REM {a.start:%Y-%m-%d} AT {a.start:%H:%M} DURATION 0:{a.minutes:02d} MSG {a.name}\n"


ICS_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sched//benchmarks//EN\r\n"
ICS_TAIL = "END:VCALENDAR\r\n"
