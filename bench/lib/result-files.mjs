// Where a run's report goes: bench/results/<date>-<host>[-suite][-N].{md,json,…}, never over an
// earlier run of the same day.
import fs from 'node:fs';
import path from 'node:path';
import { hostSlug } from './machine.mjs';

/** `base`, or `base-2`, `base-3`, … : the first for which `dir` holds neither a .md nor a .json. */
export function uniqueBaseName(dir, base) {
  const taken = (name) => fs.existsSync(path.join(dir, `${name}.md`)) || fs.existsSync(path.join(dir, `${name}.json`));
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * Prints a suite's markdown and writes it with the report's JSON to
 * `<resultsDir>/<date>-<host>-<suite>[-N].md` and `.json`.
 */
export function writeSuiteReport(resultsDir, suite, report, markdown) {
  console.log(`\n${markdown}`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const base = uniqueBaseName(resultsDir, `${report.date.slice(0, 10)}-${hostSlug(report.machine.hostname)}-${suite}`);
  fs.writeFileSync(path.join(resultsDir, `${base}.md`), markdown);
  fs.writeFileSync(path.join(resultsDir, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), path.join(resultsDir, `${base}.md`))} and .json`);
}
