// Per-provider outcome in the results list (an aria-live region), as each
// arrives. Everything the server says is set with textContent, never parsed
// as HTML. The headline is the page's word for the status (`say`: the page's
// t() in its language); the sentence under it is the server's own, written
// for the person at the keyboard in the language the page asked for.

// `unknown`: the page's own, for a system whose answer the connection lost (the server may have run it).
const STATUSES = ['pending', 'created', 'exists', 'failed', 'skipped', 'unknown'];

function line(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/** Adds the provider's row in its "sending" state and returns it. */
export function renderPending(list, provider, say) {
  const li = document.createElement('li');
  li.dataset.provider = provider.key;
  li.dataset.outcome = 'pending';
  li.append(line('provider', provider.label), line('outcome', say('pending')), line('detail', ''));
  list.append(li);
  return li;
}

/**
 * Under the headline: the server's sentence, marked with the language it was
 * asked in (it stays so after a switch, until the next send), then the ids
 * and the code for support in the page's words.
 */
function details(o, say, lang) {
  const el = line('detail', '');
  if (o.message) {
    const message = line('message', o.message);
    if (lang) message.lang = lang;
    el.append(message);
  }
  const ref = [o.id && say('idRef', { id: o.id }), o.personaId && say('personaRef', { id: o.personaId }), o.status === 'failed' && o.code && say('codeRef', { code: o.code })].filter(Boolean);
  if (ref.length) el.append(`${o.message ? ' ' : ''}(${ref.join(' · ')})`);
  return el;
}

/** Shows one Outcome `{ status, id?, personaId?, code?, message?, retryable? }`; `lang`: the language its message was asked in. */
export function renderOutcome(li, provider, outcome, say, lang) {
  const status = STATUSES.includes(outcome?.status) ? outcome.status : 'failed';
  li.dataset.outcome = status;
  li.dataset.retryable = String(outcome?.retryable === true);
  li.replaceChildren(line('provider', provider.label), line('outcome', say(status)), details(outcome ?? {}, say, lang));
}

/** The header badges: where each system's calls go (the local mock or the real API). */
export function renderModes(list, providers, say) {
  const labels = { verifik: 'Verifik', equals: 'Equals', horus: 'Horus' };
  const word = { live: 'modeLive', mock: 'modeMock', off: 'modeOff' };
  list.replaceChildren(...Object.entries(labels).map(([key, label]) => {
    const mode = providers[key]?.mode ?? 'off';
    const li = document.createElement('li');
    li.dataset.mode = mode;
    li.textContent = say('mode', { system: label, mode: word[mode] ? say(word[mode]) : mode });
    return li;
  }));
}
