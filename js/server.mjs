// personkit/server: the backend half. One signup fanned out to Verifik,
// Equals Money and Horus from a page that holds no secret, exactly once per
// Idempotency-Key, on any server runtime (see the README's "Your backend").
export { createEnrolHandler } from './server/handler.mjs';
export { toNodeHandler } from './server/node.mjs';
export { memoryStore } from './server/memory-store.mjs';
export { redisStore } from './server/redis-store.mjs';
