import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useAuthStore } from "../stores/auth.ts";
import { apiFetch } from "./client.ts";
import type { CurrentUser, TokenResponse } from "./types.ts";

/** `POST /auth/login`: returns the token; the caller stores it. */
export function login(username: string, password: string): Promise<TokenResponse> {
  return apiFetch<TokenResponse>("/auth/login", {
    method: "POST",
    body: { username, password },
    anonymous: true,
  });
}

/** The caller's profile (`GET /auth/me`), mirrored into the auth store for role gating. */
export function useMe() {
  const token = useAuthStore((s) => s.token);
  return useQuery({
    queryKey: ["me", token],
    enabled: token !== null,
    queryFn: async ({ signal }) => {
      const me = await apiFetch<CurrentUser>("/auth/me", { signal });
      useAuthStore.getState().setUser(me);
      return me;
    },
  });
}

/** Fields of `PATCH /auth/me`; `current_password` is always required. */
export interface ProfileChange {
  current_password: string;
  username?: string;
  email?: string;
  password?: string;
}

/** Updates the caller's own profile or password. */
export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: ProfileChange) =>
      apiFetch<CurrentUser>("/auth/me", { method: "PATCH", body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["me"] }),
  });
}

/** Changes the caller's own display preferences (`PATCH /auth/me/preferences`): the time zone, null for the browser's. */
export function useUpdatePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { time_zone: string | null }) =>
      apiFetch<CurrentUser>("/auth/me/preferences", { method: "PATCH", body: change }),
    onSuccess: (me) => {
      useAuthStore.getState().setUser(me);
      return client.invalidateQueries({ queryKey: ["me"] });
    },
  });
}
