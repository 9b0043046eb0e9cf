// Everything the harness must undo (servers, temp dirs) even when a run fails or is interrupted.

const steps = [];
let running;
let interrupted = false;

/** True once a signal asked the harness to stop: loops check it instead of starting new runs. */
export const wasInterrupted = () => interrupted;

/** Registers an async undo step; steps run newest first. Returns a function that unregisters it. */
export function onCleanup(name, fn) {
  const step = { name, fn };
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

/** Runs every registered step once, newest first; a failing step is reported, not fatal. */
export function cleanupAll() {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop();
      try {
        await step.fn();
      } catch (err) {
        console.error(`cleanup: ${step.name} failed: ${err instanceof Error ? err.message : err}`);
      }
    }
  })();
  return running;
}

/** Ctrl-C or a kill still stops both servers and removes the temp dirs before exiting. */
export function cleanupOnSignals() {
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping servers and removing temp dirs…`);
      cleanupAll().finally(() => process.exit(128 + number));
    });
  }
}
