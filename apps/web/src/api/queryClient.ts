import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client.ts";

/** Retries only what may succeed on retry: network errors, overload and 5xx, never 4xx. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
    return false;
  return failureCount < 2;
}

/** The app's single query cache. Live data arrives by streams, so queries do not poll. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
