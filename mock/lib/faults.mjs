// Fault injection. A spec is `;`-separated parts, e.g. `503;retry-after=1`,
// `delay=2000`, `reset;after-create`, `huge`, `html`, `bad-json;500`.
//
//   <status>          answer that HTTP status (400–599) with a provider-shaped error body
//   retry-after=N     add a Retry-After: N header
//   delay=MS          wait MS milliseconds first (alone: then answer normally); a
//                     client that hangs up meanwhile is never handled (nobody created)
//   reset             destroy the socket without answering
//   bad-json          success status (or <status>) with a truncated JSON body
//   html              an HTML error page, status 502 (or <status>)
//   huge[=BYTES]      success status (or <status>) with a multi-megabyte JSON body
//   redirect[=3XX]    a redirect (307, or 301/302/303/308) back to the same URL: a
//                     client that follows it comes back and counts another attempt
//   quote[=upper|lower|ascii]  an error (409, or <status>) whose message quotes the
//                     request's values, as sent or re-written (ascii: upper case
//                     without accents), as a provider that echoes the request may
//   after-create      handle the request normally first (the person IS created),
//                     then apply the fault to the answer
//   on=create|lookup  only for requests of that kind (x-mock-fault header): a client
//                     that sends its headers on every request can fault its create
//                     and not the lookup that follows, or the other way round

import { statusText } from './http.mjs';

const ACTIONS = new Set(['reset', 'bad-json', 'html', 'huge', 'redirect', 'quote']);
const QUOTES = new Set(['upper', 'lower', 'ascii']);
const REDIRECTS = new Set(['301', '302', '303', '307', '308']);
const MAX_DELAY_MS = 120_000;

/** Parses a fault spec; throws an Error whose message says what is wrong. */
export function parseFault(spec) {
  if (typeof spec !== 'string' || spec.trim() === '') throw new Error('fault spec must be a non-empty string');
  const fault = { status: null, retryAfter: null, delay: 0, action: null, hugeBytes: null, redirectStatus: null, quote: null, afterCreate: false, on: null };
  for (const raw of spec.split(';')) {
    const part = raw.trim().toLowerCase();
    if (part === '') continue;
    const [name, value] = part.split('=', 2);
    if (/^\d{3}$/.test(part)) {
      const status = Number(part);
      if (status < 400 || status > 599) throw new Error(`fault status ${status} is not 400–599`);
      fault.status = status;
    } else if (name === 'retry-after' && /^\d+$/.test(value ?? '')) {
      fault.retryAfter = value;
    } else if (name === 'delay' && /^\d+$/.test(value ?? '')) {
      fault.delay = Math.min(Number(value), MAX_DELAY_MS);
    } else if (name === 'after-create' && value === undefined) {
      fault.afterCreate = true;
    } else if (name === 'on' && (value === 'create' || value === 'lookup')) {
      fault.on = value;
    } else if (ACTIONS.has(name) && (value === undefined || (name === 'huge' && /^\d+$/.test(value)) || (name === 'redirect' && REDIRECTS.has(value)) || (name === 'quote' && QUOTES.has(value)))) {
      if (fault.action) throw new Error(`fault spec has two actions: ${fault.action} and ${name}`);
      fault.action = name;
      if (value !== undefined && name === 'huge') fault.hugeBytes = Number(value);
      if (name === 'redirect') fault.redirectStatus = Number(value ?? 307);
      if (name === 'quote') fault.quote = value ?? 'as-sent';
    } else {
      throw new Error(`unknown fault part "${raw.trim()}"`);
    }
  }
  if (!fault.status && !fault.action && !fault.delay) throw new Error('fault spec needs a status, delay or action');
  return fault;
}

/** True when the fault changes the answer (a bare delay does not). */
export const changesAnswer = (fault) => fault.status !== null || fault.action !== null;

const HTML_PAGE = (status) =>
  `<!DOCTYPE html>\n<html><head><title>${status} ${statusText(status)}</title></head>` +
  `<body><h1>${status} ${statusText(status)}</h1><p>personkit-mock injected fault</p></body></html>\n`;

/**
 * The answer a fault gives, as `{ status, body, contentType, headers }`, or
 * `{ reset: true }`. `ctx`:
 *   successStatus  the provider's success status (201 Equals, 200 otherwise)
 *   errorBody(status, text)  a provider-shaped error body
 *   result         the normal answer (after-create only), or null
 *   hugeBytes      default size for `huge`
 *   url            the request's path and query (where `redirect` points)
 *   sent           the request's JSON body (what `quote` quotes), or null
 */
export function faultAnswer(fault, ctx) {
  const headers = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
  const json = (status, body) => ({ status, body, contentType: 'application/json; charset=utf-8', headers });
  switch (fault.action) {
    case 'reset':
      return { reset: true };
    case 'redirect':
      return { status: fault.redirectStatus, body: '', contentType: 'text/plain; charset=utf-8', headers: { ...headers, location: ctx.url } };
    case 'html':
      return { ...json(fault.status ?? 502, HTML_PAGE(fault.status ?? 502)), contentType: 'text/html; charset=utf-8' };
    case 'bad-json': {
      const status = fault.status ?? ctx.successStatus;
      const full = JSON.stringify(ctx.result?.body ?? { success: true, data: { id: 'truncated' } });
      return json(status, full.slice(0, Math.max(1, Math.floor(full.length / 2))));
    }
    case 'huge': {
      const status = fault.status ?? ctx.successStatus;
      const base = fault.status ? ctx.errorBody(status, statusText(status)) : (ctx.result?.body ?? {});
      return json(status, padJson(base, fault.hugeBytes ?? ctx.hugeBytes));
    }
    case 'quote': {
      const status = fault.status ?? 409;
      return json(status, ctx.errorBody(status, `already registered: ${quoted(ctx.sent, fault.quote)}`));
    }
    default:
      return json(fault.status, ctx.errorBody(fault.status, statusText(fault.status)));
  }
}

/** The string values of a request body (not a photo's base64), re-written as `how` says. */
function quoted(sent, how) {
  const values = [];
  const walk = (v) => {
    if (typeof v === 'string' && v.length <= 100) values.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(sent);
  const text = values.join(' / ');
  if (how === 'upper') return text.toUpperCase();
  if (how === 'lower') return text.toLowerCase();
  if (how === 'ascii') return text.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();
  return text;
}

/** `base` as JSON with an extra `padding` string so the whole is about `bytes` long. */
function padJson(base, bytes) {
  const head = JSON.stringify(base ?? {});
  const open = head === '{}' ? '{' : `${head.slice(0, -1)},`;
  return `${open}"padding":"${'x'.repeat(Math.max(0, bytes - open.length - 14))}"}`;
}
