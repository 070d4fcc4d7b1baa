import type { RequestUser } from "../../http/access.ts";
import { errors } from "../../http/errors.ts";
import type { Bus } from "../../platform/bus/bus.ts";
import type { UserRecord, UsersRepository } from "../users/users.repository.ts";
import { passwordProblems } from "./password-policy.ts";
import { hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import type { TokenService } from "./tokens.ts";

const USER_CACHE_MS = 2_000;
const INVALID_CREDENTIALS = "Invalid username or password";

/** A freshly issued access token. */
export interface IssuedToken {
  access_token: string;
  token_type: "bearer";
}

/** What a user may change about themselves (`PATCH /auth/me`). */
export interface ProfileChange {
  current_password: string;
  username?: string;
  email?: string;
  password?: string;
}

/** Signs users in and resolves the user behind each request's token. */
export class AuthService {
  // The user is loaded on every request (deactivation must bite at once); a short cache keeps it cheap.
  private readonly cache = new Map<string, { user: UserRecord | null; until: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly bus: Bus,
  ) {
    // Another node changed a user: drop our cached copy so the change bites here too.
    bus.subscribe("users.changed", ({ user_id }) => this.invalidate(user_id));
  }

  /** Checks credentials in constant time for unknown users and returns a fresh access token. */
  async login(username: string, password: string): Promise<IssuedToken & { user: UserRecord }> {
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) throw errors.unauthenticated(INVALID_CREDENTIALS);
    if (!user.isActive) throw errors.unauthenticated("Account is deactivated");
    await this.users.recordLogin(
      user.id,
      needsRehash(user.passwordHash) ? await hashPassword(password) : undefined,
    );
    return { ...(await this.bearer(user)), user };
  }

  /** Creates an analyst account (self-registration) and signs it in. */
  async register(input: {
    username: string;
    email: string;
    password: string;
  }): Promise<IssuedToken & { user: UserRecord }> {
    const user = await this.createUser({ ...input, role: "analyst" });
    return { ...(await this.bearer(user)), user };
  }

  /** Creates a user after checking the password rules (422) and uniqueness (409). */
  async createUser(input: {
    username: string;
    email: string;
    password: string;
    role: UserRecord["role"];
  }): Promise<UserRecord> {
    assertPasswordAcceptable(input.password, input.username, "password");
    const { password, ...rest } = input;
    return this.users.create({ ...rest, passwordHash: await hashPassword(password) });
  }

  /**
   * Changes the caller's username, email or password after checking the current password; returns
   * a new token when the old one no longer describes the user (username) or no longer works (password).
   */
  async updateProfile(
    userId: string,
    change: ProfileChange,
  ): Promise<{ user: UserRecord; token: IssuedToken | null; changed: string[] }> {
    const user = await this.users.findById(userId);
    if (!user) throw errors.unauthenticated("User no longer exists");
    if (!(await verifyPassword(user.passwordHash, change.current_password))) {
      throw errors.forbidden("Current password is incorrect");
    }
    const changed = changedFields(user, change);
    if (!changed.length)
      throw errors.validation("Nothing to change", [
        { field: "body", message: "Give a new username, email or password", type: "nothing_to_change" },
      ]);
    if (change.password !== undefined)
      assertPasswordAcceptable(change.password, change.username ?? user.username, "password");
    const updated = await this.users.updateProfile(user.id, {
      ...(changed.includes("username") ? { username: change.username } : {}),
      ...(changed.includes("email") ? { email: change.email } : {}),
      ...(changed.includes("password") ? { passwordHash: await hashPassword(change.password!) } : {}),
    });
    if (!updated) throw errors.unauthenticated("User no longer exists");
    await this.userChanged(user.id);
    const needsToken = changed.includes("username") || changed.includes("password");
    return { user: updated, token: needsToken ? await this.bearer(updated) : null, changed };
  }

  /** Issues an access token for a user. */
  issue(user: UserRecord): Promise<string> {
    return this.tokens.issue({
      sub: user.id,
      username: user.username,
      role: user.role,
      ver: user.tokenVersion,
    });
  }

  private async bearer(user: UserRecord): Promise<IssuedToken> {
    return { access_token: await this.issue(user), token_type: "bearer" };
  }

  /** Verifies a token and loads its user, who must still exist, be active and not have ended the session; the role is the stored one. */
  async authenticate(token: string): Promise<RequestUser> {
    const claims = await this.tokens.verify(token);
    const user = await this.load(claims.sub);
    if (!user) throw errors.unauthenticated("User no longer exists");
    if (!user.isActive) throw errors.unauthenticated("Account is deactivated");
    if (user.tokenVersion !== claims.ver) throw errors.unauthenticated("Session ended; sign in again");
    return { id: user.id, username: user.username, role: user.role };
  }

  /** After a change of role, activation, password or a deletion: forget the user here and on every other node. */
  async userChanged(userId: string): Promise<void> {
    this.invalidate(userId);
    await this.bus.publish("users.changed", { user_id: userId });
  }

  /** Forgets a cached user on this node. */
  invalidate(userId: string): void {
    this.cache.delete(userId);
  }

  private async load(id: string): Promise<UserRecord | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.user;
    const user = await this.users.findById(id);
    this.cache.set(id, { user, until: Date.now() + USER_CACHE_MS });
    return user;
  }
}

function assertPasswordAcceptable(password: string, username: string, field: string): void {
  const problems = passwordProblems(password, username, field);
  if (problems.length) throw errors.validation("Password does not meet the rules", problems);
}

function changedFields(user: UserRecord, change: ProfileChange): string[] {
  const fields: string[] = [];
  if (change.username !== undefined && change.username !== user.username) fields.push("username");
  if (change.email !== undefined && change.email.toLowerCase() !== user.email.toLowerCase())
    fields.push("email");
  if (change.password !== undefined) fields.push("password");
  return fields;
}
