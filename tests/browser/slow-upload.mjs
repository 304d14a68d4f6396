// A TCP proxy in front of the demo that can make what the browser uploads
// slow, as a phone on 3G does: the page is opened through it, and `rate`
// (bytes a second, client → server only) is lowered before a submit. The
// port in Host and Origin is rewritten to the demo's, which serves only the
// address it printed.
import { createServer, connect } from 'node:net';

export async function slowUploads(targetPort) {
  const sockets = new Set();
  const proxy = { rate: Infinity };
  const server = createServer((client) => {
    const up = connect(targetPort, '127.0.0.1');
    const from = () => `127.0.0.1:${server.address().port}`;
    const queue = [];
    let timer = null;
    // Sends what the rate allows every 100 ms, in order.
    const pump = () => {
      let budget = proxy.rate === Infinity ? Infinity : Math.max(1, Math.floor(proxy.rate / 10));
      while (budget > 0 && queue.length > 0) {
        const n = Math.min(budget, queue[0].length);
        up.write(queue[0].subarray(0, n));
        budget -= n;
        if (n === queue[0].length) queue.shift();
        else queue[0] = queue[0].subarray(n);
      }
      timer = queue.length > 0 ? setTimeout(pump, 100) : null;
    };
    client.on('data', (chunk) => {
      queue.push(Buffer.from(chunk.toString('latin1').replaceAll(from(), `127.0.0.1:${targetPort}`), 'latin1'));
      if (!timer) pump();
    });
    up.on('data', (d) => client.write(d));
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('error', () => {});
    }
    // The server's answer reaches the browser whole (end, not destroy) however much it still had to send.
    up.on('close', () => { sockets.delete(up); clearTimeout(timer); queue.length = 0; client.end(); });
    client.on('close', () => { sockets.delete(client); clearTimeout(timer); up.destroy(); });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); });
  return proxy;
}
