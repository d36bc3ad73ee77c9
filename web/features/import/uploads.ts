/** What the Import page needs from the server: saving and previewing an upload, importing it, its progress. */
import type { ImportState } from "./page.tsx";

export type { ImportState };

export interface Importer {
  maxUploadBytes: number;
  /** Streams the upload to disk (upload.ts), dry-runs it and returns its state with the preview. */
  preview(request: Request): Promise<ImportState>;
  /** Starts the real import of a previewed upload in the background. */
  start(id: string): Promise<void>;
  status(id: string): ImportState | undefined;
}
