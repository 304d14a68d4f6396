// The signup page: live validation with the wasm validators, and one submit
// that asks the backend to create the person in each chosen system in
// parallel. No inline script (the CSP forbids it); server answers are
// rendered with textContent only.
import * as personkit from '/js/browser.mjs';
import { PROVIDERS, validateForm, describeErrors } from '/payloads.js';
import { initialLanguage, t, translatePage } from '/i18n.js';
import { createPhotoPicker } from '/photos.js';
import { renderPending, renderOutcome, renderModes } from '/results.js';

const $ = (id) => document.getElementById(id);
const form = $('signup');
// Spanish unless `?lang=en` or the switch says otherwise; personkit writes
// the validation messages in the same language.
let lang = initialLanguage(location.search, localStorage.getItem('lang'));
// Errors show for a control once the user has touched it, or after a submit.
const touched = new Set();
let submitted = false;

const picker = createPhotoPicker(
  { input: $('photos'), drop: $('photos-drop'), list: $('photo-list'), error: $('photos-refused') },
  personkit,
  () => { touched.add('photos'); check(); },
  (key, values) => t(lang, key, values),
);

/** The form's values as payloads.js expects them. */
function readForm() {
  const value = (id) => $(id).value;
  const values = Object.fromEntries([
    'firstName', 'lastName', 'email', 'phone', 'dob', 'gender', 'nationality', 'identityNumber',
    'verifikCollection', 'equalsAccountId', 'equalsRole', 'horusCategory', 'horusPosition',
  ].map((id) => [id, value(id)]));
  values.photos = picker.photos;
  values.providers = Object.fromEntries(PROVIDERS.map(({ key }) => [key, $(`use-${key}`).checked]));
  return values;
}

function chosenCount() {
  return PROVIDERS.filter(({ key }) => $(`use-${key}`).checked).length;
}

/** Validates everything and shows the messages of the touched controls. */
function check() {
  const result = validateForm(readForm(), personkit, lang, t(lang, 'chooseSystem'));
  const count = chosenCount();
  for (const field of form.querySelectorAll('[data-control]')) {
    const control = field.dataset.control;
    const shown = submitted || touched.has(control);
    const list = shown ? (result.errors.get(control) ?? []) : [];
    const error = $(`${control}-error`);
    if (error) error.textContent = describeErrors(list, count).join('\n');
    const input = control === 'providers' ? null : $(control);
    if (input && control !== 'photos') input.setAttribute('aria-invalid', String(list.length > 0));
    if (control === 'photos') $('photos').setAttribute('aria-invalid', String(list.length > 0));
  }
  // Problems no control owns (should not happen, but never hide them).
  $('form-error').textContent = submitted ? describeErrors(result.errors.get('form') ?? [], count).join('\n') : '';
  return result;
}

function showProviderFields() {
  for (const { key } of PROVIDERS) {
    const on = $(`use-${key}`).checked;
    $(`${key}-fields`).hidden = !on;
  }
}

form.addEventListener('input', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  if (e.target.id?.startsWith('use-')) { touched.add('providers'); showProviderFields(); }
  check();
});
form.addEventListener('change', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  check();
});

// `?fault=horus:500` (only honoured by a server running on the mock) makes one
// provider fail, to show what an error looks like.
const faults = new Map(new URLSearchParams(location.search).getAll('fault').map((f) => {
  const at = f.indexOf(':');
  return [f.slice(0, at), f.slice(at + 1)];
}).filter(([k, v]) => k && v));
if (faults.size > 0) {
  $('fault-banner').hidden = false;
  $('fault-banner').textContent = t(lang, 'fault', { list: [...faults].map(([k, v]) => `${k} → ${v}`).join(', ') });
}

async function send(provider, body) {
  const headers = { 'content-type': 'application/json' };
  if (faults.has(provider.key)) headers['x-demo-fault'] = faults.get(provider.key);
  headers['x-demo-lang'] = lang;
  try {
    const res = await fetch(provider.route, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => null);
    return answer && typeof answer === 'object' && answer.outcome
      ? answer
      : { outcome: 'error', code: 'BAD_RESPONSE', message: t(lang, 'noResult', { status: res.status }) };
  } catch {
    return { outcome: 'error', code: 'NETWORK', message: t(lang, 'unreachable') };
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  submitted = true;
  if (picker.busy) { $('status').textContent = t(lang, 'stillReading'); return; }
  const { payloads, errors } = check();
  const problems = [...errors.values()].reduce((n, l) => n + l.length, 0);
  if (problems > 0) {
    $('status').textContent = problems === 1 ? t(lang, 'fixOne') : t(lang, 'fixMany', { n: problems });
    const first = [...form.querySelectorAll('[data-control]')].find((f) => errors.has(f.dataset.control));
    const target = first?.dataset.control === 'providers' ? $('use-verifik') : $(first?.dataset.control ?? 'firstName');
    target?.focus();
    return;
  }
  const chosen = PROVIDERS.filter((p) => payloads[p.key]);
  // aria-disabled, not disabled: a disabled button would drop keyboard focus.
  form.setAttribute('aria-busy', 'true');
  $('submit').setAttribute('aria-disabled', 'true');
  $('status').textContent = t(lang, 'creating', { list: chosen.map((p) => p.label).join(', ') });
  $('results-empty').hidden = true;
  $('results').replaceChildren();
  const items = new Map(chosen.map((p) => [p.key, renderPending($('results'), p, lang)]));
  const outcomes = await Promise.all(chosen.map(async (p) => {
    const answer = await send(p, payloads[p.key]);
    renderOutcome(items.get(p.key), p, answer, lang);
    return answer.outcome;
  }));
  const created = outcomes.filter((o) => o === 'created').length;
  $('status').textContent = t(lang, 'done', { created, total: chosen.length });
  form.removeAttribute('aria-busy');
  $('submit').removeAttribute('aria-disabled');
});

/** Puts the page, and every message shown, in `next`. */
function setLanguage(next) {
  lang = next;
  localStorage.setItem('lang', next);
  translatePage(document, lang);
  personkit.setLocale(lang);
  renderModes($('modes'), modes, lang);
  check();
}
let modes = {};
$('language').addEventListener('click', () => setLanguage(lang === 'es' ? 'en' : 'es'));

$('version').textContent = personkit.version();
translatePage(document, lang);
// encodeImage's refusals (photos.js) follow the page's language too.
personkit.setLocale(lang);
showProviderFields();
fetch('/api/config').then((r) => r.json()).then((config) => {
  modes = config.providers ?? {};
  renderModes($('modes'), modes, lang);
  if (!$('equalsAccountId').value && config.equalsAccountId) $('equalsAccountId').value = config.equalsAccountId;
  check();
}).catch(() => {});
