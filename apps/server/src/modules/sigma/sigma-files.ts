import { unzipSync } from "fflate";
import { AppError, errors } from "../../http/errors.ts";
import type { SigmaFile } from "../../sigma/batch.ts";

/** Largest Sigma import request (a zip of the whole SigmaHQ repository is about 4 MB). */
export const SIGMA_BODY_LIMIT = 8 * 1024 * 1024;
/** Most rule files one import may hold. */
export const MAX_SIGMA_FILES = 5_000;
/** Most bytes the files of a zip may unpack to (a zip bomb is refused before it is inflated). */
const MAX_UNZIPPED = 64 * 1024 * 1024;

const isYamlName = (name: string) =>
  /\.ya?ml$/i.test(name) && !name.split("/").some((part) => part.startsWith("."));
const bad = (file: string, message: string) =>
  errors.validation(message, [{ field: file, message, type: "sigma_file" }]);

/** The YAML files of a zip archive, in archive order; other files are ignored. */
export function filesOfZip(zip: Uint8Array, name: string): SigmaFile[] {
  let total = 0;
  let count = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (entry) => {
        if (!isYamlName(entry.name)) return false;
        total += entry.originalSize;
        if (++count > MAX_SIGMA_FILES) throw bad(name, `more than ${MAX_SIGMA_FILES} YAML files`);
        if (total > MAX_UNZIPPED) throw bad(name, `unpacks to more than ${MAX_UNZIPPED / 1024 / 1024} MB`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw bad(name, `not a readable zip archive: ${(error as Error).message}`);
  }
  const decoder = new TextDecoder("utf-8", { fatal: false });
  return Object.entries(entries).map(([path, bytes]) => ({
    name: `${name}/${path}`,
    text: decoder.decode(bytes),
  }));
}

/** One uploaded file as Sigma files: a zip is unpacked, anything else is read as YAML text. */
export function filesOfUpload(name: string, bytes: Uint8Array): SigmaFile[] {
  if (/\.zip$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return filesOfZip(bytes, name);
  return [{ name, text: new TextDecoder().decode(bytes) }];
}

/** Refuses an import with no file or too many. */
export function checkFileCount(files: SigmaFile[]): SigmaFile[] {
  if (!files.length)
    throw errors.validation("No Sigma YAML file in the request", [
      { field: "body", message: "send YAML, a .zip, or files", type: "sigma_file" },
    ]);
  if (files.length > MAX_SIGMA_FILES) throw errors.validation(`More than ${MAX_SIGMA_FILES} files`, []);
  return files;
}
