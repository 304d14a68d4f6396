// Per-provider outcome in the results list (an aria-live region), as each
// arrives. Everything the server says is set with textContent, never parsed
// as HTML; the server's messages are written for the person at the keyboard.

const HEADLINE = { pending: 'Sending…', created: 'Created', exists: 'Already registered', failed: 'Failed', skipped: 'Not sent' };

function line(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/** Adds the provider's row in its "sending" state and returns it. */
export function renderPending(list, provider) {
  const li = document.createElement('li');
  li.dataset.provider = provider.key;
  li.dataset.outcome = 'pending';
  li.append(line('provider', provider.label), line('outcome', HEADLINE.pending), line('detail', ''));
  list.append(li);
  return li;
}

/** What to show under the headline: the server's sentence, then the ids and the code for support. */
function details(o) {
  const parts = [];
  if (o.message) parts.push(o.message);
  const ref = [o.id && `id ${o.id}`, o.personaId && `persona ${o.personaId}`, o.status === 'failed' && o.code].filter(Boolean);
  if (ref.length) parts.push(`(${ref.join(' · ')})`);
  return parts.join(' ');
}

/** Shows one Outcome `{ status, id?, personaId?, code?, message?, retryable? }`. */
export function renderOutcome(li, provider, outcome) {
  const status = HEADLINE[outcome?.status] ? outcome.status : 'failed';
  li.dataset.outcome = status;
  li.dataset.retryable = String(outcome?.retryable === true);
  li.replaceChildren(line('provider', provider.label), line('outcome', HEADLINE[status]), line('detail', details(outcome ?? {})));
}

/** The header badges: where each system's calls go (the local mock or the real API). */
export function renderModes(list, providers) {
  const labels = { verifik: 'Verifik', equals: 'Equals', horus: 'Horus' };
  list.replaceChildren(...Object.entries(labels).map(([key, label]) => {
    const mode = providers[key]?.mode ?? 'off';
    const li = document.createElement('li');
    li.dataset.mode = mode;
    li.textContent = `${label}: ${mode === 'live' ? 'real API' : mode}`;
    return li;
  }));
}
