import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiServer = process.env.VIGIE_API_URL ?? "http://127.0.0.1:8080";

/** The web app's build: React + Tailwind, and a dev server that proxies the API to the local Vigie server. */
export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: apiServer, changeOrigin: true },
      "/health": { target: apiServer, changeOrigin: true },
      "/socket.io": { target: apiServer, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
});
