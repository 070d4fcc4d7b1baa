import { describe, expect, it } from "vitest";
import { caseMessage, passes } from "./stream-items.ts";

describe("event: case on the alerts stream", () => {
  const changed = {
    id: "c1",
    reference: "CASE-3",
    status: "closed",
    severity: "high",
    updated_at: "2026-12-04T10:00:00.000Z",
    title: "x",
  };

  it("carries the case's id, reference, status, severity and version, nothing else", () => {
    const message = caseMessage(changed)!;
    expect(message.id).toBe("case.c1.2026-12-04T10:00:00.000Z");
    expect(message.frame).toBe(
      `id: case.c1.2026-12-04T10:00:00.000Z\nevent: case\ndata: ${JSON.stringify({
        id: "c1",
        reference: "CASE-3",
        status: "closed",
        severity: "high",
        updated_at: "2026-12-04T10:00:00.000Z",
      })}\n\n`,
    );
    expect(caseMessage({ reference: "CASE-1" })).toBeNull();
  });

  it("reaches every client, whatever site or severity it narrowed its alerts to", () => {
    const message = caseMessage(changed)!;
    expect(passes(message, { site_id: "AUDIO_001", severity: "low" })).toBe(true);
  });
});
