import type { Role } from "@vigie/contracts";
import { ADMIN_PASSWORD, ADMIN_USERNAME, INGEST_TOKEN } from "./server.ts";

/** A thin HTTP client for test setup: the browser does the real work, this prepares data around it. */
export class VigieApi {
  private adminToken: string | undefined;

  constructor(
    readonly url: string,
    private readonly adminPassword: string = ADMIN_PASSWORD,
  ) {}

  /** Signs in through the API and returns the bearer token. */
  async login(username: string, password: string): Promise<string> {
    const body = await this.call<{ access_token: string }>("POST", "/api/v1/auth/login", {
      username,
      password,
    });
    return body.access_token;
  }

  /** Calls the API as the first admin. */
  async asAdmin<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.adminToken ??= await this.login(ADMIN_USERNAME, this.adminPassword);
    return this.call<T>(method, path, body, { Authorization: `Bearer ${this.adminToken}` });
  }

  /** Calls the API as the holder of `token` (another analyst acting while the browser watches). */
  withToken<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(method, path, body, { Authorization: `Bearer ${token}` });
  }

  /** Creates a user with `role` (unique name per call) and returns its credentials. */
  async createUser(
    role: Role,
    prefix: string = role,
  ): Promise<{ id: string; username: string; password: string }> {
    const username = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 32);
    const password = `Pw-${username}-Vigie9`;
    const user = await this.asAdmin<{ id: string }>("POST", "/api/v1/admin/users", {
      username,
      email: `${username}@example.test`,
      password,
      role,
    });
    return { id: user.id, username, password };
  }

  /** Ingests one event through the public ingest API, like a real source; returns the stored event. */
  ingest<T = { id: string; message: string }>(event: Record<string, unknown>): Promise<T> {
    return this.call<T>("POST", "/api/v1/logs/ingest", event, { Authorization: `Bearer ${INGEST_TOKEN}` });
  }

  /** Ingests a batch of events. */
  ingestBatch(events: Record<string, unknown>[]): Promise<{ created: number }> {
    return this.call(
      "POST",
      "/api/v1/logs/ingest/batch",
      { events },
      { Authorization: `Bearer ${INGEST_TOKEN}` },
    );
  }

  /** Sends shipper documents as they are to the raw endpoint (`?site_id=`: the test token covers every site). */
  ingestRaw(documents: unknown[], siteId = "AUDIO_001"): Promise<{ created: number }> {
    return this.call("POST", `/api/v1/logs/ingest/raw?site_id=${encodeURIComponent(siteId)}`, documents, {
      Authorization: `Bearer ${INGEST_TOKEN}`,
    });
  }

  /** True when the route exists (anything but a 404 "Endpoint not found"), so tests can name what is missing. */
  async hasEndpoint(method: string, path: string): Promise<boolean> {
    this.adminToken ??= await this.login(ADMIN_USERNAME, this.adminPassword);
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.adminToken}`, "Content-Type": "application/json" },
      body: method === "GET" ? undefined : "{}",
    });
    if (response.status !== 404) return true;
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    return body.message !== "Endpoint not found";
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
