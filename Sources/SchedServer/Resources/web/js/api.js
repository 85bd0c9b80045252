// The one place that talks to the server: adds the bearer token, sends and reads JSON, and turns
// every failure into an ApiError carrying the server's `message` and, for validation, its `field`.

import {getToken, setToken, cachedSettings, cachedUser} from './session.js';

export class ApiError extends Error {
  constructor(status, message, field = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    // Set when the app has already dealt with the error (a 401 sends the user to the login screen).
    this.handled = false;
  }
}

/** Fired on any 401 outside the login request; main.js sends the user to the login screen. */
export const UNAUTHORIZED_EVENT = 'sched:unauthorized';

async function request(method, path, {body, query, quiet401 = false} = {}) {
  const headers = {Accept: 'application/json'};
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = {method, headers, cache: 'no-store'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, value);
    const text = params.toString();
    if (text) url += `?${text}`;
  }

  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Is sched serve still running?');
  }

  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (response.ok) return data;

  let message = data && typeof data.message === 'string' ? data.message : `The server answered ${response.status} ${response.statusText}`.trim();
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    if (wait && !/try again/i.test(message)) message += ` Try again in ${wait} seconds.`;
  }
  const error = new ApiError(response.status, message, data && typeof data.field === 'string' ? data.field : null);
  if (response.status === 401 && path !== '/api/auth/login' && !quiet401) {
    error.handled = true;
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, {detail: {message}}));
  }
  throw error;
}

export const api = {
  async login(username, password) {
    const data = await request('POST', '/api/auth/login', {body: {username, password}});
    setToken(data.access_token);
    return data;
  },
  // A failed logout (say the token had already expired) still ends the session here.
  logout: () => request('POST', '/api/auth/logout', {quiet401: true}),
  me: () => cachedUser(() => request('GET', '/api/auth/me')),
  settings: () => cachedSettings(() => request('GET', '/api/settings')),

  upcoming: () => request('GET', '/api/appointments'),
  appointments: (start, end) => request('GET', '/api/appointments', {query: {start, end}}),
  appointment: (id) => request('GET', `/api/appointments/${encodeURIComponent(id)}`),
  createAppointment: (body) => request('POST', '/api/appointments', {body}),
  updateAppointment: (id, body) => request('PUT', `/api/appointments/${encodeURIComponent(id)}`, {body}),
  cancelAppointment: (id) => request('DELETE', `/api/appointments/${encodeURIComponent(id)}`),

  availability: (start, end) => request('GET', '/api/availability', {query: {start, end}}),
  weekly: () => request('GET', '/api/availability/weekly'),
  setWeekly: (windows) => request('PUT', '/api/availability', {body: windows}),
};
