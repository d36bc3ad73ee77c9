/**
 * Imports from the browser: each upload is streamed to its own folder (upload.ts), previewed with a dry run,
 * and imported on request, with its progress kept here for the page to poll. The import itself is the CLI's,
 * run by the server's job runner: the composition passes it in as `ImportRunner`, so this layer never reaches
 * into the pipeline.
 */
import { join } from "node:path";
import type { Logger } from "../../../log.ts";
import type { ImportReportView, ImportState } from "./page.tsx";
import { saveUpload } from "./upload.ts";

export type { ImportState };

/** What the Import page needs from the server. */
export interface Importer {
  maxUploadBytes: number;
  /** Streams the upload to disk, dry-runs it and returns its state with the preview. */
  preview(request: Request): Promise<ImportState>;
  /** Starts the real import of a previewed upload in the background. */
  start(id: string): Promise<void>;
  status(id: string): ImportState | undefined;
}

/** The pipeline's part, given by the composition. */
export interface ImportRunner {
  /** Dry-runs the file at `path` and reports what an import would do; writes nothing. */
  preview(path: string): Promise<ImportReportView>;
  /**
   * Imports the file at `path` as a job (never beside another), telling each step as it goes. `skipped` when
   * another import is running.
   */
  run(path: string, onProgress: (line: string) => void): Promise<
    { status: "succeeded"; report: ImportReportView } | { status: "failed" | "skipped"; error?: string }
  >;
  /** Before an import starts: the user's warehouse becomes the one shown (the dashboard leaves the demo). */
  starting?(): Promise<void>;
  /** After a failed import: lets the server show the demo again if the user's warehouse stayed empty. */
  failed?(): Promise<void>;
}

/** The progress steps an import reports: files found, rows read, new rows, marts built, rows landed. */
const STAGES = 5;

export class Uploads implements Importer {
  #maxUploadBytes: () => number;
  #root: string;
  #runner: ImportRunner;
  #logger: Logger | undefined;
  #uploads = new Map<string, ImportState & { path: string; dir: string }>();

  /** Uploads go to folders under `root` (`uploads/` beside the warehouse) and are removed once imported. */
  constructor(
    runner: ImportRunner,
    { root, maxUploadBytes, logger }: {
      root: string;
      /** The largest upload, asked per upload (MAX_UPLOAD_MB can change while serving). */
      maxUploadBytes: number | (() => number);
      logger?: Logger;
    },
  ) {
    this.#runner = runner;
    this.#root = root;
    this.#maxUploadBytes = typeof maxUploadBytes === "number" ? () => maxUploadBytes : maxUploadBytes;
    this.#logger = logger;
  }

  get maxUploadBytes(): number {
    return this.#maxUploadBytes();
  }

  async preview(request: Request): Promise<ImportState> {
    const id = crypto.randomUUID();
    const dir = join(this.#root, id);
    try {
      const saved = await saveUpload(request, dir, { maxBytes: this.maxUploadBytes });
      const preview = await this.#runner.preview(saved.path);
      const upload = {
        id,
        fileName: saved.fileName,
        state: "previewed" as const,
        progress: [],
        stage: 0,
        stages: STAGES,
        preview,
        path: saved.path,
        dir,
      };
      this.#uploads.set(id, upload);
      return upload;
    } catch (error) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw error;
    }
  }

  async start(id: string): Promise<void> {
    const upload = this.#uploads.get(id);
    if (!upload || upload.state !== "previewed") return;
    upload.state = "running";
    await this.#runner.starting?.();
    this.#runner.run(upload.path, (line) => {
      upload.progress.push(line);
      upload.stage = Math.min(upload.stage + 1, STAGES);
    }).then(async (result) => {
      if (result.status === "succeeded") {
        upload.state = "done";
        upload.report = result.report;
      } else {
        upload.state = "failed";
        upload.error = result.error ??
          (result.status === "skipped" ? "another import is running" : undefined);
        await this.#runner.failed?.();
      }
    }).catch((error) => {
      upload.state = "failed";
      upload.error = String(error);
    }).finally(() => {
      Deno.remove(upload.dir, { recursive: true }).catch(() => {});
      this.#logger?.info("browser import finished", { id, state: upload.state });
    });
  }

  status(id: string): ImportState | undefined {
    return this.#uploads.get(id);
  }
}
