/**
 * Runs `onIdle` once `ms` after the last `touch()`: the server gives memory back after a quiet spell. A touch
 * re-arms it; the timer never keeps the process alive.
 */
export class IdleTimer {
  readonly #ms: number;
  readonly #onIdle: () => unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number, onIdle: () => unknown) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Re-arms the timer: `onIdle` runs `ms` (default: the constructor's) from now, unless touched again. */
  touch(ms: number = this.#ms): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const timer = setTimeout(() => {
      this.#timer = undefined;
      this.#onIdle();
    }, ms);
    Deno.unrefTimer(timer as unknown as number);
    this.#timer = timer;
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
