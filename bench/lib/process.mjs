// Child processes for the harness: run a command to completion, collecting its output.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';

/**
 * Runs `command args…` and resolves with its exit code and output; never rejects on a
 * non-zero exit (the caller decides what a failure means). `timeoutMs` kills it with SIGKILL.
 * `input` is a string, or an iterable of strings streamed to stdin as the child reads them
 * (so gigabytes of generated rows never sit in memory).
 */
export function runCommand(command, args, { input, env, cwd, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    const timer = timeoutMs
      ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs)
      : undefined;
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, timedOut });
    });
    // A child that exits before reading all of its stdin must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    if (input === undefined || typeof input === 'string') child.stdin.end(input ?? '');
    else Readable.from(input).on('error', (err) => { child.kill('SIGKILL'); reject(err); }).pipe(child.stdin);
  });
}

/** Like runCommand, but rejects with the command's output when it exits non-zero. */
export async function runChecked(command, args, options) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0 || result.timedOut) {
    const why = result.timedOut ? 'timed out' : `exited with ${result.code}`;
    throw new Error(`${command} ${args.join(' ')} ${why}\n${result.stderr}${result.stdout}`.trim());
  }
  return result;
}

/** Last `lines` lines of a text, for error messages that quote a log. */
export function tail(text, lines = 20) {
  return text.split('\n').slice(-lines).join('\n');
}
