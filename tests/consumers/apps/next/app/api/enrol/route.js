import { EqualsClient } from 'personkit';
import { createEnrolHandler } from 'personkit/server';

export const dynamic = 'force-dynamic';

// Only refusals reach it (expectLargeRefused in consumers.test.mjs): a client still uploading gets its answer.
const handler = createEnrolHandler({
  providers: { equals: { client: new EqualsClient({ apiKey: 'equals-test-key', baseUrl: 'http://127.0.0.1:4' }), accountId: 'F12345', roleName: 'Viewer' } },
});

export const POST = (request) => handler(request);
