import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Asset, AssetCriticality, Page } from "@vigie/contracts";
import { apiFetch } from "./client.ts";

/** The filters of the asset list (docs/ASSETS.md). */
export interface AssetFilters {
  site_id?: string;
  q?: string;
  criticality?: AssetCriticality;
}

/** One page of assets, most recently seen first. */
export function useAssets(filters: AssetFilters, page: number) {
  return useQuery({
    queryKey: ["assets", filters, page],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      apiFetch<Page<Asset>>("/assets", { query: { ...filters, page, per_page: 100 }, signal }),
  });
}

/** The assets among an alert's hosts (by exact name, in its site when it has one); none asked: none fetched. */
export function useAssetsOf(siteId: string | null, hosts: string[]) {
  return useQuery({
    queryKey: ["assets", "of", siteId ?? "", hosts],
    enabled: hosts.length > 0,
    queryFn: ({ signal }) =>
      apiFetch<Page<Asset>>("/assets", {
        query: { hosts: hosts.slice(0, 20).join(","), site_id: siteId ?? undefined, per_page: 20 },
        signal,
      }),
  });
}

/** The site of an asset in a path: `-` for events that had no site. */
const sitePath = (siteId: string) => encodeURIComponent(siteId || "-");

/** Sets an asset's criticality (supervisor, admin); every asset list is refreshed. */
export function useSetCriticality() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ asset, criticality }: { asset: Asset; criticality: AssetCriticality }) =>
      apiFetch<Asset>(`/assets/${sitePath(asset.site_id)}/${encodeURIComponent(asset.host)}`, {
        method: "PATCH",
        body: { criticality },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["assets"] }),
  });
}
