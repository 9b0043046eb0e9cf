/**
 * drizzle-kit run as people run it: its CLI with the suite's config file, in a child process
 * (drizzle-kit calls process.exit(1) when a query fails, which must not end the test process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ScriptTarget } from '../../../test/support/observations.js';

// bin.cjs is not in the package's exports: found beside its main entry.
const BIN = join(dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');
const CONFIG = 'compat/orm/drizzle/drizzle.config.ts';

export interface CliRun {
  readonly code: number | null;
  /** stdout and stderr without colours and spinner frames. */
  readonly output: string;
}

/** `version` 2 pushes the later schema (schema-extra.ts). */
function runCli(command: 'push' | 'pull', target: ScriptTarget, out: string, extra: string[] = [], version = 1): Promise<CliRun> {
  const url = `postgres://${target.user}:${encodeURIComponent(target.password)}@127.0.0.1:${target.port}/postgres`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, command, '--config', CONFIG, ...extra], {
      env: { ...process.env, DRIZZLE_URL: url, DRIZZLE_OUT: out, DRIZZLE_SCHEMA_VERSION: String(version), FORCE_COLOR: '0' },
    });
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.stderr.on('data', (d: Buffer) => (text += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, output: readable(text) }));
  });
}

/** Drops ANSI escapes and the spinner's redrawn progress lines. */
function readable(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .filter((line) => !/^\[[^\]]+\] .*(Pulling schema|fetching|fetched)/.test(line))
    .join('\n')
    .trim();
}

/**
 * `drizzle-kit push`: the statements it ran (none when it found nothing to change). `--force`
 * approves dropping a column, which drizzle-kit would otherwise ask about.
 */
export async function push(target: ScriptTarget, version = 1): Promise<{ code: number | null; statements: string; noChanges: boolean; applied: boolean }> {
  const { code, output } = await runCli('push', target, tmpdir(), ['--verbose', '--strict=false', '--force'], version);
  const start = output.indexOf('You are about to execute current statements:');
  const end = output.indexOf('[✓] Changes applied');
  const statements = start >= 0 ? output.slice(start, end >= 0 ? end : undefined).split('\n').slice(1).join('\n').trim() : '';
  return { code, statements, noChanges: output.includes('No changes detected'), applied: end >= 0 };
}

/** `drizzle-kit pull`: the files it writes (schema.ts, relations.ts, the SQL and the snapshot). */
export async function pull(target: ScriptTarget): Promise<{ code: number | null; files: Record<string, string> }> {
  const out = mkdtempSync(join(tmpdir(), 'drizzle-pull-'));
  try {
    const { code, output } = await runCli('pull', target, out);
    if (code !== 0) return { code, files: { output } };
    const files: Record<string, string> = {};
    for (const name of readdirSync(out, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!name.endsWith('.ts') && !name.endsWith('.sql') && !name.endsWith('snapshot.json')) continue;
      // The SQL file's name is random (0000_majestic_random.sql); its text is what is compared.
      files[name.endsWith('.sql') ? 'migration.sql' : name] = inAnyOrder(name, readFileSync(join(out, name), 'utf8'));
    }
    return { code, files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * pull writes tables in the order the catalog lists them, and its table query has no ORDER BY:
 * PostgreSQL answers in heap order (where each pg_class row version happens to sit), so the
 * order is no property of the schema. The files are compared with their parts sorted: the
 * snapshot's keys, the blocks of schema.ts and relations.ts (and relations.ts's lines), the
 * statements of the SQL, and the names each file imports.
 */
function inAnyOrder(name: string, text: string): string {
  if (name.endsWith('.json')) return JSON.stringify(JSON.parse(text), sortedKeys, 1);
  const parts = name.endsWith('.sql') ? text.split('--> statement-breakpoint') : text.split(/\n\n+/);
  return parts
    .map((p) => p.trim().replace(/^(import \{ )(.*)( \} from)/gm, (_, a: string, names: string, b: string) => a + names.split(', ').sort().join(', ') + b))
    // A relation block lists a table's relations in foreign-key order, which is catalog order too.
    .map((p) => (name === 'relations.ts' ? p.split('\n').sort().join('\n') : p))
    .sort()
    .join('\n\n');
}

function sortedKeys(this: unknown, _key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
