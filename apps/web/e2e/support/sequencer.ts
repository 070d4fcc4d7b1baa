import { BaseSequencer, type TestSpecification } from "vitest/node";

// Files that spend their time waiting on the wall clock: started first, so the other worker runs the
// rest meanwhile instead of the run ending on one file's minute.
const CLOCK_BOUND = ["weight.browser.test.ts"];

const isClockBound = (file: TestSpecification) => CLOCK_BOUND.some((name) => file.moduleId.endsWith(name));

/** vitest's order (longest or largest first), with the clock-bound files moved to the front. */
export class ClockBoundFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(isClockBound), ...sorted.filter((file) => !isClockBound(file))];
  }
}
