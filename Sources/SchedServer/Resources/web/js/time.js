// Every time is shown and entered in the schedule's home zone (from /api/settings), never the
// browser's own zone: the server reads an offset-less time as a wall-clock time in that zone.

const formatters = new Map();

function formatter(timeZone, options) {
  const key = timeZone + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {timeZone, ...options});
    formatters.set(key, f);
  }
  return f;
}

function toDate(value) {
  return value instanceof Date ? value : new Date(value);
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant in `timeZone`, as numbers. */
export function partsIn(value, timeZone) {
  const parts = formatter(timeZone, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(toDate(value));
  const out = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** `YYYY-MM-DD` of an instant in the home zone. */
export function dateIn(value, timeZone) {
  const p = partsIn(value, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DDTHH:MM`: the value of a datetime-local input, and what the API reads as home-zone time. */
export function wallClock(value, timeZone) {
  const p = partsIn(value, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** Minutes since midnight of an instant in the home zone. */
export function minuteOfDay(value, timeZone) {
  const p = partsIn(value, timeZone);
  return p.hour * 60 + p.minute;
}

/** The zone's offset at an instant, as `+01:00`; worked out from the parts, so no newer Intl option is needed. */
export function offsetIn(value, timeZone) {
  const date = toDate(value);
  const p = partsIn(date, timeZone);
  const asUTC = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const minutes = Math.round((asUTC - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant in the server's own format, `2026-12-08T10:00:00+01:00`. */
export function isoIn(value, timeZone) {
  return `${wallClock(value, timeZone)}:00${offsetIn(value, timeZone)}`;
}

/** `10:00` in the home zone. */
export function formatTime(value, timeZone) {
  const p = partsIn(value, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** `Tue 8 Dec 2026` for a plain `YYYY-MM-DD` date (no zone involved). */
export function formatDate(ymd, {year = true} = {}) {
  const [y, m, d] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const parts = formatter('UTC', {weekday: 'short', day: 'numeric', month: 'short', year: 'numeric'})
    .formatToParts(date);
  const get = (type) => parts.find((p) => p.type === type)?.value ?? '';
  return [get('weekday'), get('day'), get('month'), year ? get('year') : null].filter(Boolean).join(' ');
}

/** `Tue 8 Dec 2026, 10:00` in the home zone. */
export function formatDateTime(value, timeZone) {
  return `${formatDate(dateIn(value, timeZone))}, ${formatTime(value, timeZone)}`;
}

/** `Tue 8 Dec 2026, 10:00–10:30`, or both dates in full when the range crosses midnight. */
export function formatRange(start, end, timeZone) {
  if (dateIn(start, timeZone) === dateIn(end, timeZone)) {
    return `${formatDateTime(start, timeZone)}–${formatTime(end, timeZone)}`;
  }
  return `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}

/** `30 min`, `1 h`, `1 h 30 min`. */
export function formatDuration(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return `${h} h ${m} min`;
  return h ? `${h} h` : `${m} min`;
}

/** Plain-date arithmetic on `YYYY-MM-DD`, done in UTC so no zone's clock change can shift it. */
export function addDays(ymd, days) {
  const [y, m, d] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The Monday of the week holding `ymd` (weeks run Monday to Sunday, as in sched). */
export function mondayOf(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(ymd, -weekday);
}

export function isDate(text) {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/** Today's date in the home zone. */
export function todayIn(timeZone) {
  return dateIn(new Date(), timeZone);
}
