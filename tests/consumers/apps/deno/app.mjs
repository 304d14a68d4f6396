import * as pk from 'npm:personkit';
import * as server from 'npm:personkit/server';
import { check } from './check.mjs';
import { serverCheck } from './server-check.mjs';

const r = await check(pk, Deno.args[0], Deno.args[1]);
r.server = await serverCheck(server, pk, Deno.args[0]);
console.log(`PK-RESULT ${JSON.stringify(r)}`);
