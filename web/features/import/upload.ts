/**
 * Streams an uploaded export to disk without holding it in memory: a `multipart/form-data` form's first file
 * part, or a raw body (`application/zip`, `application/octet-stream`, `application/json`) named by the
 * `X-Filename` header. Stops reading, and deletes what it wrote, as soon as the upload passes `maxBytes`.
 */
import { basename, join } from "node:path";

export class UploadError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

export interface SavedUpload {
  path: string;
  fileName: string;
  bytes: number;
}

export async function saveUpload(
  request: Request,
  dir: string,
  { maxBytes }: { maxBytes: number },
): Promise<SavedUpload> {
  const type = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes + 64 * 1024) {
    await request.body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!request.body) throw new UploadError(400, "The upload is empty");
  await Deno.mkdir(dir, { recursive: true });
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
    if (!boundary) throw new UploadError(400, "The form has no multipart boundary");
    return await saveMultipart(request.body, dir, boundary, maxBytes);
  }
  const fileName = safeName(request.headers.get("x-filename") ?? "upload");
  return await saveStream(request.body, join(dir, fileName), fileName, maxBytes);
}

async function saveStream(
  body: ReadableStream<Uint8Array>,
  path: string,
  fileName: string,
  maxBytes: number,
): Promise<SavedUpload> {
  let bytes = 0;
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  try {
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      await writeAll(file, chunk);
    }
  } catch (error) {
    file.close();
    await Deno.remove(path).catch(() => {});
    throw error;
  }
  file.close();
  return { path, fileName, bytes };
}

/** The first file part of a multipart body, streamed: the boundary is searched across chunk edges. */
async function saveMultipart(
  body: ReadableStream<Uint8Array>,
  dir: string,
  boundary: string,
  maxBytes: number,
): Promise<SavedUpload> {
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const reader = body.getReader();
  let buffer: Uint8Array = new Uint8Array(0);
  const more = async () => {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer = concat(buffer, value);
    return true;
  };
  // Headers of parts until one carries a filename.
  let fileName: string | undefined;
  while (fileName === undefined) {
    let end = indexOf(buffer, encoder.encode("\r\n\r\n"));
    while (end === -1) {
      if (buffer.length > 64 * 1024 || !(await more())) {
        throw new UploadError(400, "The form has no file in it");
      }
      end = indexOf(buffer, encoder.encode("\r\n\r\n"));
    }
    const headers = new TextDecoder().decode(buffer.subarray(0, end));
    buffer = buffer.subarray(end + 4);
    const name = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      fileName = safeName(name || "upload");
    } else {
      // Skip a non-file field up to the next delimiter.
      let next = indexOf(buffer, delimiter);
      while (next === -1) {
        if (!(await more())) throw new UploadError(400, "The form has no file in it");
        next = indexOf(buffer, delimiter);
      }
      buffer = buffer.subarray(next + delimiter.length + 2);
    }
  }
  const path = join(dir, fileName);
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  let bytes = 0;
  try {
    for (;;) {
      const at = indexOf(buffer, delimiter);
      if (at !== -1) {
        bytes += at;
        if (bytes > maxBytes) throw tooLarge(maxBytes);
        await writeAll(file, buffer.subarray(0, at));
        break;
      }
      // Keep the last delimiter-length bytes: the delimiter may straddle two chunks.
      const safe = Math.max(0, buffer.length - delimiter.length);
      bytes += safe;
      if (bytes > maxBytes) throw tooLarge(maxBytes);
      await writeAll(file, buffer.subarray(0, safe));
      buffer = buffer.subarray(safe);
      if (!(await more())) throw new UploadError(400, "The upload ended before the file did (cut off?)");
    }
  } catch (error) {
    file.close();
    await reader.cancel().catch(() => {});
    await Deno.remove(path).catch(() => {});
    throw error;
  }
  file.close();
  await reader.cancel().catch(() => {});
  return { path, fileName, bytes };
}

/** A file name that stays a file name: no folders, no dots-only names, no control characters. */
function safeName(name: string): string {
  // deno-lint-ignore no-control-regex -- control characters are exactly what must not reach a file name
  const cleaned = basename(name.replaceAll("\\", "/")).replace(/[\u0000-\u001f]/g, "").trim();
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned.slice(0, 200) : "upload";
}

function tooLarge(maxBytes: number): UploadError {
  return new UploadError(
    413,
    `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB (MAX_UPLOAD_MB)`,
  );
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  // The native search finds candidates for the first byte; only those are compared in full.
  for (let i = haystack.indexOf(needle[0]); i !== -1 && i <= haystack.length - needle.length;) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i = haystack.indexOf(needle[0], i + 1);
  }
  return -1;
}
