import type { Role } from "@vigie/contracts";
import { create } from "zustand";
import { persist } from "zustand/middleware";
import type { CurrentUser } from "../api/types.ts";

interface AuthState {
  token: string | null;
  user: CurrentUser | null;
  /** Keeps a fresh token; the profile comes later from `/auth/me`. */
  signIn: (token: string) => void;
  setUser: (user: CurrentUser) => void;
  logout: () => void;
}

/** The signed-in session, persisted to localStorage so a reload keeps the analyst logged in. */
export const useAuthStore = create<AuthState>()(
  persist(
    (set) => ({
      token: null,
      user: null,
      signIn: (token) => set({ token, user: userFromToken(token) }),
      setUser: (user) => set({ user }),
      logout: () => set({ token: null, user: null }),
    }),
    { name: "vigie.auth" },
  ),
);

const ROLE_RANK: Record<Role, number> = { analyst: 0, supervisor: 1, admin: 2 };

/** True when `role` has at least the privileges of `minimum` (CONTRACT §9). */
export function hasRole(role: Role | undefined, minimum: Role): boolean {
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** The current user's role, or undefined before the profile is known. */
export function useRole(): Role | undefined {
  return useAuthStore((s) => s.user?.role);
}

/** A provisional profile read from the JWT payload, so role gating works before `/auth/me` answers. */
function userFromToken(token: string): CurrentUser | null {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    const role =
      typeof payload.role === "string" && payload.role in ROLE_RANK ? (payload.role as Role) : undefined;
    if (!role) return null;
    return {
      id: String(payload.sub ?? ""),
      username: String(payload.username ?? payload.sub ?? ""),
      email: null,
      role,
    };
  } catch {
    return null;
  }
}
