import { defineNormalizer, toNumber } from "./fields.ts";

/** Windows Security event ids that name what happened without looking any further. */
const EVENT_ID_EVENT_TYPES: Readonly<Record<number, string>> = {
  4624: "login_success",
  4625: "login_failure",
  4720: "user_created",
  4726: "user_deleted",
  4728: "group_member_added",
  4732: "group_member_added",
  4740: "account_locked",
  4756: "group_member_added",
};

/** Domain controller security events (Windows event log, winlogbeat): event id, domain, host, group. */
export const activeDirectoryNormalizer = defineNormalizer(
  {
    windows_event_id: {
      kind: "number",
      aliases: ["event_id", "EventID", "EventId", "winlog.event_id", "event.code"],
    },
    domain: {
      kind: "text",
      aliases: ["TargetDomainName", "SubjectDomainName", "domain_name", "user.domain"],
    },
    workstation: {
      kind: "text",
      aliases: ["WorkstationName", "workstation_name", "Computer", "computer_name"],
    },
    group: { kind: "text", aliases: ["group_name", "GroupName", "group.name"] },
    logon_type: { kind: "code", aliases: ["LogonType", "winlog.event_data.LogonType"] },
  },
  (normalized) => {
    const id = toNumber(normalized.windows_event_id);
    return id !== null && Object.hasOwn(EVENT_ID_EVENT_TYPES, id) ? EVENT_ID_EVENT_TYPES[id] : undefined;
  },
);
