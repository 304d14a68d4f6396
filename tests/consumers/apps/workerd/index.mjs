import * as pk from 'personkit';
import * as server from 'personkit/server';
import { check } from './check.mjs';
import { serverCheck } from './server-check.mjs';

export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const r = await check(pk, q.get('mock'), q.get('refused'));
    r.server = await serverCheck(server, pk, q.get('mock'));
    return Response.json(r);
  },
};
