import { isCredentialHeader, type Rule, type RuleAction, SECRET_MASK } from "@vigie/contracts";
import { errors } from "../../http/errors.ts";

type WebhookConfig = Extract<RuleAction, { type: "webhook" }>["config"];
type Headers = NonNullable<WebhookConfig["headers"]>;

const mapHeaders = (headers: Headers, value: (name: string, value: string) => string): Headers =>
  Object.fromEntries(Object.entries(headers).map(([name, given]) => [name, value(name, given)]));

/** Applies `change` to the config of every webhook action, leaving the other actions as they are. */
const mapWebhooks = (
  actions: readonly RuleAction[],
  change: (config: WebhookConfig, index: number) => WebhookConfig,
) =>
  actions.map((action, index) =>
    action.type === "webhook" ? { ...action, config: change(action.config, index) } : action,
  );

function maskWebhook(config: WebhookConfig): WebhookConfig {
  const masked = { ...config };
  if (config.secret !== undefined) masked.secret = SECRET_MASK;
  if (config.headers)
    masked.headers = mapHeaders(config.headers, (name, value) =>
      isCredentialHeader(name) ? SECRET_MASK : value,
    );
  return masked;
}

/** A rule as the API shows it to anyone: webhook secrets and credential header values replaced by the mask. */
export function withoutSecrets(rule: Rule): Rule {
  return { ...rule, actions: mapWebhooks(rule.actions, maskWebhook) } as Rule;
}

/**
 * The stored webhook an incoming one stands for: the one with the same URL (preferring the same position),
 * else the webhook at the same position, else the only stored webhook (an edited or moved hook keeps its secret).
 */
function storedCounterpart(stored: readonly RuleAction[], config: WebhookConfig, index: number) {
  const webhooks = stored.flatMap((action, position) =>
    action.type === "webhook" ? [{ position, config: action.config }] : [],
  );
  const sameUrl = webhooks.filter((hook) => hook.config.url === config.url);
  const match =
    sameUrl.find((hook) => hook.position === index) ??
    sameUrl[0] ??
    webhooks.find((hook) => hook.position === index) ??
    (webhooks.length === 1 ? webhooks[0] : undefined);
  return match?.config;
}

function kept(value: string | undefined, field: string): string {
  if (value !== undefined) return value;
  throw errors.validation("The rule is not valid", [
    {
      field,
      message: "is masked, but no stored value is there to keep: send the value itself",
      type: "custom",
    },
  ]);
}

const storedHeader = (config: WebhookConfig | undefined, name: string) =>
  Object.entries(config?.headers ?? {}).find(([stored]) => stored.toLowerCase() === name.toLowerCase())?.[1];

/**
 * The actions of a create or update with every masked value replaced by the stored value it stands for, so
 * a client that sends back what it read keeps the secrets; 422 when a mask stands for nothing stored.
 */
export function restoreSecrets(incoming: readonly RuleAction[], stored: readonly RuleAction[]): RuleAction[] {
  return mapWebhooks(incoming, (config, index) => {
    const field = `actions.${index}.config`;
    const counterpart = storedCounterpart(stored, config, index);
    const restored = { ...config };
    if (config.secret === SECRET_MASK) restored.secret = kept(counterpart?.secret, `${field}.secret`);
    if (config.headers)
      restored.headers = mapHeaders(config.headers, (name, value) =>
        value === SECRET_MASK ? kept(storedHeader(counterpart, name), `${field}.headers.${name}`) : value,
      );
    return restored;
  });
}
