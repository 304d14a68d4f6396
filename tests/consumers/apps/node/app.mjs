import * as pk from 'personkit';
import { check } from './check.mjs';

check(pk, process.argv[2], process.argv[3]).then((r) => console.log(`PK-RESULT ${JSON.stringify(r)}`));
