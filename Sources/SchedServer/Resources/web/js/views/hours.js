// Working hours: the weekly windows, day by day. Saving sends the whole list, which replaces
// every window the server had (a day left empty is closed).

import {h, heading, replace, srOnly} from '../dom.js';
import {api} from '../api.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function byDay(windows) {
  const days = DAYS.map(() => []);
  for (const w of windows) {
    if (w.day_of_week >= 0 && w.day_of_week < 7) days[w.day_of_week].push({start: w.start_time, end: w.end_time});
  }
  for (const list of days) list.sort((a, b) => a.start.localeCompare(b.start));
  return days;
}

/** `9:00` → `09:00`; anything else is left for the check below. */
function normalise(text) {
  const t = text.trim();
  return /^\d:\d\d$/.test(t) ? `0${t}` : t;
}

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/**
 * Checks each window before anything is sent, so a mistake is shown on its own row; returns the
 * list for the API, or null when some row needs fixing. Rows left wholly empty are dropped.
 */
function collect(days) {
  const list = [];
  let ok = true;
  days.forEach((windows, day) => {
    for (const w of windows) {
      w.start = normalise(w.start);
      w.end = normalise(w.end);
      w.error = '';
      if (!w.start && !w.end) continue;
      if (!START.test(w.start)) w.error = 'The start must be a time such as 09:00.';
      else if (!END.test(w.end)) w.error = 'The end must be a time such as 17:00 (24:00 for midnight).';
      else if (w.end <= w.start) w.error = 'The end must come after the start.';
      if (w.error) ok = false;
      // The window rides along, so a server error naming `[3].end_time` can be put on its row.
      else list.push({day_of_week: day, start_time: w.start, end_time: w.end, window: w});
    }
  });
  // Windows of one day must not overlap; the later one of a pair is marked.
  days.forEach((windows) => {
    const filled = windows.filter((w) => !w.error && w.start && w.end).sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < filled.length; i++) {
      if (filled[i].start < filled[i - 1].end) {
        filled[i].error = `This overlaps ${filled[i - 1].start}–${filled[i - 1].end}.`;
        ok = false;
      }
    }
  });
  return ok ? list : null;
}

export async function renderHours(ctx) {
  const [settings, weekly] = await Promise.all([api.settings(), api.weekly()]);
  let days = byDay(weekly);

  const formError = h('p', {id: 'form-error', class: 'message error', role: 'alert'});
  const status = h('p', {id: 'hours-status', class: 'message success', role: 'status'});
  const saveButton = h('button', {type: 'submit', id: 'hours-save', class: 'button'}, 'Save working hours');
  const dayBoxes = DAYS.map((name, day) => h('fieldset', {class: 'day-hours', id: `hours-day-${day}`, data: {day: String(day)}}));

  function timeInput(day, index, which, label) {
    const w = days[day][index];
    const id = `hours-${day}-${index}-${which}`;
    // Plain text rather than type=time: that control cannot hold 24:00, a valid end.
    const input = h('input', {
      id, type: 'text', inputmode: 'numeric', class: 'time-input', placeholder: 'HH:MM', maxlength: '5',
      autocomplete: 'off', value: w[which],
      'aria-invalid': w.error ? 'true' : null,
      'aria-describedby': `hours-format hours-error-${day}-${index}`,
      on: {input: (event) => { w[which] = event.target.value; }},
    });
    return h('span', {class: 'time-field'},
      h('label', {for: id}, label, srOnly(` (${DAYS[day]}, window ${index + 1})`)),
      input);
  }

  function drawDay(day, focusId) {
    const windows = days[day];
    const rows = windows.length
      ? h('ul', {class: 'windows'}, windows.map((w, index) => h('li', {class: 'window'},
        timeInput(day, index, 'start', 'From'),
        timeInput(day, index, 'end', 'To'),
        h('button', {
          type: 'button', class: 'button secondary small', id: `remove-window-${day}-${index}`,
          on: {click: () => {
            windows.splice(index, 1);
            drawDay(day, windows.length ? `remove-window-${day}-${Math.min(index, windows.length - 1)}` : `add-window-${day}`);
          }},
        }, 'Remove', srOnly(` ${DAYS[day]} window ${index + 1}`)),
        h('p', {id: `hours-error-${day}-${index}`, class: 'field-error window-error', text: w.error || ''}),
      )))
      : h('p', {class: 'closed'}, 'Closed');
    const add = h('button', {
      type: 'button', class: 'button secondary small', id: `add-window-${day}`,
      on: {click: () => {
        // A closed day starts with the usual hours; a further window is left blank to fill in.
        windows.push(windows.length ? {start: '', end: ''} : {start: '09:00', end: '17:00'});
        drawDay(day, `hours-${day}-${windows.length - 1}-start`);
      }},
    }, 'Add hours', srOnly(` on ${DAYS[day]}`));
    replace(dayBoxes[day], h('legend', {text: DAYS[day]}), rows, add);
    if (focusId) document.getElementById(focusId)?.focus();
  }

  DAYS.forEach((_, day) => drawDay(day));

  const form = h('form', {id: 'hours-form', class: 'form hours-form', novalidate: true, 'aria-labelledby': 'view-title'},
    formError,
    status,
    h('div', {class: 'days-grid'}, dayBoxes),
    h('div', {class: 'actions'}, saveButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    status.textContent = '';
    const list = collect(days);
    if (!list) {
      DAYS.forEach((_, day) => drawDay(day));
      formError.textContent = 'Some hours need fixing; see the marked rows.';
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    saveButton.disabled = true;
    try {
      const saved = await api.setWeekly(list.map(({window, ...entry}) => entry));
      days = byDay(saved);
      DAYS.forEach((_, day) => drawDay(day));
      status.textContent = 'Working hours saved.';
    } catch (error) {
      if (error.handled) return;
      const row = /^\[(\d+)\]\./.exec(error.field || '');
      const entry = row ? list[Number(row[1])] : null;
      if (entry) {
        entry.window.error = error.message;
        DAYS.forEach((_, day) => drawDay(day));
        formError.textContent = 'Some hours need fixing; see the marked rows.';
        form.querySelector('[aria-invalid="true"]')?.focus();
      } else {
        formError.textContent = error.message;
      }
    } finally {
      saveButton.disabled = false;
    }
  });

  return h('section', {class: 'view'},
    heading('Working hours'),
    h('p', {class: 'lede', id: 'hours-format'},
      `Times as HH:MM in ${settings.time_zone}; 24:00 ends a window at midnight. A day without hours is closed.`),
    form,
  );
}
