#!/usr/bin/env node
// personkit-mock: a local HTTP server that behaves like the Verifik, Equals
// and Horus create-person APIs, with inspection and fault injection.
// Use it from the command line (`npx personkit-mock`) or embed it in tests:
//
//   import { startMock } from 'personkit/mock';
//   const mock = await startMock();      // port 0: a free port
//   ... fetch(`${mock.url}/v2/people`, ...) ...
//   await mock.close();

import { createServer } from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from './lib/app.mjs';
import { serverOptions } from './lib/guard.mjs';
import { parseCli, USAGE } from './lib/cli.mjs';
import { checkConfig, defaultConfig, describeConfig, mergeConfig } from './lib/config.mjs';
import { MockState } from './lib/state.mjs';

const START_OPTIONS = ['port', 'host', 'config', 'quiet', 'log'];

/**
 * Starts the mock.
 * @param {object} [options]
 * @param {number} [options.port=0]   0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {object} [options.config]   overrides of the defaults (see mock/README.md)
 * @param {boolean} [options.quiet=true]  false logs one line per request (never bodies);
 *   the cause of a 500 MOCK_INTERNAL is logged either way
 * @param {(line: string) => void} [options.log=console.log]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>, state: MockState, config: object }>}
 */
export async function startMock(options = {}) {
  // An option not read would be ignored silently: the config file's settings
  // (verifik, equals, …) sit at its top level, but here they go under config.
  for (const key of Object.keys(options ?? {})) {
    if (!START_OPTIONS.includes(key)) {
      const where = key in defaultConfig() ? ` (a setting: pass it as config: { ${key}: … })` : '';
      throw new TypeError(`startMock: unknown option ${key}${where}; the options are ${START_OPTIONS.join(', ')}`);
    }
  }
  const { port = 0, host = '127.0.0.1', quiet = true, log = console.log } = options;
  const config = checkConfig(mergeConfig(defaultConfig(), options.config));
  const state = new MockState({ maxRecorded: config.maxRecorded });
  const closing = new AbortController();
  const app = createApp({ config, state, log: quiet ? null : log, errorLog: log, signal: closing.signal, bindHost: host });
  const server = createServer(serverOptions(config), app);

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed;
  const close = () => {
    closed ??= new Promise((resolve) => {
      closing.abort(); // ends pending delay faults
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive sockets would hold close() open
    });
    return closed;
  };
  return { url: `http://${urlHost}:${actualPort}`, port: actualPort, close, state, config };
}

async function main(argv) {
  let cli;
  try {
    cli = parseCli(argv);
  } catch (err) {
    process.stderr.write(`personkit-mock: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return;
  }
  let mock;
  try {
    mock = await startMock({ port: cli.port, host: cli.host, config: cli.config, quiet: cli.quiet });
  } catch (err) {
    process.stderr.write(`personkit-mock: ${err.code === 'EADDRINUSE' ? `port ${cli.port} is in use` : err.message}\n`);
    process.exit(1);
  }
  const stop = async (signal) => {
    if (!cli.quiet) console.log(`personkit-mock: ${signal}, stopping`);
    await mock.close();
    process.exit(0);
  };
  // Handlers first: whoever reads the URL may signal at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(describeConfig(mock.config, mock.url));
}

// Run as a program (also through the npm bin symlink), not when imported.
const isMain = (() => {
  try {
    return process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) main(process.argv.slice(2));
