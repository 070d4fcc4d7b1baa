// Compiles the server (and the workspace packages it imports) into one ES module,
// `apps/server/dist/main.js`, with a source map; every npm dependency stays an import of node_modules.
// `npm start` runs it when it is older than a source file (scripts/start.mjs); `npm run build` too.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_BUNDLE = path.join(root, "apps/server/dist/main.js");

/** Bare imports other than the workspace's own packages are left to Node at run time. */
const dependenciesExternal = {
  name: "dependencies-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@vigie/") ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, "apps/server/src/main.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    sourcemap: true,
    logLevel: "warning",
    plugins: [dependenciesExternal],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
