// The signup page: live validation with the same table the server uses
// (toProviderPayloads), and one submit through enrol() to the backend's one
// route, which creates the person in each chosen system exactly once. No
// inline script (the CSP forbids it); server answers are rendered with
// textContent only.
import * as personkit from '/js/browser.mjs';
import { PROVIDERS, toPerson, validateForm, errorsFromServer } from '/payloads.js';
import { initialLanguage, t, translatePage, nameCountries, documentKind, documentMessages } from '/i18n.js';
import { createPhotoPicker } from '/photos.js';
import { renderPending, renderOutcome, renderModes } from '/results.js';

// Spanish unless `?lang=en` or the switch says otherwise. Every text the page
// shows is in it: its own words (i18n.js), personkit's validation messages
// and the server's outcomes (enrol() asks for this language).
let lang = initialLanguage(location.search, localStorage.getItem('lang'));
const say = (key, values) => t(lang, key, values);

const $ = (id) => document.getElementById(id);
const form = $('signup');
// Errors show for a control once the user has touched it, or after a submit.
const touched = new Set();
let submitted = false;
/** The server's field errors from its last refusal (422, FIELD_NOT_ALLOWED), by control: shown until that control changes. */
let serverErrors = new Map();
/** The enrolment in progress: the person object sent (its idempotency key comes with it), and what it got. */
let current = null;
/** The result rows on the page, by provider: `{ li, lang, outcome }` (`lang`: the one the server was asked in; no outcome while pending). */
let shown = new Map();

/** Shows `outcome` in its provider's row, and keeps it for a change of language. */
function show(provider, outcome) {
  const row = shown.get(provider);
  if (!row) return;
  row.outcome = outcome;
  renderOutcome(row.li, LABELS[provider], outcome, say, row.lang);
}
/** Where each system runs, from /api/config (null until it answers). */
let config = null;
const LABELS = Object.fromEntries(PROVIDERS.map((p) => [p.key, p]));

const picker = createPhotoPicker(
  { input: $('photos'), drop: $('photos-drop'), list: $('photo-list'), error: $('photos-refused'), count: $('photos-count') },
  personkit,
  () => { touched.add('photos'); serverErrors.delete('photos'); check(); },
  say,
);

/** The status line: kept as a key, so a change of language words it again. */
let status = null;
function setStatus(key, values) {
  status = key ? { key, values } : null;
  $('status').textContent = key ? say(key, values) : '';
}

/** The form's values as payloads.js expects them. */
function readForm() {
  const value = (id) => $(id).value;
  const values = Object.fromEntries([
    'firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'gender', 'nationality', 'identityNumber',
  ].map((id) => [id, value(id)]));
  values.photos = picker.photos;
  values.providers = Object.fromEntries(PROVIDERS.map(({ key }) => [key, $(`use-${key}`).checked]));
  return values;
}

/** personkit's messages with the identity document named as the chosen nationality names it (i18n.js). */
const messages = () => documentMessages(lang, documentKind($('nationality').value));

/** The identity document's label and hint, as the chosen nationality names it: Colombia's cédula, Peru's DNI, else neutral words. */
function nameDocument() {
  const kind = documentKind($('nationality').value);
  const words = [[form.querySelector('label[for="identityNumber"] [data-i18n]'), 'identityNumber'], [$('identityNumber-hint'), 'identityHint']];
  for (const [el, key] of words) {
    el.dataset.i18n = `${key}${kind}`;
    el.textContent = say(el.dataset.i18n);
  }
}

/** Validates everything and shows the messages of the touched controls. */
function check() {
  const result = validateForm(readForm(), personkit, lang, say('chooseSystem'), messages());
  for (const field of form.querySelectorAll('[data-control]')) {
    const control = field.dataset.control;
    const shown = submitted || touched.has(control);
    const list = [...new Set([...(shown ? (result.errors.get(control) ?? []) : []), ...(serverErrors.get(control) ?? [])])];
    const error = $(`${control}-error`);
    if (error) error.textContent = list.join('\n');
    // The systems' error is on each checkbox too: a group's description is not read by every screen reader.
    const inputs = control === 'providers' ? field.querySelectorAll('input') : [$(control)];
    for (const input of inputs) input?.setAttribute('aria-invalid', String(list.length > 0));
  }
  // A number without its country code is one (Equals takes it as typed), but
  // of which country? Said, never guessed: nothing is added to it.
  const phone = $('phone').value.trim();
  $('phone-note').textContent = phone && !/^(\(?\+|00)/.test(phone) && !result.errors.has('phone') ? say('phoneLocal') : '';
  // Problems no control owns (should not happen, but never hide them).
  $('form-error').textContent = [...(submitted ? (result.errors.get('form') ?? []) : []), ...(serverErrors.get('form') ?? [])].join('\n');
  return result;
}

/** The same values as the enrolment in progress: then "Try again" is the same enrolment. */
const signature = (values) => JSON.stringify({ ...values, photos: values.photos.map((p) => p.id) });

form.addEventListener('input', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  serverErrors.delete(e.target.id);
  if (e.target.id?.startsWith('use-')) touched.add('providers');
  check();
  updateButtons();
});
form.addEventListener('change', (e) => {
  if (e.target.id && e.target.type !== 'file') touched.add(e.target.id);
  if (e.target.id === 'nationality') nameDocument();
  serverErrors.delete(e.target.id);
  check();
  updateButtons();
});

// `?fault=horus:500` (only honoured by a server running on the mock) makes one
// provider fail on the first try, to show what an error and "Try again" look like.
const fault = new URLSearchParams(location.search).get('fault');
if (fault) {
  $('fault-banner').hidden = false;
  $('fault-banner').textContent = say('fault', { list: fault.replace(':', ' → ') });
}
let faultSent = false;

/** Shows "Try again" when a provider may be tried again with the same details. */
function updateButtons() {
  const unchanged = current && current.signature === signature(readForm());
  const retryable = current && Object.values(current.outcomes).some((o) => o.status === 'failed' && o.retryable);
  const hadFocus = document.activeElement === $('retry');
  $('retry').hidden = !(unchanged && retryable);
  $('another').hidden = !current;
  // A hidden button drops the keyboard's place to <body>: keep it on the next thing to do.
  if (hadFocus && $('retry').hidden) $(current ? 'another' : 'submit').focus();
}

/**
 * The systems where sending `values` after the enrolment `sent` makes a second
 * record: the person changed is a new key (README), and each system that has
 * them, or may (no answer), tells a person by other fields: Verifik by name
 * and date of birth, Equals by email, Horus by email or document (it refuses
 * either again). Shown before sending, since no system can correct the first.
 */
function secondRecords(sent, values, chosen) {
  const now = toPerson(values);
  const changed = (f) => (sent.person[f] ?? '').toLowerCase() !== (now[f] ?? '').toLowerCase();
  const twice = {
    verifik: ['firstName', 'lastName', 'dateOfBirth'].some(changed),
    equals: changed('email'),
    horus: changed('email') && changed('identityNumber'),
  };
  return chosen.filter((k) => twice[k] && ['created', 'exists', 'unknown'].includes(shown.get(k)?.outcome?.status));
}
/** The details the person was warned about and chose to send anyway (see secondRecords). */
let confirmed = null;

// A send whose outcome is not known yet, kept in the tab's sessionStorage (as
// enrol() keeps its keys): the systems asked, never the person. A reload before
// every system answered finds it, and says so rather than "nothing sent yet".
const SENDING = 'personkit-demo.sending';
// A reload aborts the request in flight: that failure says nothing of what the server did.
let leaving = false;
addEventListener('pagehide', () => { leaving = true; });
addEventListener('pageshow', () => { leaving = false; });
function keepSending(providers) {
  if (leaving) return;
  try {
    if (providers) sessionStorage.setItem(SENDING, JSON.stringify(providers));
    else sessionStorage.removeItem(SENDING);
  } catch {
    // Storage refused (a sandboxed frame): a reload will not know.
  }
}

/** Moves the focus to the first control with an error. */
function focusFirst(errors) {
  const first = [...form.querySelectorAll('[data-control]')].find((f) => errors.has(f.dataset.control));
  const target = first?.dataset.control === 'providers' ? $('use-verifik') : $(first?.dataset.control ?? 'firstName');
  target?.focus();
}

async function run({ again }) {
  if (form.getAttribute('aria-busy') === 'true') return;
  submitted = true;
  if (picker.busy) { setStatus('stillReading'); return; }
  const { chosen, errors } = check();
  const problems = [...errors.values()].reduce((n, l) => n + l.length, 0);
  if (problems > 0) {
    if (problems === 1) setStatus('fixOne'); else setStatus('fixMany', { n: problems });
    focusFirst(errors);
    return;
  }
  serverErrors = new Map();
  check();
  const values = readForm();
  const sig = signature(values);
  // Same details as the enrolment in progress: the same person object, so the
  // same key: the server answers what is done and runs only what failed.
  if (!current || current.signature !== sig) {
    const twice = current ? secondRecords(current, values, chosen) : [];
    if (twice.length > 0 && confirmed !== sig) {
      confirmed = sig;
      setStatus('secondRecord', { list: twice.map((k) => LABELS[k].label).join(', ') });
      return;
    }
    current = { signature: sig, person: toPerson(values, 'send'), providers: chosen, outcomes: {} };
  }
  // aria-disabled, not disabled: a disabled button would drop keyboard focus.
  form.setAttribute('aria-busy', 'true');
  $('submit').setAttribute('aria-disabled', 'true');
  if (again) setStatus('trying');
  else setStatus('creating', { list: current.providers.map((k) => LABELS[k].label).join(', ') });
  $('results-empty').hidden = true;
  $('results').replaceChildren();
  shown = new Map(current.providers.map((k) => [k, { li: renderPending($('results'), LABELS[k], say), lang }]));
  const demoFault = fault && !faultSent ? { 'x-demo-fault': fault } : {};
  faultSent = true;
  // Whether the server answered at all: a NETWORK error after that is an
  // answer cut off on the way back, and the server may have run every system.
  let reached = false;
  // Whether its answer began (a 200): an error after that (a line saying the
  // server failed mid-run, a line that is not the server's) leaves open what ran.
  let began = false;
  // Whether a request left: only then is what a reload should know changed.
  let asked = false;
  const { providers } = current;
  try {
    const summary = await personkit.enrol(current.person, {
      endpoint: '/api/enrol',
      providers: current.providers,
      headers: demoFault,
      fetch: (...args) => {
        asked = true;
        keepSending(providers);
        return fetch(...args).then((res) => { reached = true; began = res.ok; return res; });
      },
      // enrol()'s own words, and the server's outcomes (it sends accept-language).
      locale: lang,
      ...(messages() && { messages: messages() }),
      onProgress: (provider, outcome) => {
        current.outcomes[provider] = outcome;
        show(provider, outcome);
      },
    });
    for (const [provider, outcome] of Object.entries(summary.results)) {
      if (!shown.has(provider)) continue;
      current.outcomes[provider] = outcome;
      show(provider, outcome);
    }
    const done = Object.values(current.outcomes).filter((o) => o.status === 'created' || o.status === 'exists').length;
    if (done === current.providers.length) setStatus('doneAll');
    else setStatus('done', { done, total: current.providers.length });
  } catch (err) {
    // Nothing was sent, except when the answer was cut off: then what has no
    // line yet may well be done. So too behind a 5xx that is not the server's
    // own refusal (a proxy's 502/504 page, a platform's crash page), and
    // after a failure mid-answer: the server may have run every system.
    const cut = err?.code === 'NETWORK' && reached;
    // A 409 after every wait: the same enrolment is still running there.
    const running = err?.code === 'IN_PROGRESS';
    const unsure = running || (err?.code === 'SERVER_ERROR' && err.status >= 500) || (began && err?.code !== 'NETWORK');
    // No answer of personkit/server's: Node's own empty 408 for an upload too
    // slow, a proxy's page, an empty body. The same details again are the same key.
    const bare = err?.code === 'SERVER_ERROR' || err?.code === 'BAD_RESPONSE';
    for (const [k, row] of shown) if (!row.outcome) show(k, { status: cut || unsure ? 'unknown' : 'skipped' });
    if (err?.code === 'VALIDATION_FAILED' || err?.code === 'FIELD_NOT_ALLOWED') {
      // The server's own rules: its words next to the fields, as the page's are.
      serverErrors = errorsFromServer(err, personkit);
      check();
      const n = [...serverErrors.values()].reduce((sum, l) => sum + l.length, 0);
      if (n === 0) setStatus('checkDetails');
      else if (n === 1) setStatus('fixOne');
      else setStatus('fixMany', { n });
      focusFirst(serverErrors);
    } else if (err?.code === 'IDEMPOTENCY_KEY_REUSED') {
      setStatus('checkDetails');
    } else if (unsure) {
      // The same details again are the same enrolment: "Try again" runs only what has no outcome.
      setStatus(running ? 'stillRunning' : 'ourSideUnsure');
      current.outcomes = Object.fromEntries(current.providers.map((k) => [k, { status: 'failed', retryable: true }]));
    } else if (err?.code === 'NETWORK' || bare) {
      setStatus(bare ? (err.status === 408 ? 'timedOut' : 'noAnswer') : cut ? 'cutOff' : 'unreachable');
      current.outcomes = Object.fromEntries(current.providers.map((k) => [k, { status: 'failed', retryable: true }]));
    } else if (err?.code === 'PAYLOAD_TOO_LARGE') {
      // A server or a proxy in front (nginx takes 1 MB by default) refused the photos' size: waiting will not help.
      setStatus('tooLarge');
    } else if (err?.code === 'RATE_LIMITED') {
      setStatus('rateLimited');
    } else {
      setStatus('ourSide');
    }
  } finally {
    if (asked) keepSending([...shown.values()].some((row) => row.outcome?.status === 'unknown') ? providers : null);
    form.removeAttribute('aria-busy');
    $('submit').removeAttribute('aria-disabled');
    updateButtons();
  }
}

form.addEventListener('submit', (e) => { e.preventDefault(); run({ again: false }); });
$('retry').addEventListener('click', () => run({ again: true }));
$('another').addEventListener('click', () => {
  current = null;
  confirmed = null;
  keepSending(null);
  serverErrors = new Map();
  form.reset();
  nameDocument();
  picker.clear();
  touched.clear();
  submitted = false;
  $('results').replaceChildren();
  shown = new Map();
  $('results-empty').hidden = false;
  setStatus(null);
  check();
  updateButtons();
  $('firstName').focus();
});

$('version').textContent = personkit.version();
fetch('/api/config').then((r) => r.json()).then((answer) => {
  const providers = answer.providers ?? {};
  config = providers;
  renderModes($('modes'), providers, say);
  // A system this server does not run cannot be chosen.
  for (const { key } of PROVIDERS) {
    if (providers[key]?.mode === 'off') { $(`use-${key}`).checked = false; $(`use-${key}`).disabled = true; }
  }
  check();
}).catch(() => {});

/** Puts every text the page shows in `lang`. */
function showLanguage() {
  translatePage(document, lang);
  // The switch names the other language in that language: say so to a screen reader's voice.
  $('language').lang = lang === 'es' ? 'en' : 'es';
  nameCountries($('nationality'), lang);
  // encodeImage's refusals (photos.js) follow it too.
  personkit.setLocale(lang);
  if (fault) $('fault-banner').textContent = say('fault', { list: fault.replace(':', ' → ') });
  if (config) renderModes($('modes'), config, say);
  picker.reword();
  // The outcomes keep the server's sentences (in the language they were asked
  // in, until the next send); their headlines and the status follow now.
  for (const [k, row] of shown) if (row.outcome) renderOutcome(row.li, LABELS[k], row.outcome, say, row.lang);
  if (status) setStatus(status.key, status.values);
}

function setLanguage(next) {
  lang = next;
  localStorage.setItem('lang', next);
  showLanguage();
  check();
}
$('language').addEventListener('click', () => setLanguage(lang === 'es' ? 'en' : 'es'));

// A send this tab started before a reload, still without an answer: its outcome is unknown.
let sending = null;
try {
  sending = JSON.parse(sessionStorage.getItem(SENDING));
} catch { /* none, or storage refused */ }
if (Array.isArray(sending)) {
  $('results-empty').hidden = true;
  shown = new Map(PROVIDERS.filter(({ key }) => sending.includes(key)).map((p) => [p.key, { li: renderPending($('results'), p, say), lang }]));
  for (const k of shown.keys()) show(k, { status: 'unknown' });
  setStatus('reloaded');
}
nameDocument();
showLanguage();
