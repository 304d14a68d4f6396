import * as pk from 'npm:personkit';
import { check } from './check.mjs';

console.log(`PK-RESULT ${JSON.stringify(await check(pk, Deno.args[0], Deno.args[1]))}`);
