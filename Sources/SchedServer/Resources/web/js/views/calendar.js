// Calendar: one week, Monday to Sunday, with its appointments and its free time cut into
// half-hour slots. Every slot and appointment is a button, so the week works from the keyboard.

import {h, heading, srOnly} from '../dom.js';
import {api} from '../api.js';
import {
  addDays, dateIn, formatDate, formatTime, isDate, isoIn, minuteOfDay, mondayOf, todayIn, wallClock,
} from '../time.js';

const STEP_MINUTES = 30;
// Free pieces shorter than this (a gap between two bookings) are not offered as slots.
const SHORTEST_SLOT_MINUTES = 10;

/**
 * Cuts one free piece into slots on the half-hour grid of the home zone, skipping what has
 * already begun: `10:20–12:00` gives 10:20, 10:30, 11:00, 11:30.
 */
function slotsOf(piece, timeZone, now) {
  const slots = [];
  const end = Date.parse(piece.end_time);
  let cursor = Date.parse(piece.start_time);
  while (cursor < end) {
    const intoStep = minuteOfDay(cursor, timeZone) % STEP_MINUTES;
    const next = Math.min(cursor + (STEP_MINUTES - intoStep) * 60000, end);
    if (cursor >= now && next - cursor >= SHORTEST_SLOT_MINUTES * 60000) slots.push({start: cursor, end: next});
    cursor = next;
  }
  return slots;
}

function slotButton(slot, timeZone, ctx) {
  const startIso = isoIn(slot.start, timeZone);
  const time = formatTime(slot.start, timeZone);
  return h('button', {
    type: 'button', class: 'slot',
    data: {slotStart: startIso, slotEnd: isoIn(slot.end, timeZone)},
    on: {click: () => ctx.navigate(`#/appointments/new?start=${encodeURIComponent(wallClock(slot.start, timeZone))}`)},
  },
  h('span', {class: 'slot-time', text: time}),
  h('span', {class: 'slot-label'}, 'free'),
  srOnly(`, ${formatDate(dateIn(slot.start, timeZone))}: book this slot`));
}

function appointmentButton(appointment, timeZone, ctx) {
  const range = `${formatTime(appointment.start_time, timeZone)}–${formatTime(appointment.end_time, timeZone)}`;
  return h('button', {
    type: 'button', class: 'booked',
    data: {appointmentId: appointment.id, start: appointment.start_time},
    on: {click: () => ctx.navigate(`#/appointments/${encodeURIComponent(appointment.id)}`)},
  },
  h('span', {class: 'booked-time', text: range}),
  h('span', {class: 'booked-name', text: appointment.customer_name}),
  appointment.note ? h('span', {class: 'booked-note', text: appointment.note}) : null,
  srOnly(`, ${formatDate(dateIn(appointment.start_time, timeZone))}: open to reschedule or cancel`));
}

function dayColumn(day, today, timeZone, ctx) {
  const titleId = `day-${day.date}`;
  const items = [
    ...day.appointments.map((a) => ({at: Date.parse(a.start_time), until: Date.parse(a.end_time), el: appointmentButton(a, timeZone, ctx)})),
    ...day.slots.map((s) => ({at: s.start, until: s.end, el: slotButton(s, timeZone, ctx)})),
  ].sort((a, b) => a.at - b.at);

  let body;
  if (items.length) {
    // A break in the day (lunch, between two windows) shows as a gap in the list.
    let reached = null;
    body = h('ul', {class: 'day-items'}, items.map((item) => {
      const afterGap = reached !== null && item.at > reached;
      reached = Math.max(reached ?? item.until, item.until);
      return h('li', {class: afterGap ? 'after-gap' : null}, item.el);
    }));
  } else {
    const reason = !day.hasHours ? 'Closed' : day.date < today ? 'Past' : 'No free time left';
    body = h('p', {class: 'day-empty', text: reason});
  }
  const isToday = day.date === today;
  return h('section', {
    class: ['day', isToday && 'today', day.date < today && 'past'], 'aria-labelledby': titleId, data: {date: day.date},
  },
  h('h2', {id: titleId, class: 'day-title', 'aria-current': isToday ? 'date' : null},
    formatDate(day.date, {year: false}),
    isToday ? h('span', {class: 'badge'}, 'today') : null),
  body);
}

export async function renderCalendar(ctx) {
  const settings = await api.settings();
  const timeZone = settings.time_zone;
  const today = todayIn(timeZone);
  const requested = ctx.params.get('week');
  const week = mondayOf(isDate(requested) ? requested : today);
  const last = addDays(week, 6);

  // Free time from the availability pieces (the seed's TimeSlot list), bookings from the list of appointments.
  const [pieces, appointments] = await Promise.all([api.availability(week, last), api.appointments(week, last)]);
  const now = Date.now();
  const days = Array.from({length: 7}, (_, i) => ({date: addDays(week, i), appointments: [], slots: [], hasHours: false}));
  const byDate = new Map(days.map((d) => [d.date, d]));

  for (const piece of pieces) {
    const day = byDate.get(dateIn(piece.start_time, timeZone));
    if (!day) continue;
    day.hasHours = true;
    if (piece.available) day.slots.push(...slotsOf(piece, timeZone, now));
  }
  for (const appointment of appointments) {
    if (appointment.status === 'cancelled') continue;
    const day = byDate.get(dateIn(appointment.start_time, timeZone));
    if (day) day.appointments.push(appointment);
  }

  const go = (monday) => ctx.navigate(`#/calendar?week=${monday}`);
  const toolbar = h('div', {class: 'toolbar', role: 'group', 'aria-label': 'Week'},
    h('button', {type: 'button', id: 'prev-week', class: 'button secondary', on: {click: () => go(addDays(week, -7))}},
      h('span', {'aria-hidden': 'true'}, '←'), 'Previous', h('span', {class: 'wide-only'}, ' week')),
    h('button', {
      type: 'button', id: 'this-week', class: 'button secondary', disabled: week === mondayOf(today),
      on: {click: () => go(mondayOf(today))},
    }, 'This week'),
    h('button', {type: 'button', id: 'next-week', class: 'button secondary', on: {click: () => go(addDays(week, 7))}},
      'Next', h('span', {class: 'wide-only'}, ' week'), h('span', {'aria-hidden': 'true'}, '→')),
  );

  return h('section', {class: 'view view-wide', data: {week}},
    h('div', {class: 'view-head'},
      heading(`Week of ${formatDate(week, {year: false})} – ${formatDate(last)}`),
      h('button', {type: 'button', id: 'new-appointment', class: 'button', on: {click: () => ctx.navigate('#/appointments/new')}},
        'New appointment'),
    ),
    toolbar,
    h('p', {class: 'lede legend'},
      h('span', {class: 'legend-item'}, h('span', {class: 'swatch swatch-free', 'aria-hidden': 'true'}), 'Free: choose a slot to book it.'),
      h('span', {class: 'legend-item'}, h('span', {class: 'swatch swatch-booked', 'aria-hidden': 'true'}), 'Booked: choose one to change or cancel it.'),
      h('span', {class: 'legend-item'}, `Times in ${timeZone}.`)),
    h('div', {class: 'week', id: 'week'}, days.map((day) => dayColumn(day, today, timeZone, ctx))),
  );
}
