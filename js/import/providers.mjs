// The providers of a run: each one's client (made here, with maxRetries 0,
// so that the importer's shared pause governs a 429 and not one client's own
// sleep), its server-owned fields, and what the lookups need. Credentials come
// from the options or the environment, never from a command-line flag.
import wasm from '../../pkg/node/personkit.js';
import clients from '../node-clients.cjs';
import { invalidOptions, unknownOption } from './invalid.mjs';

export const PROVIDERS = ['verifik', 'equals', 'horus'];

const CREDENTIALS = {
  verifik: { token: 'VERIFIK_TOKEN' },
  equals: { apiKey: 'EQUALS_API_KEY' },
  horus: { clientId: 'HORUS_CLIENT_ID', clientSecret: 'HORUS_CLIENT_SECRET' },
};
const BASE_URL_ENV = { verifik: 'VERIFIK_BASE_URL', equals: 'EQUALS_BASE_URL', horus: 'HORUS_BASE_URL' };
/**
 * The clients' own defaults (Horus has none), which the importer's lookups
 * need by name. Equals' production address, as the client's: a run on the
 * sandbox names it (EQUALS_BASE_URL), as the README's clients do.
 */
const DEFAULT_BASE_URL = { verifik: 'https://api.verifik.co', equals: 'https://api.equalsmoney.com' };
/** Server-owned fields each provider cannot do without. */
export const REQUIRED = { verifik: [], equals: ['accountId', 'roleName'], horus: ['categoryId', 'positionId'] };
const CLIENT_OPTIONS = ['baseUrl', 'timeoutMs', 'fetch', 'headers'];

/** A person every provider accepts: the settings are checked with it once, before any row. */
const SAMPLE = { firstName: 'Ana', lastName: 'Quispe', email: 'ana@example.pe', identityNumber: '45879632', dateOfBirth: '1990-12-04' };

/** The server-owned fields the providers' rules refuse ({ provider, field: 'server.…', message }): wrong for every row. */
export function settingsErrors(serverFields, locale) {
  const r = wasm.toProviderPayloads(SAMPLE, serverFields, locale === undefined ? undefined : { locale });
  return r.ok ? [] : r.errors.filter((e) => e.field.startsWith('server.'));
}


/**
 * `env` with a stand-in for each credential it lacks: a dry run makes the
 * clients to check their settings as a run does, needing no credential, and
 * sends nothing with them.
 */
export function withStandInCredentials(env) {
  const out = { ...env };
  for (const names of Object.values(CREDENTIALS)) for (const name of Object.values(names)) if (!out[name]) out[name] = 'dry-run';
  return out;
}

/**
 * @param {Record<string, object>} providers  { equals: { accountId, roleName, apiKey?, baseUrl? }, … }
 * @param {NodeJS.ProcessEnv} env
 * @param {string} [locale]  the language of the clients' errors
 */
export function makeProviders(providers, env = process.env, locale = undefined) {
  const fail = (detail, field) => { throw invalidOptions(detail, { field, locale }); };
  if (!providers || typeof providers !== 'object' || Array.isArray(providers)) {
    fail('providers is required: { verifik?: { collections }, equals?: { accountId, roleName }, horus?: { categoryId, positionId } }', 'providers');
  }
  const out = {};
  // Every credential missing is named at once: a first set-up missing two would otherwise take two refused runs.
  const missing = [];
  for (const [p, o] of Object.entries(providers)) {
    if (!PROVIDERS.includes(p)) fail(unknownOption(p, PROVIDERS, 'provider'), `providers.${p}`);
    if (o === undefined || o === null || o === false) continue;
    for (const [k, name] of Object.entries(CREDENTIALS[p])) {
      const v = (o === true ? undefined : o[k]) ?? env[name];
      if (typeof v !== 'string' || v === '') missing.push([`${p}: ${k} is missing (set ${name})`, `providers.${p}.${k}`]);
    }
  }
  if (missing.length > 0) fail(missing.map(([d]) => d).join('; '), missing[0][1]);
  for (const [p, o] of Object.entries(providers)) {
    if (o === undefined || o === null || o === false) continue;
    const given = o === true ? {} : { ...o };
    const creds = {};
    for (const [k, name] of Object.entries(CREDENTIALS[p])) {
      creds[k] = given[k] ?? env[name];
      delete given[k];
    }
    const client = {};
    for (const k of CLIENT_OPTIONS) {
      if (given[k] !== undefined) client[k] = given[k];
      delete given[k];
    }
    // Equals: look every row up before its create (a person already on the account, from a signup, the
    // server half, or an import with another journal: nothing ties a journal to its file). On unless
    // turned off (`lookFirst: false`), as personkit/server always looks Equals up first.
    if (p === 'equals' && given.lookFirst !== undefined && typeof given.lookFirst !== 'boolean') fail('equals: lookFirst must be true or false', 'providers.equals.lookFirst');
    const lookFirst = p === 'equals' && given.lookFirst !== false;
    if (p === 'equals') delete given.lookFirst;
    client.baseUrl ??= env[BASE_URL_ENV[p]] || DEFAULT_BASE_URL[p];
    if (!client.baseUrl) fail(`${p}: baseUrl is missing (set ${BASE_URL_ENV[p]})`, `providers.${p}.baseUrl`);
    for (const f of REQUIRED[p]) if (given[f] === undefined) fail(`${p}: ${f} is required (the importer decides it, never the file)`, `providers.${p}.${f}`);
    // What is left are the provider's server-owned fields (accountId, roleName, collections, categoryId, …).
    out[p] = {
      client: new clients[`${p[0].toUpperCase()}${p.slice(1)}Client`]({ ...creds, ...client, maxRetries: 0, ...(locale === undefined ? {} : { locale }) }),
      serverFields: given,
      lookFirst,
      // The importer's own lookups go where the client's requests go, with the client's headers (a proxy's, a gateway's).
      lookup: { ...creds, baseUrl: client.baseUrl, fetch: client.fetch ?? globalThis.fetch, timeoutMs: client.timeoutMs ?? 30_000, headers: client.headers },
      // Where the persons go: kept in the journal, so a journal is never reused
      // for another account. A Horus password is no part of where, and a
      // journal is a plain file: only that one was given is kept.
      target: { baseUrl: client.baseUrl, ...given, ...(given.password !== undefined && { password: true }) },
    };
  }
  if (Object.keys(out).length === 0) fail('choose at least one provider', 'providers');
  const wrong = settingsErrors(Object.fromEntries(Object.entries(out).map(([p, v]) => [p, v.serverFields])), locale);
  if (wrong.length > 0) fail(`the settings are wrong for every row: ${wrong.map((e) => `${e.provider}.${e.field.slice(7)}: ${e.message}`).join('; ')}`, `providers.${wrong[0].provider}.${wrong[0].field.slice(7)}`);
  return out;
}
