/** Import an export from the browser: upload, a dry-run preview with per-reason counts, then the import. */

/** What the page shows of an import report (pipeline/exports/import_exports.ts's ImportReport). */
export interface ImportReportView {
  files: {
    file: string;
    format: string;
    rowsRead: number;
    newPlays: number;
    duplicates: number;
    rejected: Record<string, number>;
  }[];
  skipped: { file: string; reason: string }[];
  totals: { rowsRead: number; newPlays: number; duplicates: number; rejected: Record<string, number> };
  playsBefore: number;
  playsAfter: number;
}

export interface ImportState {
  id: string;
  fileName: string;
  state: "previewed" | "running" | "done" | "failed";
  /** Progress lines so far (running), the stage reached out of `stages`. */
  progress: string[];
  stage: number;
  stages: number;
  preview?: ImportReportView;
  report?: ImportReportView;
  error?: string;
}

export function ImportPage({ maxUploadMb, error }: { maxUploadMb: number; error?: string }) {
  return (
    <>
      <h1>Import</h1>
      {error && <p class="message message-error" role="alert">{error}</p>}
      <p>
        Upload the ZIP Spotify sent you (Extended streaming history or Account data), or one of its JSON
        files. You see what it contains before anything is written; importing the same data again adds
        nothing.
      </p>
      <form method="post" action="/import" enctype="multipart/form-data" class="inline-form">
        <label>
          Export file (up to {maxUploadMb} MB)
          <input name="file" type="file" accept=".zip,.json" required />
        </label>
        <button type="submit">Preview</button>
      </form>
    </>
  );
}

export function ImportStatus({ state }: { state: ImportState }) {
  const polling = state.state === "running";
  return (
    <section
      id="import-status"
      aria-live="polite"
      {...(polling
        ? {
          "hx-get": `/import/${state.id}`,
          "hx-trigger": "every 1s",
          "hx-swap": "outerHTML",
          "hx-select": "#import-status",
        }
        : {})}
    >
      <h2>{state.fileName}</h2>
      {state.state === "previewed" && state.preview && (
        <>
          <p>Nothing has been written yet. This is what the import will do:</p>
          <ReportTable report={state.preview} />
          <form method="post" action={`/import/${state.id}/run`}>
            <button type="submit">
              Import {state.preview.totals.newPlays.toLocaleString("en-US")} new plays
            </button>
          </form>
        </>
      )}
      {state.state === "running" && (
        <>
          <progress max={state.stages} value={state.stage}>{state.stage} of {state.stages}</progress>
          <ul class="progress-lines">{state.progress.map((line) => <li>{line}</li>)}</ul>
          <noscript>
            <p>
              <a href={`/import/${state.id}`}>Reload</a> to see how far it got.
            </p>
          </noscript>
        </>
      )}
      {state.state === "done" && state.report && (
        <>
          <p class="message message-ok">
            Imported: {state.report.totals.newPlays.toLocaleString("en-US")} new plays (
            {state.report.playsBefore.toLocaleString("en-US")} before,{" "}
            {state.report.playsAfter.toLocaleString("en-US")} now). <a href="/">See the overview</a>.
          </p>
          <ReportTable report={state.report} />
        </>
      )}
      {state.state === "failed" && (
        <p class="message message-error" role="alert">
          Nothing was imported: {state.error} <a href="/import">Try another file</a>.
        </p>
      )}
    </section>
  );
}

function ReportTable({ report }: { report: ImportReportView }) {
  const reasons = (rejected: Record<string, number>) =>
    Object.entries(rejected).map(([reason, count]) => `${count} ${reason}`).join(", ") || "none";
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" class="number">Rows</th>
            <th scope="col" class="number">New plays</th>
            <th scope="col" class="number">Duplicates</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr>
              <td>{file.file}</td>
              <td class="number">{file.rowsRead.toLocaleString("en-US")}</td>
              <td class="number">{file.newPlays.toLocaleString("en-US")}</td>
              <td class="number">{file.duplicates.toLocaleString("en-US")}</td>
              <td>{reasons(file.rejected)}</td>
            </tr>
          ))}
          <tr class="total">
            <td>Total</td>
            <td class="number">{report.totals.rowsRead.toLocaleString("en-US")}</td>
            <td class="number">{report.totals.newPlays.toLocaleString("en-US")}</td>
            <td class="number">{report.totals.duplicates.toLocaleString("en-US")}</td>
            <td>{reasons(report.totals.rejected)}</td>
          </tr>
        </tbody>
      </table>
      {report.skipped.length > 0 && (
        <p class="secondary">
          Skipped (not play histories):{" "}
          {report.skipped.map((skipped) => `${skipped.file} (${skipped.reason})`).join("; ")}
        </p>
      )}
    </>
  );
}
