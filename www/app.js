// The signup page: live validation with the same table the server uses
// (toProviderPayloads), and one submit through enrol() to the backend's one
// route, which creates the person in each chosen system exactly once. No
// inline script (the CSP forbids it); server answers are rendered with
// textContent only.
import * as personkit from '/js/browser.mjs';
import { PROVIDERS, toPerson, validateForm, describeErrors } from '/payloads.js';
import { initialLanguage, t, translatePage } from '/i18n.js';

// Spanish unless `?lang=en` or the switch says otherwise; personkit writes
// the validation messages in the same language.
let lang = initialLanguage(location.search, localStorage.getItem('lang'));
import { createPhotoPicker } from '/photos.js';
import { renderPending, renderOutcome, renderModes } from '/results.js';

const $ = (id) => document.getElementById(id);
const form = $('signup');
// Errors show for a control once the user has touched it, or after a submit.
const touched = new Set();
let submitted = false;
/** The enrolment in progress: the person object sent (its idempotency key comes with it), and what it got. */
let current = null;

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
  ].map((id) => [id, value(id)]));
  values.photos = picker.photos;
  values.providers = Object.fromEntries(PROVIDERS.map(({ key }) => [key, $(`use-${key}`).checked]));
  return values;
}

const chosenCount = () => PROVIDERS.filter(({ key }) => $(`use-${key}`).checked).length;

/** Validates everything and shows the messages of the touched controls. */
function check() {
  const result = validateForm(readForm(), personkit.toProviderPayloads, lang, t(lang, 'chooseSystem'));
  const count = chosenCount();
  for (const field of form.querySelectorAll('[data-control]')) {
    const control = field.dataset.control;
    const shown = submitted || touched.has(control);
    const list = shown ? (result.errors.get(control) ?? []) : [];
    const error = $(`${control}-error`);
    if (error) error.textContent = describeErrors(list, count).join('\n');
    const input = control === 'providers' ? null : $(control);
    if (input) input.setAttribute('aria-invalid', String(list.length > 0));
  }
  // Problems no control owns (should not happen, but never hide them).
  $('form-error').textContent = submitted ? describeErrors(result.errors.get('form') ?? [], count).join('\n') : '';
  return result;
}

/** The same values as the enrolment in progress: then "Try again" is the same enrolment. */
const signature = (values) => JSON.stringify({ ...values, photos: values.photos.map((p) => p.id) });

form.addEventListener('input', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  if (e.target.id?.startsWith('use-')) touched.add('providers');
  check();
  updateButtons();
});
form.addEventListener('change', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  check();
  updateButtons();
});

// `?fault=horus:500` (only honoured by a server running on the mock) makes one
// provider fail on the first try, to show what an error and "Try again" look like.
const fault = new URLSearchParams(location.search).get('fault');
if (fault) {
  $('fault-banner').hidden = false;
  $('fault-banner').textContent = `Demo fault injection: ${fault.replace(':', ' → ')}`;
}
let faultSent = false;

/** Shows "Try again" when a provider may be tried again with the same details. */
function updateButtons() {
  const unchanged = current && current.signature === signature(readForm());
  const retryable = current && Object.values(current.outcomes).some((o) => o.status === 'failed' && o.retryable);
  $('retry').hidden = !(unchanged && retryable);
  $('another').hidden = !current;
}

async function run({ again }) {
  if (form.getAttribute('aria-busy') === 'true') return;
  submitted = true;
  if (picker.busy) { $('status').textContent = t(lang, 'stillReading'); return; }
  const { chosen, errors } = check();
  const problems = [...errors.values()].reduce((n, l) => n + l.length, 0);
  if (problems > 0) {
    $('status').textContent = problems === 1 ? t(lang, 'fixOne') : t(lang, 'fixMany', { n: problems });
    const first = [...form.querySelectorAll('[data-control]')].find((f) => errors.has(f.dataset.control));
    const target = first?.dataset.control === 'providers' ? $('use-verifik') : $(first?.dataset.control ?? 'firstName');
    target?.focus();
    return;
  }
  const values = readForm();
  const sig = signature(values);
  // Same details as the enrolment in progress: the same person object, so the
  // same key: the server answers what is done and runs only what failed.
  if (!current || current.signature !== sig) {
    current = { signature: sig, person: toPerson(values, 'send'), providers: chosen, outcomes: {} };
  }
  const labels = Object.fromEntries(PROVIDERS.map((p) => [p.key, p]));
  // aria-disabled, not disabled: a disabled button would drop keyboard focus.
  form.setAttribute('aria-busy', 'true');
  $('submit').setAttribute('aria-disabled', 'true');
  $('status').textContent = again ? 'Trying again…' : `Creating the person in ${current.providers.map((k) => labels[k].label).join(', ')}…`;
  $('results-empty').hidden = true;
  $('results').replaceChildren();
  const items = new Map(current.providers.map((k) => [k, renderPending($('results'), labels[k])]));
  const headers = fault && !faultSent ? { 'x-demo-fault': fault } : undefined;
  faultSent = true;
  try {
    const summary = await personkit.enrol(current.person, {
      endpoint: '/api/enrol',
      providers: current.providers,
      headers,
      locale: lang,
      onProgress: (provider, outcome) => {
        current.outcomes[provider] = outcome;
        if (items.has(provider)) renderOutcome(items.get(provider), labels[provider], outcome);
      },
    });
    for (const [provider, outcome] of Object.entries(summary.results)) {
      if (!items.has(provider)) continue;
      current.outcomes[provider] = outcome;
      renderOutcome(items.get(provider), labels[provider], outcome);
    }
    const done = Object.values(current.outcomes).filter((o) => o.status === 'created' || o.status === 'exists').length;
    $('status').textContent = done === current.providers.length
      ? 'Done: you are registered everywhere you chose.'
      : `Registered in ${done} of ${current.providers.length}. The details are below.`;
  } catch (err) {
    for (const [k, li] of items) if (li.dataset.outcome === 'pending') renderOutcome(li, labels[k], { status: 'failed', message: 'Not sent.' });
    if (err?.code === 'IDEMPOTENCY_KEY_REUSED' || err?.code === 'VALIDATION_FAILED' || err?.code === 'FIELD_NOT_ALLOWED') {
      $('status').textContent = 'Please check your details and try again.';
    } else if (err?.code === 'NETWORK') {
      $('status').textContent = 'We could not reach the server. Your details are kept: press "Try again".';
      current.outcomes = Object.fromEntries(current.providers.map((k) => [k, { status: 'failed', retryable: true }]));
    } else {
      $('status').textContent = 'Something went wrong on our side. Please try again later.';
    }
  } finally {
    form.removeAttribute('aria-busy');
    $('submit').removeAttribute('aria-disabled');
    updateButtons();
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); run({ again: false }); });
$('retry').addEventListener('click', () => run({ again: true }));
$('another').addEventListener('click', () => {
  current = null;
  form.reset();
  picker.clear();
  touched.clear();
  submitted = false;
  $('results').replaceChildren();
  $('results-empty').hidden = false;
  $('status').textContent = '';
  check();
  updateButtons();
  $('firstName').focus();
});

$('version').textContent = personkit.version();
fetch('/api/config').then((r) => r.json()).then((config) => {
  const providers = config.providers ?? {};
  renderModes($('modes'), providers);
  // A system this server does not run cannot be chosen.
  for (const { key } of PROVIDERS) {
    if (providers[key]?.mode === 'off') { $(`use-${key}`).checked = false; $(`use-${key}`).disabled = true; }
  }
  check();
}).catch(() => {});

// The page's language: its own words (i18n.js) and personkit's messages.
function setLanguage(next) {
  lang = next;
  localStorage.setItem('lang', next);
  translatePage(document, lang);
  // encodeImage's refusals (photos.js) follow it too.
  personkit.setLocale(lang);
  check();
}
$('language').addEventListener('click', () => setLanguage(lang === 'es' ? 'en' : 'es'));
translatePage(document, lang);
personkit.setLocale(lang);
