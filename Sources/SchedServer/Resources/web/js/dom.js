// Builds elements through the DOM API only, so text from the server (customer names, notes)
// can never be read as markup and no inline handlers or styles are needed under the CSP.

/**
 * h('button', {id: 'x', class: 'button', on: {click: fn}, data: {slotStart: iso}}, 'Text', child)
 * Attribute values are set as attributes (aria-*, for, type …); `text` sets textContent.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'data') for (const [name, v] of Object.entries(value)) el.dataset[name] = v;
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'disabled' || key === 'hidden') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends strings as text nodes and skips null/false, so callers can write conditionals inline. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A visually hidden span: extra words for screen readers without cluttering the screen. */
export function srOnly(text) {
  return h('span', {class: 'visually-hidden', text});
}

/** The main heading of a view; focusable so the router can move focus to it. */
export function heading(text, id = 'view-title') {
  return h('h1', {id, tabindex: '-1', text});
}
