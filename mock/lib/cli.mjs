// Command line: flags and config file → options for startMock().

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mergeConfig } from './config.mjs';

export const USAGE = `Usage: personkit-mock [options]

  --port N                  port to listen on (default 4010; 0 picks a free one)
  --host H                  address to bind (default 127.0.0.1)
  --config FILE             JSON config file (see mock/README.md)
  --verifik-shape file|docs which documented Verifik body shape to answer with
  --verifik-token T         accepted Verifik bearer token
  --equals-api-key K        accepted Equals API key
  --equals-account-ids A,B  existing Equals account ids
  --horus-client-id ID      accepted Horus clientId
  --horus-client-secret S   accepted Horus clientSecret
  --horus-category-ids 1,2  existing Horus category ids
  --horus-position-ids 1,2  existing Horus position ids
  --body-limit BYTES        largest accepted request body (default 52428800)
  --allowed-hosts A,B       Host names accepted besides 127.0.0.1, localhost, [::1]
  --quiet                   no per-request log lines
  --help                    this text
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  config: { type: 'string' },
  'verifik-shape': { type: 'string' },
  'verifik-token': { type: 'string' },
  'equals-api-key': { type: 'string' },
  'equals-account-ids': { type: 'string' },
  'horus-client-id': { type: 'string' },
  'horus-client-secret': { type: 'string' },
  'horus-category-ids': { type: 'string' },
  'horus-position-ids': { type: 'string' },
  'body-limit': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
};

const list = (s) => s?.split(',').map((x) => x.trim()).filter(Boolean);
const intList = (s, name) =>
  list(s)?.map((x) => {
    if (!/^-?\d+$/.test(x)) throw new TypeError(`--${name} must be comma-separated integers`);
    return Number(x);
  });
function int(s, name) {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw new TypeError(`--${name} must be a non-negative integer`);
  return Number(s);
}

/** argv (without node and script) → { help } or { port, host, quiet, config }. Throws on bad input. */
export function parseCli(argv) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return { help: true };

  const file = values.config ? JSON.parse(readFileSync(values.config, 'utf8')) : {};
  if (file === null || typeof file !== 'object' || Array.isArray(file)) {
    throw new TypeError(`${values.config} must hold a JSON object`);
  }
  const { port: filePort, host: fileHost, quiet: fileQuiet, ...fileConfig } = file;
  const flags = {
    verifik: { shape: values['verifik-shape'], token: values['verifik-token'] },
    equals: { apiKey: values['equals-api-key'], accountIds: list(values['equals-account-ids']) },
    horus: {
      clientId: values['horus-client-id'],
      clientSecret: values['horus-client-secret'],
      categoryIds: intList(values['horus-category-ids'], 'horus-category-ids'),
      positionIds: intList(values['horus-position-ids'], 'horus-position-ids'),
    },
    bodyLimit: int(values['body-limit'], 'body-limit'),
    allowedHosts: list(values['allowed-hosts']),
  };
  return {
    port: int(values.port, 'port') ?? filePort ?? 4010,
    host: values.host ?? fileHost ?? '127.0.0.1',
    quiet: values.quiet ?? fileQuiet ?? false,
    // Flags win over the file; unset flags are undefined and skipped.
    config: mergeConfig(fileConfig, flags),
  };
}
