"""One seeded schedule, written in the forms each program reads.

The appointments fill the default working hours (Monday to Friday, 09:00 to 17:00 UTC) in
half-hour slots, weekday after weekday, each 15 or 30 minutes long, so no two overlap and every
one passes sched's booking checks. The same seed and size give the same schedule every time.
"""

import datetime
import random
import re
import unicodedata
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


SYLLABLES = ["ka", "lo", "mer", "ti", "san", "vo", "ren", "dal", "mi", "jor", "bel", "tus", "ha", "quin",
             "wes", "ly", "gor", "pen", "ro", "shi", "nak", "el", "fin", "tor", "ba", "zu", "cas", "ner",
             "vik", "om", "dre", "sel", "hu", "ax", "pri", "mon", "ul", "tes", "gra", "fo"]


def customers(count, seed):
    """`count` customers with surnames made of syllables, so that most surnames are rare: the
    people a search looks for among many others."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()
        made.append(f"{rng.choice(FIRST_NAMES)} {surname}")
    return made


def search_appointments(count, seed, first_day, people):
    """The schedule of `appointments`, each booked by one of `people`, drawn from the seed."""
    rng = random.Random(seed + 1)
    for a in appointments(count, seed, first_day):
        a.name = rng.choice(people)
        yield a


def search_words(text):
    """The words sched's search index keeps for a text: lowercase, without accents, a space
    between each run of letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", plain))


def sql_search_row(a):
    """The word index's rows of an appointment filled with `sql_insert`."""
    return "".join(f"INSERT INTO appointment_words (word, number, field) VALUES ('{word}', {a.number}, 0);\n"
                   for word in sorted(set(search_words(a.name).split())))


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


BERLIN_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")


def recurring_calendar(one_offs, series, seed, first_day, stamp):
    """A calendar as Google writes one: `one_offs` single events on weekdays (09:00–17:00 UTC, as
    `appointments` lays them out) and `series` weekly series at the weekend in Europe/Berlin,
    half of them open-ended and half of twelve, each with an EXDATE and, every other one, an
    occurrence moved by RECURRENCE-ID."""
    rng = random.Random(seed)
    yield "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    yield "X-WR-TIMEZONE:Europe/Berlin\r\n" + BERLIN_VTIMEZONE
    for a in appointments(one_offs, seed, first_day):
        yield ics_event(a, stamp)
    saturday = first_day + datetime.timedelta(days=(5 - first_day.weekday()) % 7)
    for index in range(series):
        day = saturday + datetime.timedelta(days=index % 2)
        minute = (index // 2) * 10
        start = datetime.datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        end = start + datetime.timedelta(minutes=rng.choice((5, 10)))
        uid = f"series-{index}-{rng.getrandbits(64):016x}@google.com"
        rule = "FREQ=WEEKLY" + (";COUNT=12" if index % 2 else "")
        skipped = start + datetime.timedelta(weeks=3)
        yield ("BEGIN:VEVENT\r\n"
               f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}\r\n"
               f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}\r\n"
               f"RRULE:{rule}\r\n"
               f"EXDATE;TZID=Europe/Berlin:{skipped:%Y%m%dT%H%M%S}\r\n"
               f"DTSTAMP:{stamp}\r\nUID:{uid}\r\n"
               f"SUMMARY:{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (weekly)\r\nEND:VEVENT\r\n")
        if index % 2 == 0:
            original = start + datetime.timedelta(weeks=5)
            moved = original + datetime.timedelta(hours=12)
            yield ("BEGIN:VEVENT\r\n"
                   f"DTSTART;TZID=Europe/Berlin:{moved:%Y%m%dT%H%M%S}\r\n"
                   f"DTEND;TZID=Europe/Berlin:{moved + (end - start):%Y%m%dT%H%M%S}\r\n"
                   f"RECURRENCE-ID;TZID=Europe/Berlin:{original:%Y%m%dT%H%M%S}\r\n"
                   f"DTSTAMP:{stamp}\r\nUID:{uid}\r\nSUMMARY:moved\r\nEND:VEVENT\r\n")
    yield "END:VCALENDAR\r\n"


def calcurse_apt(a):
    return f"{a.start:%m/%d/%Y @ %H:%M} -> {a.end:%m/%d/%Y @ %H:%M}|{a.name}\n"


def remind_line(a):
    return f"REM {a.start:%Y-%m-%d} AT {a.start:%H:%M} DURATION 0:{a.minutes:02d} MSG {a.name}\n"


ICS_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sched//benchmarks//EN\r\n"
ICS_TAIL = "END:VCALENDAR\r\n"
