// Booking form: books a new appointment, or reschedules, edits or cancels an existing one.
// The server does the checking; its messages go beside the field it names, or above the form.

import {h, heading, srOnly} from '../dom.js';
import {api} from '../api.js';
import {formatDuration, formatRange, wallClock} from '../time.js';

const FIELDS = ['customer_name', 'start_time', 'duration_minutes', 'note', 'email'];
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function field(name, label, control, hint) {
  const errorId = `field-error-${name}`;
  const hintId = hint ? `field-hint-${name}` : null;
  control.id = `field-${name}`;
  control.name = name;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', {class: 'field', data: {field: name}},
    h('label', {for: control.id}, label),
    hint ? h('p', {id: hintId, class: 'hint', text: hint}) : null,
    control,
    h('p', {id: errorId, class: 'field-error'}),
  );
}

/**
 * The form shared by "new" and "edit". `submit(values)` sends the request and returns nothing
 * on success; it throws an ApiError to have the message shown.
 */
function appointmentForm({values, timeZone, submitLabel, cancelLabel = 'Cancel', submit, onCancel, disabled = false}) {
  const controls = {
    customer_name: h('input', {type: 'text', autocomplete: 'off', required: true, maxlength: '200', value: values.customer_name}),
    start_time: h('input', {type: 'datetime-local', step: '60', required: true, value: values.start_time}),
    duration_minutes: h('input', {type: 'number', min: '1', max: '1440', step: '1', inputmode: 'numeric', value: String(values.duration_minutes ?? '')}),
    note: h('textarea', {rows: '3', maxlength: '2000'}),
    email: h('input', {type: 'email', autocomplete: 'email', value: values.email}),
  };
  controls.note.value = values.note;
  for (const control of Object.values(controls)) control.disabled = disabled;

  const formError = h('p', {id: 'form-error', class: 'message error', role: 'alert'});
  const submitButton = h('button', {type: 'submit', id: 'form-submit', class: 'button', disabled}, submitLabel);
  const cancelButton = h('button', {type: 'button', id: 'form-cancel', class: 'button secondary', on: {click: onCancel}}, cancelLabel);

  // novalidate: the server's messages are the ones shown, the same as the command line gives.
  const form = h('form', {id: 'appointment-form', class: 'form', novalidate: true, 'aria-labelledby': 'view-title'},
    formError,
    field('customer_name', 'Name', controls.customer_name),
    field('start_time', 'Date and time', controls.start_time, `In ${timeZone}.`),
    field('duration_minutes', 'Duration in minutes', controls.duration_minutes),
    field('note', 'Note (optional)', controls.note),
    field('email', 'Email (optional)', controls.email),
    h('div', {class: 'actions'}, submitButton, cancelButton),
  );

  function clearErrors() {
    formError.textContent = '';
    for (const name of FIELDS) {
      form.querySelector(`#field-error-${name}`).textContent = '';
      controls[name].removeAttribute('aria-invalid');
    }
  }

  function showFieldError(name, message) {
    form.querySelector(`#field-error-${name}`).textContent = message;
    controls[name].setAttribute('aria-invalid', 'true');
    controls[name].focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    // A number field holding letters reads as empty; say so rather than quietly using the default.
    if (controls.duration_minutes.validity.badInput) {
      showFieldError('duration_minutes', 'must be an integer');
      return;
    }
    const current = {
      customer_name: controls.customer_name.value.trim(),
      start_time: controls.start_time.value,
      duration_minutes: controls.duration_minutes.value.trim(),
      note: controls.note.value.trim(),
      email: controls.email.value.trim(),
    };
    submitButton.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await submit(current);
    } catch (error) {
      if (error.handled) return;
      if (error.field && controls[error.field]) showFieldError(error.field, error.message);
      else formError.textContent = error.message;
    } finally {
      submitButton.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  return form;
}

/** The duration as the API wants it: a number when it is one, else the text, for the server to refuse. */
function durationValue(text) {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export async function renderNewAppointment(ctx) {
  const settings = await api.settings();
  const timeZone = settings.time_zone;
  const start = ctx.params.get('start');
  const values = {
    customer_name: '',
    start_time: start && WALL_CLOCK.test(start) ? start : '',
    duration_minutes: settings.default_duration_minutes ?? 30,
    note: '',
    email: '',
  };

  const form = appointmentForm({
    values,
    timeZone,
    submitLabel: 'Book appointment',
    onCancel: () => ctx.back(),
    async submit(current) {
      // Empty fields are left out: the server names a missing required one, and uses its default duration.
      const body = {};
      if (current.customer_name) body.customer_name = current.customer_name;
      if (current.start_time) body.start_time = current.start_time;
      if (current.duration_minutes) body.duration_minutes = durationValue(current.duration_minutes);
      if (current.note) body.note = current.note;
      if (current.email) body.email = current.email;
      const booked = await api.createAppointment(body);
      ctx.flash(`Booked ${booked.customer_name}: ${formatRange(booked.start_time, booked.end_time, timeZone)}.`);
      ctx.back();
    },
  });

  return h('section', {class: 'view view-narrow'},
    heading('New appointment'),
    values.start_time
      ? h('p', {class: 'lede'}, 'The time of the slot you chose is filled in; change anything before booking.')
      : null,
    form,
  );
}

function cancelSection(appointment, timeZone, ctx) {
  const when = formatRange(appointment.start_time, appointment.end_time, timeZone);
  const error = h('p', {id: 'cancel-error', class: 'message error', role: 'alert'});
  const ask = h('button', {type: 'button', id: 'cancel-appointment', class: 'button danger'}, 'Cancel appointment');
  const confirmButton = h('button', {type: 'button', id: 'confirm-cancel', class: 'button danger'}, 'Yes, cancel it');
  const keepButton = h('button', {type: 'button', id: 'keep-appointment', class: 'button secondary'}, 'Keep it');
  const confirmBox = h('div', {id: 'confirm-cancel-box', class: 'confirm', hidden: true},
    h('p', {id: 'confirm-cancel-text'}, `Cancel the appointment of ${appointment.customer_name} on ${when}? The time becomes free again.`),
    h('div', {class: 'actions'}, confirmButton, keepButton));

  // Asking twice guards the one action here that cannot be undone from the web app.
  ask.addEventListener('click', () => {
    ask.hidden = true;
    confirmBox.hidden = false;
    confirmButton.focus();
  });
  keepButton.addEventListener('click', () => {
    confirmBox.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  confirmButton.addEventListener('click', async () => {
    error.textContent = '';
    confirmButton.disabled = true;
    try {
      await api.cancelAppointment(appointment.id);
      ctx.flash(`Cancelled the appointment of ${appointment.customer_name} on ${when}.`);
      ctx.back();
    } catch (err) {
      if (!err.handled) error.textContent = err.message;
    } finally {
      confirmButton.disabled = false;
    }
  });

  return h('section', {class: 'danger-zone', 'aria-labelledby': 'cancel-title'},
    h('h2', {id: 'cancel-title'}, 'Cancel this appointment'),
    error,
    ask,
    confirmBox);
}

export async function renderEditAppointment(ctx) {
  const [settings, appointment] = await Promise.all([api.settings(), api.appointment(ctx.args[0])]);
  const timeZone = settings.time_zone;
  const cancelled = appointment.status === 'cancelled';
  const original = {
    customer_name: appointment.customer_name,
    start_time: wallClock(appointment.start_time, timeZone),
    duration_minutes: String(appointment.duration_minutes),
    note: appointment.note ?? '',
    email: appointment.email ?? '',
  };

  const form = appointmentForm({
    values: original,
    timeZone,
    submitLabel: 'Save changes',
    // "Cancel" alone would read as cancelling the appointment, which has its own button below.
    cancelLabel: cancelled ? 'Back' : 'Close without saving',
    disabled: cancelled,
    onCancel: () => ctx.back(),
    async submit(current) {
      // Only what changed is sent: an unchanged time is not checked again (it may be in the past by now).
      const body = {};
      if (current.customer_name !== original.customer_name) body.customer_name = current.customer_name;
      if (current.start_time !== original.start_time) body.start_time = current.start_time;
      if (current.duration_minutes !== original.duration_minutes) body.duration_minutes = durationValue(current.duration_minutes);
      if (current.note !== original.note) body.note = current.note || null;
      if (current.email !== original.email) body.email = current.email || null;
      if (Object.keys(body).length === 0) {
        ctx.flash('Nothing was changed.');
        ctx.back();
        return;
      }
      const saved = await api.updateAppointment(appointment.id, body);
      const moved = 'start_time' in body || 'duration_minutes' in body;
      ctx.flash(`${moved ? 'Rescheduled' : 'Saved'} ${saved.customer_name}: ${formatRange(saved.start_time, saved.end_time, timeZone)}.`);
      ctx.back();
    },
  });

  const when = formatRange(appointment.start_time, appointment.end_time, timeZone);
  return h('section', {class: 'view view-narrow', data: {appointmentId: appointment.id}},
    heading(cancelled ? 'Cancelled appointment' : 'Reschedule appointment'),
    h('p', {class: 'lede', id: 'appointment-summary'},
      h('strong', {text: appointment.customer_name}), ` #${appointment.number} · `,
      h('time', {datetime: appointment.start_time, text: when}),
      ` · ${formatDuration(appointment.duration_minutes)}`,
      cancelled ? srOnly(' (cancelled)') : null),
    cancelled
      ? h('p', {class: 'message info', id: 'cancelled-notice'}, 'This appointment was cancelled; it can no longer be changed here.')
      : null,
    form,
    cancelled ? null : cancelSection(appointment, timeZone, ctx),
  );
}
