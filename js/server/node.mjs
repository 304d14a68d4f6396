// toNodeHandler(handler): the fetch handler as a node:http / Express
// `(req, res) => void`. It needs no node: import: the request is read through
// its async iterator, so importing personkit/server stays runtime-neutral.

/**
 * @param {(request: Request) => Promise<Response>} handler
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function toNodeHandler(handler) {
  return (req, res) => {
    serve(handler, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"INTERNAL","message":"the server failed"}}');
      else res.destroy();
    });
  };
}

async function serve(handler, req, res) {
  const proto = req.socket?.encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    headers.append(name, req.rawHeaders[i + 1]);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const aborted = new AbortController();
  res.on('close', () => { if (!res.writableFinished) aborted.abort(); });
  let request;
  try {
    const url = new URL(`${proto}://${host}${req.originalUrl ?? req.url}`);
    // A URL with credentials ("user@host") parses, but no Request takes it.
    if (url.username || url.password) throw new TypeError('credentials in the Host header');
    request = new Request(url, {
      method: req.method, headers, signal: aborted.signal,
      ...(hasBody && { body: bodyOf(req), duplex: 'half' }),
    });
  } catch {
    // A Host header no URL can hold ("[", "a b", "user@host"): the client's fault, not the server's.
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store', connection: 'close' })
      .end('{"error":{"code":"BAD_REQUEST","message":"the Host header is not a host name"}}');
    return;
  }
  const response = await handler(request);
  const out = {};
  response.headers.forEach((v, k) => { out[k] = v; });
  // A body the handler did not read (a refusal): do not drain it, close the connection after the answer.
  if (hasBody && !req.readableEnded && response.status >= 400) out.connection = 'close';
  res.writeHead(response.status, out);
  if (!response.body) { res.end(); return; }
  const reader = response.body.getReader();
  res.on('close', () => { reader.cancel().catch(() => {}); });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  }
  res.end();
}

/**
 * The request body as a web stream, read only as the handler pulls. A
 * handler that stops reading (a 413) leaves the rest unread: the answer then
 * closes the connection instead of draining it.
 */
function bodyOf(req) {
  const chunks = req[Symbol.asyncIterator]();
  let cancelled = false;
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done || cancelled) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {
      cancelled = true;
      req.pause();
    },
  });
}
