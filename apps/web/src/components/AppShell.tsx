import { Outlet } from "@tanstack/react-router";
import { useMe } from "../api/auth.ts";
import { useLiveStreams } from "../api/live.ts";
import { Sidebar } from "./Sidebar.tsx";

/** The signed-in frame: sidebar, live streams and the routed page. */
export function AppShell() {
  useMe();
  useLiveStreams();
  return (
    <div className="flex h-full">
      <Sidebar />
      <main className="flex min-w-0 flex-1 flex-col overflow-hidden">
        <Outlet />
      </main>
    </div>
  );
}
