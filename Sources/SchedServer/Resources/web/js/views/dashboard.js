// Dashboard: the upcoming appointments, soonest first, each with all its details.

import {h, heading, srOnly} from '../dom.js';
import {api} from '../api.js';
import {formatRange, formatDuration} from '../time.js';

function detail(term, ...value) {
  return [h('dt', {text: term}), h('dd', {}, ...value)];
}

function appointmentCard(appointment, timeZone, ctx) {
  const when = formatRange(appointment.start_time, appointment.end_time, timeZone);
  const open = h('button', {
    type: 'button', class: 'button secondary small', data: {action: 'open'},
    on: {click: () => ctx.navigate(`#/appointments/${encodeURIComponent(appointment.id)}`)},
  }, 'Reschedule or cancel', srOnly(`: ${appointment.customer_name}, ${when}`));

  return h('li', {class: 'card appointment-card', data: {appointmentId: appointment.id, start: appointment.start_time}},
    h('h2', {class: 'card-title'},
      h('span', {class: 'customer', text: appointment.customer_name}),
      ' ',
      h('span', {class: 'number', text: `#${appointment.number}`}),
    ),
    h('dl', {class: 'details'},
      detail('Time', h('time', {datetime: appointment.start_time, class: 'when', text: when})),
      detail('Duration', formatDuration(appointment.duration_minutes)),
      appointment.note ? detail('Note', h('span', {class: 'note', text: appointment.note})) : null,
      appointment.email
        ? detail('Email', h('a', {href: `mailto:${appointment.email}`, class: 'email', text: appointment.email}))
        : null,
    ),
    h('div', {class: 'card-actions'}, open),
  );
}

export async function renderDashboard(ctx) {
  const [settings, appointments] = await Promise.all([api.settings(), api.upcoming()]);
  const timeZone = settings.time_zone;
  const upcoming = appointments
    .filter((a) => a.status !== 'cancelled')
    .sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));

  const newButton = h('button', {
    type: 'button', id: 'new-appointment', class: 'button',
    on: {click: () => ctx.navigate('#/appointments/new')},
  }, 'New appointment');

  const list = upcoming.length
    ? h('ol', {class: 'cards', id: 'upcoming', 'aria-labelledby': 'view-title'},
      upcoming.map((a) => appointmentCard(a, timeZone, ctx)))
    : h('p', {id: 'no-appointments', class: 'empty'}, 'No upcoming appointments. ',
      h('a', {href: '#/calendar'}, 'Find a free slot in the calendar'), '.');

  return h('section', {class: 'view'},
    h('div', {class: 'view-head'},
      heading('Upcoming appointments'),
      newButton,
    ),
    h('p', {class: 'lede'},
      upcoming.length === 1 ? '1 appointment' : `${upcoming.length} appointments`,
      `, soonest first. Times in ${timeZone}.`),
    list,
  );
}
