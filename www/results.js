// Per-provider progress and outcome in the results list (an aria-live region).
// Everything the server says is set with textContent, never parsed as HTML.

import { t } from '/i18n.js';

const OUTCOMES = ['pending', 'created', 'exists', 'error'];

function line(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/** Adds the provider's row in its "sending" state and returns it. */
export function renderPending(list, provider, lang) {
  const li = document.createElement('li');
  li.dataset.provider = provider.key;
  li.dataset.outcome = 'pending';
  li.append(line('provider', provider.label), line('outcome', t(lang, 'pending')), line('detail', ''));
  list.append(li);
  return li;
}

/** What to tell the user under the headline, from the backend's JSON answer. */
function details(answer, lang) {
  const parts = [];
  if (answer.outcome === 'created') {
    if (answer.id) parts.push(`id ${answer.id}`);
    if (answer.personaId) parts.push(`persona ${answer.personaId}`);
    if (answer.message) parts.push(answer.message);
  } else {
    if (answer.message) parts.push(answer.message);
    if (answer.id) parts.push(`${t(lang, 'existingId')} ${answer.id}`);
    // The code always; status and provider code only when the message lacks them.
    const where = [answer.code, answer.providerCode, answer.status]
      .filter((v, i) => v !== undefined && v !== null && (i === 0 || !String(answer.message ?? '').includes(String(v))));
    if (answer.outcome === 'error' && where.length) parts.push(`(${where.join(' · ')})`);
  }
  if (answer.requestId) parts.push(`${t(lang, 'request')} ${answer.requestId}`);
  return parts.join(' · ');
}

export function renderOutcome(li, provider, answer, lang) {
  const outcome = OUTCOMES.includes(answer.outcome) ? answer.outcome : 'error';
  li.dataset.outcome = outcome;
  li.replaceChildren(line('provider', provider.label), line('outcome', t(lang, outcome)), line('detail', details(answer, lang)));
  for (const e of (answer.errors ?? []).slice(0, 10)) {
    li.append(line('detail', `${e.field}: ${e.message}`));
  }
}

/** The header badges: where each system's calls go (the local mock or the real API). */
export function renderModes(list, providers, lang) {
  const labels = { verifik: 'Verifik', equals: 'Equals', horus: 'Horus' };
  list.replaceChildren(...Object.entries(labels).map(([key, label]) => {
    const mode = providers[key]?.mode ?? 'off';
    const li = document.createElement('li');
    li.dataset.mode = mode;
    li.textContent = `${label}: ${mode === 'live' ? t(lang, 'realApi') : mode}`;
    return li;
  }));
}
