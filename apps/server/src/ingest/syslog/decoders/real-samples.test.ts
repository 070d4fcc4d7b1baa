import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { event } from "./test-support.ts";

// Wazuh's ruleset test lines (GPL-2.0) may not be copied into Vigie (../shared/data/README.md), so this suite reads
// them in place from the shared data folder and is skipped where that folder is absent (a fresh clone, CI). The
// unit tests next to each decoder use lines written by the project instead.
const WAZUH = new URL("../../../../../../../shared/data/wazuh-ruleset-tests/", import.meta.url);

/** The `log N pass|fail = …` lines of one Wazuh test file. */
function wazuhLines(file: string): { line: string; fires: boolean }[] {
  return readFileSync(new URL(file, WAZUH), "utf8")
    .split("\n")
    .flatMap((raw) => {
      const m = /^log \d+ (pass|fail) = (.*)$/.exec(raw);
      return m ? [{ line: m[2]!, fires: m[1] === "pass" }] : [];
    });
}

// file, our decoder, the sample lines it cannot read (cut by the sample's author before any content).
const CASES: readonly [string, string, RegExp | null][] = [
  ["cisco_asa.ini", "cisco-asa", null],
  ["fortigate.ini", "fortigate", null],
  ["paloalto.ini", "paloalto", /,(?:SYSTEM|TRAFFIC|THREAT|CONFIG|OTHERS),$/],
  ["sophos_fw.ini", "sophos", null],
  ["squid_rules.ini", "squid", null],
  ["named.ini", "named", /query \(cache\)$/],
  ["vsftpd.ini", "vsftpd", null],
  ["nginx.ini", "web-error", /\[yadda\]/],
  ["apache.ini", "web-error", null],
  ["modsecurity.ini", "web-error", null],
];

describe.skipIf(!existsSync(WAZUH))("real device lines (wazuh-ruleset-tests, read in place)", () => {
  it.each(CASES)(
    "%s: every usable line goes to the %s decoder, lines meant for others do not",
    (file, decoder, cut) => {
      const lines = wazuhLines(file);
      expect(lines.length).toBeGreaterThan(0);
      for (const { line, fires } of lines) {
        const decodedBy = event(line.trimEnd()).metadata?.decoder;
        if (!fires) expect(decodedBy, line).not.toBe(decoder);
        else if (!cut?.test(line.trimEnd())) expect(decodedBy, line).toBe(decoder);
      }
    },
  );
});
