/**
 * A worker thread's script, named relative to the module that starts it: next to that module when
 * it runs from `dist/`; when it runs from `src/` (vitest), the built one in `dist/` (the test
 * command builds first). Null when there is none.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerScriptUrl(file: string, moduleUrl: string): URL | null {
  const here = new URL(file, moduleUrl);
  const built = fileURLToPath(here).replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2');
  return existsSync(fileURLToPath(here)) ? here : existsSync(built) ? pathToFileURL(built) : null;
}
