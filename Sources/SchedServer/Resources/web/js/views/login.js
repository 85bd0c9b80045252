// Auth: the login form. After a login it returns to the page that asked for it, else the dashboard.

import {h, heading} from '../dom.js';
import {api} from '../api.js';
import {takeLoginNotice, takeNext} from '../session.js';

export function renderLogin(ctx) {
  const notice = takeLoginNotice();
  // Both message areas exist from the start, so screen readers pick up text put into them later.
  const error = h('p', {id: 'login-error', class: 'message error', role: 'alert'});
  const status = h('p', {id: 'login-notice', class: 'message info', role: 'status'});
  if (notice && notice.kind === 'alert') error.textContent = notice.message;
  else if (notice) status.textContent = notice.message;

  const username = h('input', {
    id: 'login-username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true,
  });
  const password = h('input', {
    id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const submit = h('button', {id: 'login-submit', type: 'submit', class: 'button'}, 'Log in');

  const form = h('form', {class: 'form login-form', novalidate: true, 'aria-labelledby': 'view-title'},
    error,
    status,
    h('div', {class: 'field'}, h('label', {for: 'login-username'}, 'User name'), username),
    h('div', {class: 'field'}, h('label', {for: 'login-password'}, 'Password'), password),
    h('div', {class: 'actions'}, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    status.textContent = '';
    if (!username.value.trim() || !password.value) {
      error.textContent = 'Enter your user name and password.';
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Logging in…';
    try {
      await api.login(username.value.trim(), password.value);
      ctx.navigate(takeNext() || '#/dashboard');
    } catch (err) {
      error.textContent = err.message;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Log in';
    }
  });

  return h('section', {class: 'view view-narrow'},
    heading('Log in'),
    h('p', {class: 'lede'}, 'Log in with the user made by ', h('code', {}, 'sched init'), '.'),
    form,
  );
}
