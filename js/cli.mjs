#!/usr/bin/env node
// The `personkit` command. One subcommand for now: import.
import './import/young-generation.mjs'; // first: before the importer allocates
import './import/old-generation.mjs';
import { importCommand } from './import/command.mjs';
import { usageLocale } from './import/args.mjs';
import { EN } from './import/words-en.mjs';
import { ES } from './import/words-es.mjs';

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'import') {
  let settled = false;
  // A reader that went away (`| head`, a pager quit) makes the next progress line an EPIPE, which
  // crashed the run with creates out: the run goes on unread, its record in the journal and results.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // Nothing left to wait for while the import has not ended (a slot never given back): never a silent exit 0.
  process.on('beforeExit', () => {
    if (settled) return;
    process.stderr.write('personkit import: stopped before the end (internal error: nothing left to wait for); run again with the same journal: it looks up what was in flight\n');
    process.exit(1);
  });
  importCommand(rest).then(
    (code) => { settled = true; process.exit(code); }, // keep-alive sockets would hold the process a few seconds more
    (err) => {
      settled = true;
      // Not a PersonkitError's message: an unexpected failure, shown without its data.
      process.stderr.write(`personkit import: unexpected error: ${err?.name ?? 'Error'} ${err?.code ?? ''} ${err?.message ?? ''}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const usage = `${(usageLocale(rest, process.env) === 'es' ? ES : EN).usage.line}\n`;
  // Asked for: the usage is the answer (stdout, 0). No subcommand or an unknown one is a usage error (stderr, 2), as the README's exit statuses say.
  if (cmd === '--help' || cmd === '-h') {
    process.stdout.write(usage);
  } else {
    process.stderr.write(usage);
    process.exitCode = 2;
  }
}
