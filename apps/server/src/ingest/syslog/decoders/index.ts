import type { DecodedFields, Decoder, ParsedMessage } from "../types.ts";
import { accessLogDecoder } from "./access-log.ts";
import { auditdDecoder } from "./auditd.ts";
import { ciscoAsaDecoder } from "./cisco-asa.ts";
import { fortigateDecoder } from "./fortigate.ts";
import { ftpdDecoder } from "./ftpd.ts";
import { iisDecoder } from "./iis.ts";
import { iptablesDecoder } from "./iptables.ts";
import { linuxServicesDecoder } from "./linux-services.ts";
import { msWinEventLogDecoder } from "./mswineventlog.ts";
import { namedDecoder } from "./named.ts";
import { paloaltoDecoder } from "./paloalto.ts";
import { pamDecoder } from "./pam.ts";
import { pfsenseDecoder } from "./pfsense.ts";
import { sophosDecoder } from "./sophos.ts";
import { squidDecoder } from "./squid.ts";
import { sshdDecoder } from "./sshd.ts";
import { suDecoder } from "./su.ts";
import { sudoDecoder } from "./sudo.ts";
import { suricataDecoder } from "./suricata.ts";
import { vendorDecoder } from "./vendor.ts";
import { vsftpdDecoder } from "./vsftpd.ts";
import { webErrorDecoder } from "./web-error.ts";
import { windowsJsonDecoder } from "./windows-json.ts";
import { windowsXmlDecoder } from "./windows-xml.ts";

/**
 * The decoders, keyed by program or vendor. Tried in this order, the first that decodes wins: PAM comes
 * before sshd/su/sudo because those programs also log PAM module lines.
 */
export const DECODERS: Readonly<Record<string, Decoder>> = {
  pam: pamDecoder,
  sshd: sshdDecoder,
  sudo: sudoDecoder,
  su: suDecoder,
  named: namedDecoder,
  vsftpd: vsftpdDecoder,
  ftpd: ftpdDecoder,
  "cef-leef": vendorDecoder,
  "windows-xml": windowsXmlDecoder,
  "windows-json": windowsJsonDecoder,
  mswineventlog: msWinEventLogDecoder,
  auditd: auditdDecoder,
  suricata: suricataDecoder,
  iptables: iptablesDecoder,
  pfsense: pfsenseDecoder,
  paloalto: paloaltoDecoder,
  sophos: sophosDecoder,
  fortigate: fortigateDecoder,
  "cisco-asa": ciscoAsaDecoder,
  "access-log": accessLogDecoder,
  iis: iisDecoder,
  squid: squidDecoder,
  "web-error": webErrorDecoder,
  // Last: it matches any program and only knows a few generic daemon messages.
  "linux-services": linuxServicesDecoder,
};

/** The outcome of the registry: which decoder understood the message, and its fields. */
export interface Decoded {
  decoder: string;
  fields: DecodedFields;
}

/** Runs the registry over a parsed message; null when no decoder understands it. A throwing decoder counts as no match. */
export function decode(
  parsed: ParsedMessage,
  decoders: Readonly<Record<string, Decoder>> = DECODERS,
): Decoded | null {
  for (const decoder of Object.values(decoders)) {
    if (!decoder.matches(parsed)) continue;
    try {
      const fields = decoder.decode(parsed);
      if (fields) return { decoder: decoder.name, fields };
    } catch {
      // A decoder bug must not lose the line: it falls through to the next decoder, then to generic.
    }
  }
  return null;
}
