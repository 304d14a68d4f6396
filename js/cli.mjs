#!/usr/bin/env node
// The `personkit` command. One subcommand for now: import.
import './import/young-generation.mjs'; // first: before the importer allocates
import { importCommand } from './import/command.mjs';

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'import') {
  importCommand(rest).then(
    (code) => process.exit(code), // keep-alive sockets would hold the process a few seconds more
    (err) => {
      // Not a PersonkitError's message: an unexpected failure, shown without its data.
      process.stderr.write(`personkit import: unexpected error: ${err?.name ?? 'Error'} ${err?.code ?? ''} ${err?.message ?? ''}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const usage = 'usage: personkit import <file> --to verifik,equals,horus [options]   (personkit import --help)\n';
  // Asked for: the usage is the answer (stdout, 0). No subcommand or an unknown one is a usage error (stderr, 2), as the README's exit statuses say.
  if (cmd === '--help' || cmd === '-h') {
    process.stdout.write(usage);
  } else {
    process.stderr.write(usage);
    process.exitCode = 2;
  }
}
