// First: settings every later module relies on when it is evaluated.
import "./csp.ts";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setLoginRedirect } from "./api/client.ts";
import { queryClient } from "./api/queryClient.ts";
import { router } from "./routes/router.tsx";
import { useLocaleStore } from "./stores/locale.ts";
import "./styles.css";

setLoginRedirect((target) => {
  queryClient.clear();
  void router.navigate({ to: "/login", search: { redirect: target } });
});
document.documentElement.lang = useLocaleStore.getState().locale;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
