// Starts the app: a small hash router, the header, and the rule that any 401 ends the session.

import {replace} from './dom.js';
import {api, UNAUTHORIZED_EVENT} from './api.js';
import * as session from './session.js';
import {renderLogin} from './views/login.js';
import {renderDashboard} from './views/dashboard.js';
import {renderCalendar} from './views/calendar.js';
import {renderNewAppointment, renderEditAppointment} from './views/booking.js';
import {renderHours} from './views/hours.js';
import {renderNotFound, renderError} from './views/errors.js';

const routes = [
  {name: 'login', pattern: /^\/login$/, view: renderLogin, public: true},
  {name: 'dashboard', pattern: /^\/dashboard$/, view: renderDashboard, nav: '/dashboard', list: true},
  {name: 'calendar', pattern: /^\/calendar$/, view: renderCalendar, nav: '/calendar', list: true},
  {name: 'hours', pattern: /^\/hours$/, view: renderHours, nav: '/hours'},
  {name: 'new-appointment', pattern: /^\/appointments\/new$/, view: renderNewAppointment},
  {name: 'appointment', pattern: /^\/appointments\/([^/]+)$/, view: renderEditAppointment},
];

const BACK_KEY = 'sched.back';
let renderCount = 0;
let currentView = null;
let pendingFlash = null;
let flashShownBy = -1;

function parseHash(hash) {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return {path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))};
}

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

/** Goes to `hash`, rendering even when it is already the current one (hashchange would not fire). */
function navigate(hash, {replaceEntry = false} = {}) {
  if (location.hash === hash) {
    render();
  } else if (replaceEntry) {
    history.replaceState(null, '', hash);
    render();
  } else {
    location.hash = hash;
  }
}

/** A message shown in the status line after the next view has rendered (e.g. "Booked Ann …"). */
function flash(message) {
  pendingFlash = message;
}

/** Where a form returns to: the dashboard or the calendar week it was opened from. */
function backHash() {
  return sessionStorage.getItem(BACK_KEY) || '#/dashboard';
}

function updateChrome(route) {
  const loggedIn = session.isLoggedIn();
  document.getElementById('nav').hidden = !loggedIn;
  document.getElementById('session').hidden = !loggedIn;
  for (const link of document.querySelectorAll('#nav a[data-route]')) {
    if (route && link.dataset.route === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const who = document.getElementById('whoami');
  if (!loggedIn) {
    who.textContent = '';
    return;
  }
  Promise.all([api.me(), api.settings()])
    .then(([me, settings]) => { who.textContent = `${me.username} · ${settings.time_zone}`; })
    .catch(() => { who.textContent = ''; });
}

function updateFlash(count) {
  const el = document.getElementById('flash');
  if (pendingFlash) {
    el.textContent = pendingFlash;
    pendingFlash = null;
    flashShownBy = count;
  } else if (flashShownBy !== count) {
    el.textContent = '';
  }
}

function focusAfterRender(main, sameView, focusedId) {
  const again = sameView && focusedId ? document.getElementById(focusedId) : null;
  if (again && main.contains(again) && !again.disabled) {
    again.focus();
    return;
  }
  const title = main.querySelector('h1') || main;
  title.focus();
}

async function render() {
  const hash = location.hash;
  if (!hash.startsWith('#/')) {
    navigate(session.isLoggedIn() ? '#/dashboard' : '#/login', {replaceEntry: true});
    return;
  }
  const {path, params} = parseHash(hash);
  let route = null;
  let args = [];
  for (const candidate of routes) {
    const m = candidate.pattern.exec(path);
    if (m) { route = candidate; args = m.slice(1).map(safeDecode); break; }
  }
  if (route && !route.public && !session.isLoggedIn()) {
    session.rememberNext(hash);
    navigate('#/login', {replaceEntry: true});
    return;
  }
  if (route && route.name === 'login' && session.isLoggedIn()) {
    navigate('#/dashboard', {replaceEntry: true});
    return;
  }
  if (route && route.list) sessionStorage.setItem(BACK_KEY, hash);

  const count = ++renderCount;
  const viewName = route ? route.name : 'not-found';
  const sameView = viewName === currentView;
  const focusedId = document.activeElement ? document.activeElement.id : null;
  const main = document.getElementById('main');
  updateChrome(route);
  main.setAttribute('aria-busy', 'true');

  const ctx = {
    params,
    args,
    navigate,
    flash,
    back: () => navigate(backHash()),
    rerender: () => render(),
  };
  let content;
  try {
    content = route ? await route.view(ctx) : renderNotFound(ctx);
  } catch (error) {
    if (error && error.handled) return;
    content = renderError(error, ctx);
  } finally {
    if (count === renderCount) main.removeAttribute('aria-busy');
  }
  if (count !== renderCount) return;  // a later navigation has taken over

  replace(main, content);
  currentView = viewName;
  updateFlash(count);
  const title = main.querySelector('h1');
  document.title = title ? `${title.textContent} · sched` : 'sched';
  focusAfterRender(main, sameView, focusedId);
}

// Any 401 (expired, revoked or unknown token) drops the token and shows the login screen with
// the server's reason; the page the user was on is kept to return to after logging in.
window.addEventListener(UNAUTHORIZED_EVENT, (event) => {
  if (!session.isLoggedIn()) return;  // several requests failed at once: the first one handled it
  session.rememberNext(location.hash);
  session.clearToken();
  session.setLoginNotice(event.detail.message, 'alert');
  navigate('#/login');
});

async function logout() {
  const button = document.getElementById('logout');
  button.disabled = true;
  try {
    await api.logout();
  } catch {
    // The session ends here whatever the server said.
  } finally {
    button.disabled = false;
  }
  session.clearToken();
  sessionStorage.removeItem(BACK_KEY);
  session.setLoginNotice('You have logged out.', 'status');
  navigate('#/login');
}

function start() {
  document.getElementById('logout').addEventListener('click', logout);
  // The skip link would otherwise change the hash and confuse the router.
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') || main).focus();
  });
  window.addEventListener('hashchange', render);
  render();
}

start();

