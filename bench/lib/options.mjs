// What the bench scripts read from their environment and command line.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A positive number from environment variable `name` (an integer unless told), or `fallback` when unset. */
export function positiveNumber(name, fallback, { integer = true } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A comma-separated list from environment variable `name`, or `fallback`'s. */
export function listEnv(name, fallback) {
  return (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

/** With --help or -h: prints the script's header comment (the `//` lines after the #! line) and exits. */
export function helpIfAsked(argv, scriptUrl) {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  const lines = fs.readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n').slice(1);
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  console.log(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
