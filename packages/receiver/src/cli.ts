#!/usr/bin/env node
// The `artgrad-receiver` command: runCli does the work; this file owns the process (exit codes, signals).
import { runCli } from './server/run-cli.js';

const outcome = await runCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
if ('exitCode' in outcome) {
  process.exitCode = outcome.exitCode;
} else {
  const { receiver } = outcome;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    receiver.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
