import * as pk from 'personkit';
import * as server from 'personkit/server';
import { check } from './check.mjs';
import { serverCheck } from './server-check.mjs';

// No top-level await: esbuild bundles this file as CommonJS too.
const [mock, refused] = process.argv.slice(2);
check(pk, mock, refused)
  .then(async (r) => ({ ...r, server: await serverCheck(server, pk, mock) }))
  .then((r) => console.log(`PK-RESULT ${JSON.stringify(r)}`));
