/** Every corpus file, in name order. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpusFile, type CorpusFile } from './corpus-file.js';
import { CASES_DIR } from './golden.js';

export function readCorpus(only?: string): CorpusFile[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.slt'))
    .filter((f) => !only || only.split(',').some((o) => f.startsWith(o)))
    .sort()
    .map((f) => readCorpusFile(join(CASES_DIR, f)));
}
