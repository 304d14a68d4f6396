// Which pages may send an enrolment: a request's `Origin` against
// `allowedOrigins`, or by default against the request's own origin, and the
// CORS headers an allowed cross-origin page gets. Checked before anything
// else is read: multipart is a CORS-"simple" type, so a form on another site
// could post one without a preflight.

/**
 * The request's own origins: its URL's, and its `Host` header with the URL's
 * scheme. Next.js hands a route `http://localhost:3000/…` as the URL
 * whatever host the page was opened at, so its own page was refused; under
 * `node:http` the URL is made of the Host header anyway. No `X-Forwarded-*`
 * header counts (anyone may send one).
 */
export function ownOrigins(request) {
  let url;
  try { url = new URL(request.url); } catch { return []; }
  const own = [url.origin];
  const host = request.headers.get('host');
  if (host) {
    try {
      const byHost = new URL(`${url.protocol}//${host}`).origin;
      if (byHost !== url.origin) own.push(byHost);
    } catch {
      // A Host that is no host: only the URL's origin.
    }
  }
  return own;
}

export function originAllowed(cfg, request, origin) {
  if (typeof cfg.allowedOrigins === 'function') {
    try {
      return cfg.allowedOrigins(origin, request) === true;
    } catch {
      return false; // a predicate that fails allows nothing
    }
  }
  if (Array.isArray(cfg.allowedOrigins)) return cfg.allowedOrigins.includes(origin);
  return ownOrigins(request).includes(origin);
}

/** CORS headers for an allowed cross-origin caller; {} same-origin; null for a refused origin. */
export function corsHeaders(cfg, request) {
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  if (cfg.allowedOrigins === undefined && ownOrigins(request).includes(origin)) return {};
  if (!originAllowed(cfg, request, origin)) return null;
  return {
    'access-control-allow-origin': origin, vary: 'origin', 'access-control-expose-headers': 'idempotent-replayed, retry-after',
    // Only for an origin allowed above: a cookie or bearer token for `authorize` then comes along.
    ...(cfg.allowCredentials && { 'access-control-allow-credentials': 'true' }),
  };
}

/** What an allowed preflight answers: enrol()'s headers, `authorization` for `authorize`, and the server's own extra ones. */
export function preflightHeaders(extra) {
  const names = [...new Set(['content-type', 'idempotency-key', 'accept', 'accept-language', 'authorization', ...extra])];
  return { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': names.join(', '), 'access-control-max-age': '600' };
}
