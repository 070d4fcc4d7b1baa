import type { RequestUser } from "../../http/access.ts";
import { errors } from "../../http/errors.ts";
import type { AuthService } from "../auth/auth.service.ts";
import type { GuardedChange, UserRecord, UsersRepository } from "../users/users.repository.ts";

/** Which admin action, for messages and the audit log. */
type AdminAction = "role" | "deactivate" | "activate" | "delete";

const SELF_FORBIDDEN: Partial<Record<AdminAction, string>> = {
  deactivate: "You cannot deactivate yourself",
  delete: "You cannot delete yourself",
};

const LAST_ADMIN: Record<AdminAction, string> = {
  role: "The last active admin cannot be demoted",
  deactivate: "The last active admin cannot be deactivated",
  activate: "The last active admin cannot be changed",
  delete: "The last active admin cannot be deleted",
};

/** Admin changes to other users, with self-protection and last-active-admin protection. */
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
  ) {}

  /** Changes a user's role (takes effect on their next request). */
  changeRole(actor: RequestUser, id: string, role: UserRecord["role"]): Promise<UserRecord> {
    return this.apply(actor, id, "role", { role });
  }

  /** Deactivates (their tokens stop on the next request) or re-activates a user. */
  setActive(actor: RequestUser, id: string, active: boolean): Promise<UserRecord> {
    return this.apply(actor, id, active ? "activate" : "deactivate", { isActive: active });
  }

  /** Deletes a user (their tokens stop on the next request); returns the deleted row. */
  delete(actor: RequestUser, id: string): Promise<UserRecord> {
    return this.apply(actor, id, "delete", { delete: true });
  }

  private async apply(
    actor: RequestUser,
    id: string,
    action: AdminAction,
    change: GuardedChange,
  ): Promise<UserRecord> {
    const selfForbidden = SELF_FORBIDDEN[action];
    if (selfForbidden && actor.id === id) throw errors.forbidden(selfForbidden);
    const outcome = await this.users.changeGuarded(id, change);
    if ("refused" in outcome) {
      throw outcome.refused === "not_found" ? errors.notFound("User") : errors.forbidden(LAST_ADMIN[action]);
    }
    await this.auth.userChanged(id);
    return outcome.user;
  }
}
