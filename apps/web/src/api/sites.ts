import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./client.ts";
import type { CreatedIngestToken, IngestToken, Site, SiteSettings } from "./types.ts";

/** Every site with health and counts (`GET /sites`). */
export function useSites() {
  return useQuery({ queryKey: ["sites"], queryFn: ({ signal }) => apiFetch<Site[]>("/sites", { signal }) });
}

/** One site (`GET /sites/:id`). */
export function useSite(siteId: string) {
  return useQuery({
    queryKey: ["site", siteId],
    queryFn: ({ signal }) => apiFetch<Site>(`/sites/${encodeURIComponent(siteId)}`, { signal }),
  });
}

/** The site's ingest tokens (admin). */
export function useSiteTokens(siteId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["site-tokens", siteId],
    enabled,
    queryFn: ({ signal }) =>
      apiFetch<IngestToken[]>(`/sites/${encodeURIComponent(siteId)}/tokens`, { signal }),
  });
}

/** Issues a new ingest token; the response holds the secret, shown once. */
export function useCreateSiteToken(siteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<CreatedIngestToken>(`/sites/${encodeURIComponent(siteId)}/tokens`, {
        method: "POST",
        body: { name },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["site-tokens", siteId] }),
  });
}

/** Revokes an ingest token. */
export function useRevokeSiteToken(siteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiFetch<unknown>(`/sites/${encodeURIComponent(siteId)}/tokens/${encodeURIComponent(tokenId)}`, {
        method: "DELETE",
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["site-tokens", siteId] }),
  });
}

/** Registers a site id seen in events only (admin); its pages and the grid are refreshed after. */
export function useRegisterSite(siteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<SiteSettings>("/sites", { method: "POST", body: { site_id: siteId, name } }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["site", siteId] }),
        client.invalidateQueries({ queryKey: ["sites"] }),
      ]),
  });
}

/** Changes a site's editable fields (admin); the site's pages are refreshed after. */
export function useUpdateSite(siteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Pick<SiteSettings, "name" | "description" | "networks">>) =>
      apiFetch<SiteSettings>(`/sites/${encodeURIComponent(siteId)}`, { method: "PATCH", body: patch }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ["site", siteId] }),
        client.invalidateQueries({ queryKey: ["sites"] }),
      ]),
  });
}
