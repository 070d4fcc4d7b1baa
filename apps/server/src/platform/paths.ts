import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The server package's folder (`apps/server`), found from this module whether it runs from its
 * TypeScript sources or from the compiled bundle in `apps/server/dist` (`npm start`): the first folder
 * up that holds both `package.json` and `migrations`.
 */
function findServerRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "migrations")))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find the server's folder (package.json beside migrations/)");
    dir = up;
  }
  return dir;
}

const SERVER_ROOT = findServerRoot();

/** A file or folder the server reads at run time, named from `apps/server`. */
export const serverPath = (...parts: string[]): string => path.join(SERVER_ROOT, ...parts);
