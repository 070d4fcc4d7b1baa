import type { Severity } from "@vigie/contracts";

/* Web attacks recognised in an access log line: the request's URL and the client's user agent. */

/** What a request looks like to the analyst when it is an attack. */
export interface WebAttack {
  attack_type: string;
  signature_name: string;
}

/** One signature: the attack it reveals, its name, and where it shows (URL or user agent). */
interface WebSignature extends WebAttack {
  url?: RegExp;
  agent?: RegExp;
}

// Most specific first; the first signature that matches names the attack. URLs are tested decoded and raw.
const SIGNATURES: readonly WebSignature[] = [
  {
    attack_type: "log4shell",
    signature_name: "JNDI lookup (Log4Shell)",
    url: /\$\{jndi:/i,
    agent: /\$\{jndi:/i,
  },
  {
    attack_type: "sql_injection",
    signature_name: "SQL injection",
    url: /union(?:\s|\/\*.*?\*\/)+(?:all\s+)?select|\bselect\b.+\bfrom\b|(?:pg_)?sleep\(\s*\d|benchmark\(|waitfor\s+delay|declare\s+@\w+|exec\s*\(\s*@|xp_cmdshell|information_schema|sysdate\(\)|\b(?:and|or)\s+\d+\s*=\s*\d+|'\s*or\s*'[^']*'\s*=\s*'|;\s*(?:drop|insert|update|delete)\s/i,
  },
  {
    attack_type: "path_traversal",
    signature_name: "Path traversal",
    url: /\.\.[/\\]|\/etc\/(?:passwd|shadow)|\bwin\.ini\b|boot\.ini/i,
  },
  {
    attack_type: "remote_file_inclusion",
    signature_name: "Remote file inclusion",
    url: /[?&][\w.[\]-]+=(?:https?|ftp|php|data|expect|zip|phar):\/\//i,
  },
  {
    attack_type: "xss",
    signature_name: "Cross-site scripting",
    url: /<\s*script|javascript:|\bon(?:error|load|mouseover)\s*=|alert\s*\(|document\.cookie/i,
  },
  {
    attack_type: "command_injection",
    signature_name: "Web shell or command injection",
    url: /\/(?:shell|cmd|c99|r57|wso|b374k|webshell)\.(?:php|aspx?|jsp)\b|[?&](?:cmd|exec|command)=|[;|`]\s*(?:id|whoami|uname|wget|curl|bash|sh|nc)\b|\$\((?:id|whoami)/i,
  },
  { attack_type: "crlf_injection", signature_name: "CRLF injection", url: /%0d%0a|\r\n/i },
  {
    attack_type: "known_exploit",
    signature_name: "Known web application exploit path",
    url: /thumb\.php\?src=|\/cache\/external\w*\.php|\.php\/login\.php|default\.ida|cart\.php\?\S*templatefile|\/cgi-bin\/(?:php|bash)|\/CFIDE\/|\/invoker\/|\/jmx-console/i,
  },
  {
    attack_type: "admin_probe",
    signature_name: "Administration console probe",
    url: /php-?my-?admin|\/pma\/|\/myadmin\/|\/setup\.php|\/manager\/html|\/console\/faces|\/solr\/admin|\/actuator\//i,
  },
  {
    attack_type: "sensitive_file_probe",
    signature_name: "Sensitive file probe",
    url: /\/\.(?:htaccess|htpasswd|git|svn|env|ssh|history|bash_history|DS_Store)\b|\.(?:swp|bak|old|orig)$|\/server-status|\/wp-config\.php|\/web\.config\b/i,
  },
  {
    attack_type: "scanner",
    signature_name: "Vulnerability scanner",
    agent:
      /nikto|sqlmap|nmap|masscan|zgrab|acunetix|w3af|nessus|openvas|wpscan|dirbuster|gobuster|\bffuf\b|nuclei|zmeu|morfeus|the beast|libwww-perl|fingerprinter|havij|netsparker/i,
  },
];

function decoded(url: string): string {
  const spaced = url.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([\da-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}

/** The attack a request reveals, or null for an ordinary request. */
export function webAttackOf(url: string | null, agent: string | null): WebAttack | null {
  const urls = url ? [url, decoded(url)] : [];
  const found = SIGNATURES.find(
    (s) => (s.url && urls.some((u) => s.url!.test(u))) || (s.agent && agent !== null && s.agent.test(agent)),
  );
  return found ? { attack_type: found.attack_type, signature_name: found.signature_name } : null;
}

// Attempts to exploit the application; the other signatures are reconnaissance (probes, scanners).
const EXPLOITS = new Set([
  "log4shell",
  "sql_injection",
  "path_traversal",
  "remote_file_inclusion",
  "command_injection",
  "known_exploit",
]);
const ONE_TIER_UP: Record<Severity, Severity> = {
  info: "low",
  low: "medium",
  medium: "high",
  high: "critical",
  critical: "critical",
};

/**
 * The fields of a request typed as an attack: exploitation attempts are high, reconnaissance medium, and one tier
 * more when the server answered 2xx (the attack may have worked).
 */
export function webAttackFields(attack: WebAttack, status: number | null) {
  const base: Severity = EXPLOITS.has(attack.attack_type) ? "high" : "medium";
  const answered = status !== null && status >= 200 && status < 300;
  return {
    source_type: "proxy" as const,
    event_type: "web_attack",
    ...attack,
    severity: answered ? ONE_TIER_UP[base] : base,
  };
}
