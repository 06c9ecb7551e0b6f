/**
 * Ctrl+C (SIGINT), SIGTERM and SIGHUP: run the cleanup once (stop code-server, close the
 * browser), then exit with 128 + the signal number, as a shell would report it.
 */
const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export function exitOnInterrupt(cleanup: () => Promise<void>): void {
  let interrupted = false;
  for (const signal of Object.keys(signalNumbers)) {
    process.on(signal, () => {
      if (interrupted) {
        return;
      }
      interrupted = true;
      console.error(`\n${signal}: stopping code-server and the browser …`);
      void cleanup()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(128 + (signalNumbers[signal] ?? 0)));
    });
  }
}
