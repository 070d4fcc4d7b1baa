import type { RequestUser } from "../../http/access.ts";
import { errors } from "../../http/errors.ts";
import { type UserRecord, UsersRepository } from "../users/users.repository.ts";
import { hashPassword, needsRehash, verifyPassword } from "./passwords.ts";
import type { TokenService } from "./tokens.ts";

const USER_CACHE_MS = 2_000;
const INVALID_CREDENTIALS = "Invalid username or password";

/** Signs users in and resolves the user behind each request's token. */
export class AuthService {
  // The user is loaded on every request (deactivation must bite at once); a short cache keeps it cheap.
  private readonly cache = new Map<string, { user: UserRecord | null; until: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
  ) {}

  /** Checks credentials in constant time for unknown users and returns a fresh access token. */
  async login(username: string, password: string): Promise<{ access_token: string; token_type: "bearer"; user: UserRecord }> {
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) throw errors.unauthenticated(INVALID_CREDENTIALS);
    if (!user.isActive) throw errors.unauthenticated("Account is deactivated");
    await this.users.recordLogin(user.id, needsRehash(user.passwordHash) ? await hashPassword(password) : undefined);
    return { access_token: await this.issue(user), token_type: "bearer", user };
  }

  /** Issues an access token for a user. */
  issue(user: UserRecord): Promise<string> {
    return this.tokens.issue({ sub: user.id, username: user.username, role: user.role });
  }

  /** Verifies a token and loads its user, who must still exist and be active; the role is the stored one. */
  async authenticate(token: string): Promise<RequestUser> {
    const claims = await this.tokens.verify(token);
    const user = await this.load(claims.sub);
    if (!user) throw errors.unauthenticated("User no longer exists");
    if (!user.isActive) throw errors.unauthenticated("Account is deactivated");
    return { id: user.id, username: user.username, role: user.role };
  }

  /** Forgets a cached user after a change of role, activation or deletion. */
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
