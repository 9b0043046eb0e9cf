// What the bench scripts read from their environment and command line.
import fs from 'node:fs';
import path from 'node:path';
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

/** The queries whose ids environment variable `name` lists (all of them when unset); an unknown id is an error. */
export function chosenQueries(name, all) {
  const only = listEnv(name, '');
  for (const id of only) {
    if (!all.some((q) => q.id === id)) throw new Error(`${name}: unknown query ${id} (${all.map((q) => q.id).join(', ')})`);
  }
  return only.length > 0 ? all.filter((q) => only.includes(q.id)) : all;
}

/**
 * Where a suite's servers listen (BENCH_PG_PORT, BENCH_KALAM_PORT; undefined: a free port), where
 * its report goes (BENCH_RESULTS_DIR) and which kalamdb-pg it starts (BENCH_KALAM_MAIN).
 */
export function serverOptions({ benchDir, repoDir }) {
  return {
    pgPort: process.env.BENCH_PG_PORT ? Number(process.env.BENCH_PG_PORT) : undefined,
    kalamPort: process.env.BENCH_KALAM_PORT ? Number(process.env.BENCH_KALAM_PORT) : undefined,
    resultsDir: path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(benchDir, 'results')),
    mainJs: path.resolve(process.env.BENCH_KALAM_MAIN ?? path.join(repoDir, 'dist', 'server', 'main.js')),
  };
}
