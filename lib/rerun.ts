/**
 * Work that is asked for again and again and must never run twice at once: an ask while it runs means one more
 * run after it (however many asks came), so a burst of asks costs a few runs. Whether a run is going is decided
 * in the same tick as the last check for more asks, so no ask is ever left without a run.
 */
export class Rerun {
  #work: () => Promise<boolean>;
  #wanted = false;
  #running = false;
  #done: Promise<void> = Promise.resolve();

  /** `work` returns false to stop asking again after a failure (the next ask starts it afresh). */
  constructor(work: () => Promise<boolean>) {
    this.#work = work;
  }

  ask(): void {
    this.#wanted = true;
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#loop();
  }

  /** Resolves when no run is going or wanted. */
  async settled(): Promise<void> {
    while (this.#running) await this.#done;
  }

  async #loop(): Promise<void> {
    try {
      while (this.#wanted) {
        this.#wanted = false;
        if (!(await this.#work())) break;
      }
    } finally {
      this.#running = false;
    }
  }
}
