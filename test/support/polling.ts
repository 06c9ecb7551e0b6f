/**
 * Waiting for something a test cannot be told about (a process appearing or ending, a process's
 * memory): `check` is called every `intervalMs` until it gives a value, which is returned; after
 * `timeoutMs` the wait fails, naming what it waited for.
 */
export async function pollUntil<T>(
  description: string,
  timeoutMs: number,
  check: () => T | undefined | Promise<T | undefined>,
  intervalMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (performance.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
