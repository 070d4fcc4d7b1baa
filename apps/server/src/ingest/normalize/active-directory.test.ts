import { describe, expect, it } from "vitest";
import { activeDirectoryNormalizer } from "./active-directory.ts";

const { normalize, inferEventType } = activeDirectoryNormalizer;

describe("active_directory normalizer", () => {
  it("reads Windows Security event fields", () => {
    const event4625 = {
      EventID: "4625",
      TargetDomainName: "AUDIO",
      WorkstationName: "ACCUEIL-01",
      LogonType: "3",
    };
    expect(normalize(event4625)).toEqual({
      windows_event_id: 4625,
      domain: "AUDIO",
      workstation: "ACCUEIL-01",
      group: null,
      logon_type: 3,
    });
  });

  it("reads winlogbeat nesting", () => {
    expect(normalize({ winlog: { event_id: 4728, event_data: { LogonType: "Network" } } })).toMatchObject({
      windows_event_id: 4728,
      logon_type: "Network",
    });
  });

  it("falls back to metadata (AudioSOC v1)", () => {
    expect(normalize({ metadata: { event_id: 4740, group_name: "Domain Admins" } })).toMatchObject({
      windows_event_id: 4740,
      group: "Domain Admins",
    });
  });

  it.each([
    [4624, "login_success"],
    [4625, "login_failure"],
    [4740, "account_locked"],
    [4728, "group_member_added"],
    [4720, "user_created"],
  ])("event id %i → %s", (id, expected) => {
    expect(inferEventType?.(normalize({ windows_event_id: id }))).toBe(expected);
  });

  it("does not guess from other or missing ids", () => {
    expect(inferEventType?.(normalize({ windows_event_id: 1 }))).toBeUndefined();
    expect(inferEventType?.(normalize({}))).toBeUndefined();
  });
});
