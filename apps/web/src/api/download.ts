import { useAuthStore } from "../stores/auth.ts";
import { apiUrl } from "./client.ts";

type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Saves what an API path answers as a file (an export): fetched with the session token, named by the server's
 * `Content-Disposition` (or `fallbackName`), handed to the browser as a download.
 */
export async function downloadApiFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const token = useAuthStore.getState().token;
  const response = await fetch(apiUrl(path, query), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`download failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name ?? fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
