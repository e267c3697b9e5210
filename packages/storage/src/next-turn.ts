/**
 * Yields one event-loop turn (a macrotask), so that work over a large set, done in slices, lets
 * other requests and timers run between slices.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
