import { describe, expect, it } from "vitest";
import { ManualClock } from "../../platform/clock.ts";
import { ManualScheduler } from "./scheduler.ts";
import { StepWait } from "./step-wait.ts";

/** Whether the wait has settled, and how, without blocking the test. */
async function outcome(wait: StepWait): Promise<boolean | "pending"> {
  return Promise.race([
    wait.done,
    new Promise<"pending">((resolve) => setImmediate(() => resolve("pending"))),
  ]);
}

describe("StepWait", () => {
  it("waits the playbook delay divided by the speed", async () => {
    const scheduler = new ManualScheduler();
    const wait = new StepWait(scheduler, 10_000, { speed: 4, paused: false });
    expect(scheduler.nextDelay).toBe(2_500);
    scheduler.advance(2_499);
    expect(await outcome(wait)).toBe("pending");
    scheduler.advance(1);
    expect(await outcome(wait)).toBe(true);
  });

  it("ends at once for a zero delay, and is stopped early by stop", async () => {
    const scheduler = new ManualScheduler();
    expect(await outcome(new StepWait(scheduler, 0, { speed: 1, paused: false }))).toBe(true);
    const wait = new StepWait(scheduler, 5_000, { speed: 1, paused: false });
    wait.stop();
    expect(await outcome(wait)).toBe(false);
    expect(scheduler.nextDelay).toBeNull();
  });

  it("keeps what is left while paused and continues with it on resume", async () => {
    const scheduler = new ManualScheduler();
    const wait = new StepWait(scheduler, 10_000, { speed: 2, paused: false });
    scheduler.advance(2_000); // 4 s of playbook time done, 6 s left
    wait.pause();
    expect(scheduler.nextDelay).toBeNull();
    scheduler.advance(600_000);
    expect(await outcome(wait)).toBe("pending");
    wait.resume();
    expect(scheduler.nextDelay).toBe(3_000);
    scheduler.advance(3_000);
    expect(await outcome(wait)).toBe(true);
  });

  it("applies a speed change to the wait in progress", async () => {
    const scheduler = new ManualScheduler();
    const wait = new StepWait(scheduler, 10_000, { speed: 1, paused: false });
    scheduler.advance(4_000);
    wait.setSpeed(3);
    expect(scheduler.nextDelay).toBe(2_000);
    wait.pause();
    wait.setSpeed(0.5);
    wait.resume();
    expect(scheduler.nextDelay).toBe(12_000);
  });

  it("starts paused when the run is paused, and waits for a resume even with no delay", async () => {
    const scheduler = new ManualScheduler();
    const wait = new StepWait(scheduler, 0, { speed: 1, paused: true });
    expect(await outcome(wait)).toBe("pending");
    wait.resume();
    expect(await outcome(wait)).toBe(true);
  });
});

describe("ManualScheduler", () => {
  it("fires due timers in order and moves the clock with them", () => {
    const clock = new ManualClock(new Date("2026-11-21T08:00:00.000Z"));
    const scheduler = new ManualScheduler(clock);
    const fired: string[] = [];
    scheduler.after(300, () => fired.push(`b@${clock.now().toISOString()}`));
    scheduler.after(100, () => fired.push(`a@${clock.now().toISOString()}`));
    const cancel = scheduler.after(200, () => fired.push("cancelled"));
    cancel();
    scheduler.advance(1_000);
    expect(fired).toEqual(["a@2026-11-21T08:00:00.100Z", "b@2026-11-21T08:00:00.300Z"]);
    expect(clock.now().toISOString()).toBe("2026-11-21T08:00:01.000Z");
  });
});
