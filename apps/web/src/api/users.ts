import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Page, Role } from "@vigie/contracts";
import { apiFetch } from "./client.ts";
import type { AdminUser } from "./types.ts";

/** One page of users (admin). */
export function useUsers(page: number) {
  return useQuery({
    queryKey: ["users", page],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<AdminUser>>("/admin/users", { query: { page, per_page: 100 }, signal }),
  });
}

/** Body of `POST /admin/users`. */
export interface NewUser {
  username: string;
  email: string;
  password: string;
  role: Role;
}

/** The admin user actions, keyed by name, each one API call. */
export type UserAction =
  | { kind: "create"; user: NewUser }
  | { kind: "role"; id: string; role: Role }
  | { kind: "activate"; id: string }
  | { kind: "deactivate"; id: string }
  | { kind: "delete"; id: string };

const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

const USER_ACTIONS: { [K in UserAction["kind"]]: (a: Extract<UserAction, { kind: K }>) => Promise<unknown> } =
  {
    create: (a) => apiFetch("/admin/users", { method: "POST", body: a.user }),
    role: (a) => apiFetch(`${userPath(a.id)}/role`, { method: "PATCH", body: { role: a.role } }),
    activate: (a) => apiFetch(`${userPath(a.id)}/activate`, { method: "POST" }),
    deactivate: (a) => apiFetch(`${userPath(a.id)}/deactivate`, { method: "POST" }),
    delete: (a) => apiFetch(userPath(a.id), { method: "DELETE" }),
  };

/** Runs one admin user action and refreshes the list. */
export function useUserAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: UserAction) =>
      (USER_ACTIONS[action.kind] as (a: UserAction) => Promise<unknown>)(action),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}
