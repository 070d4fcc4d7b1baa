import { evtxJsonRecogniser } from "../../formats/windows/evtx-json.ts";
import { nxlogRecogniser } from "../../formats/windows/nxlog.ts";
import { wazuhRecogniser } from "../../formats/windows/wazuh.ts";
import { winlogbeatRecogniser } from "../../formats/windows/winlogbeat.ts";
import type { DecodedFields, Decoder } from "../types.ts";

// The raw endpoint's Windows recognisers, for the same JSON arriving as a syslog message body.
const RECOGNISERS = [nxlogRecogniser, winlogbeatRecogniser, evtxJsonRecogniser, wazuhRecogniser];

/** Windows events as JSON in a syslog message (NXLog CE `to_json()` over om_tcp, Wazuh or Winlogbeat relays). */
export const windowsJsonDecoder: Decoder = {
  name: "windows-json",
  matches: (parsed) => parsed.json !== null && RECOGNISERS.some((r) => r.matches(parsed.json!)),
  decode(parsed) {
    const recogniser = RECOGNISERS.find((r) => r.matches(parsed.json!))!;
    const outcome = recogniser.toEvent(parsed.json!);
    return outcome.ok ? (outcome.record as DecodedFields) : null;
  },
};
