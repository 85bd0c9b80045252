// Views for an unknown address and for a page that could not be loaded.

import {h, heading} from '../dom.js';

export function renderNotFound() {
  return h('section', {class: 'view'},
    heading('Page not found'),
    h('p', {}, 'There is nothing at this address. ', h('a', {href: '#/dashboard'}, 'Go to the dashboard'), '.'),
  );
}

export function renderError(error, ctx) {
  const message = error && error.message ? error.message : 'Something went wrong.';
  return h('section', {class: 'view'},
    heading(error && error.status === 404 ? 'Not found' : 'Could not load this page'),
    h('p', {id: 'page-error', class: 'message error', role: 'alert', text: message}),
    h('p', {class: 'actions'},
      h('button', {type: 'button', class: 'button', id: 'retry', on: {click: () => ctx.rerender()}}, 'Try again'),
      h('a', {href: '#/dashboard', class: 'button secondary'}, 'Dashboard'),
    ),
  );
}
