import type { Scheduler } from "./scheduler.ts";

/**
 * The wait before one playbook step, measured in playbook time: pausing keeps what is left, a speed
 * change rescales what is left, stopping ends it early. `done` resolves true when the wait elapsed,
 * false when it was stopped.
 */
export class StepWait {
  readonly done: Promise<boolean>;
  #remaining: number;
  #speed: number;
  #paused: boolean;
  #armedAt = 0;
  #cancel: (() => void) | null = null;
  #settle!: (elapsed: boolean) => void;
  #settled = false;

  /** `playbookMs` of playbook time, consumed at `speed` playbook ms per real ms while not paused. */
  constructor(
    private readonly scheduler: Scheduler,
    playbookMs: number,
    options: { speed: number; paused: boolean },
  ) {
    this.#remaining = playbookMs;
    this.#speed = options.speed;
    this.#paused = options.paused;
    this.done = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.#arm();
  }

  pause(): void {
    this.#disarm();
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    if (!this.#cancel) this.#arm();
  }

  setSpeed(speed: number): void {
    this.#disarm();
    this.#speed = speed;
    this.#arm();
  }

  stop(): void {
    this.#disarm();
    this.#finish(false);
  }

  #arm(): void {
    if (this.#paused || this.#settled) return;
    if (this.#remaining <= 0) {
      this.#finish(true);
      return;
    }
    this.#armedAt = this.scheduler.now();
    this.#cancel = this.scheduler.after(this.#remaining / this.#speed, () => {
      this.#cancel = null;
      this.#remaining = 0;
      this.#finish(true);
    });
  }

  /** Cancels the timer and keeps the playbook time still to wait. */
  #disarm(): void {
    if (!this.#cancel) return;
    this.#cancel();
    this.#cancel = null;
    const waited = (this.scheduler.now() - this.#armedAt) * this.#speed;
    this.#remaining = Math.max(0, this.#remaining - waited);
  }

  #finish(elapsed: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#settle(elapsed);
  }
}
