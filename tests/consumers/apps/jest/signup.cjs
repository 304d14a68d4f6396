// The signup form the jsdom tests render (form.test.js under Jest,
// form.spec.mjs under Vitest), in React as a page has it, and what a user
// does to it: typing validates the email field, choosing a photo encodes the
// File jsdom's <input type="file"> holds, and submitting enrols through the
// page's fetch (a mock that fails as a browser's does: a TypeError). jsdom
// has no fetch and no Blob#arrayBuffer; personkit needs neither here.
const React = require('react');
const { createRoot } = require('react-dom/client');

globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const { act, createElement: h } = React;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function Signup({ pk, send }) {
  const [errors, setErrors] = React.useState({});
  const [photo, setPhoto] = React.useState('');
  const [status, setStatus] = React.useState('');
  const onEmail = (e) => {
    const r = pk.validateField('equals', 'emailAddress', e.target.value);
    setErrors(r.ok ? {} : { email: r.errors.map((x) => x.message) });
  };
  const onPhoto = async (e) => {
    try {
      const photo = await pk.prepareImage(e.target.files[0], { maxDimension: 1024 });
      const img = await pk.encodeImage(photo, { maxBytes: 5 * 2 ** 20 });
      setPhoto(`${img.mimeType} ${img.width}x${img.height} ${img.base64 === PNG}`);
    } catch (err) {
      setPhoto(`${err.code}: ${err.message}`);
    }
  };
  const onSubmit = async (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const person = { firstName: f.firstName.value, lastName: f.lastName.value, email: f.email.value, identityNumber: '45879632', photos: [...f.photo.files] };
    try {
      await pk.enrol(person, { endpoint: '/api/enrol', fetch: send });
      setStatus('sent');
    } catch (err) {
      setStatus(`${err.code}: ${err.message}`);
    }
  };
  return h('form', { onSubmit },
    h('input', { name: 'firstName', defaultValue: 'Ana' }),
    h('input', { name: 'lastName', defaultValue: 'Ñañez' }),
    h('input', { name: 'email', onChange: onEmail }),
    h('p', { role: 'alert' }, (errors.email || []).join(' ')),
    h('input', { name: 'photo', type: 'file', accept: 'image/jpeg,image/png', onChange: onPhoto }),
    h('output', { name: 'photoInfo' }, photo),
    h('output', { name: 'status' }, status),
    h('button', { type: 'submit' }, 'Send'));
}

// React listens for the native events, as Testing Library fires them.
function type(input, value) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
function choose(input, file) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
async function until(fn) {
  for (let i = 0; i < 500 && !fn(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  return fn();
}

/** The scenario, with the test's personkit (as it imports it) and the runner's `expect` and mock function maker. */
async function signup({ pk, expect, mockFn }) {
  const send = mockFn(async () => { throw new TypeError('Failed to fetch'); });
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => createRoot(root).render(h(Signup, { pk, send })));
  const form = root.querySelector('form');
  const alert = root.querySelector('[role=alert]');

  await act(() => type(form.elements.email, 'ana@'));
  expect(alert.textContent).toBe('Enter an email like name@example.com');
  await act(() => type(form.elements.email, 'ana@example.pe'));
  expect(alert.textContent).toBe('');

  const file = new File([Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0))], 'ana.png', { type: 'image/png' });
  await act(() => choose(form.elements.photo, file));
  expect(await until(() => form.elements.photoInfo.value !== '')).toBe(true);
  expect(form.elements.photoInfo.value).toBe('image/png 1x1 true');
  // jsdom has no createImageBitmap to redraw with: prepareImage gives the File back as it is.
  expect(await pk.prepareImage(file)).toBe(file);

  await act(() => form.requestSubmit());
  expect(await until(() => form.elements.status.value !== '')).toBe(true);
  expect(form.elements.status.value).toMatch(/^NETWORK: /);
  // One request, the photo sent as the File it is (multipart), under the person's Idempotency-Key.
  expect(send).toHaveBeenCalledTimes(1);
  const [url, init] = send.mock.calls[0];
  expect(url).toBe('/api/enrol');
  expect(init.body).toBeInstanceOf(FormData);
  expect(init.body.get('photos')).toBeInstanceOf(File);
  const person = { firstName: 'Ana', lastName: 'Ñañez', email: 'ana@example.pe', identityNumber: '45879632', photos: [file] };
  expect(init.headers.get('idempotency-key')).toBe(pk.idempotencyKeyFor(person));

  // What a form test asserts besides: errorsByField, the error class, a File that is no photo.
  const bad = pk.validateEqualsPerson({ accountId: 'F12345', firstName: 'Ana', lastName: 'Q', roleName: 'Viewer', emailAddress: 'nope' });
  expect(pk.errorsByField(bad)).toEqual({ emailAddress: ['Enter an email like name@example.com'] });
  const err = await pk.encodeImage(new File(['not a photo'], 'a.txt', { type: 'text/plain' })).catch((e) => e);
  expect(err).toBeInstanceOf(pk.PersonkitError);
  expect(err).toBeInstanceOf(Error);
  expect(err.code).toBe('INVALID_IMAGE_FORMAT');
}

module.exports = { signup };
