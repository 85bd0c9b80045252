// The access token lives in sessionStorage: it survives a reload but not the tab, and is never
// written to longer-lived storage.

const TOKEN_KEY = 'sched.token';
const NEXT_KEY = 'sched.next';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  settingsPromise = null;
  userPromise = null;
}

export function isLoggedIn() {
  return Boolean(getToken());
}

/** Where to go after the next login: the page the user was on when the session ended. */
export function rememberNext(hash) {
  if (hash && hash.startsWith('#/') && !hash.startsWith('#/login')) sessionStorage.setItem(NEXT_KEY, hash);
}

export function takeNext() {
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  return next;
}

// A message for the login screen (why the user was sent there), shown once.
let loginNotice = null;

export function setLoginNotice(message, kind = 'alert') {
  loginNotice = message ? {message, kind} : null;
}

export function takeLoginNotice() {
  const notice = loginNotice;
  loginNotice = null;
  return notice;
}

// Settings and the user name change only with the login, so each is asked for once per session.
let settingsPromise = null;
let userPromise = null;

export function cachedSettings(load) {
  if (!settingsPromise) settingsPromise = load().catch((err) => { settingsPromise = null; throw err; });
  return settingsPromise;
}

export function cachedUser(load) {
  if (!userPromise) userPromise = load().catch((err) => { userPromise = null; throw err; });
  return userPromise;
}
