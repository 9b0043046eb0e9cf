// Where a run's report goes: bench/results/<date>-<host>[-suite][-N].{md,json,…}, never over an
// earlier run of the same day.
import fs from 'node:fs';
import path from 'node:path';

/** `base`, or `base-2`, `base-3`, … : the first for which `dir` holds neither a .md nor a .json. */
export function uniqueBaseName(dir, base) {
  const taken = (name) => fs.existsSync(path.join(dir, `${name}.md`)) || fs.existsSync(path.join(dir, `${name}.json`));
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return name;
}
