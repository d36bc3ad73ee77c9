/**
 * The rules of docs/architecture.md, checked on the source: who may import whom (lib/, config.ts and log.ts
 * import no layer; pipeline and web never each other; only serve.ts both), no import circles, no long SQL inside
 * TypeScript, no source file over 400 lines, and DuckDB views made by the warehouse layer only.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const SKIP = new Set(["node_modules", ".git", "data", "dist", "out", "screenshots"]);

/** Every .ts/.tsx file of the project, relative to its root. */
function sourceFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && !SKIP.has(entry.name)) files.push(...sourceFiles(path));
    else if (entry.isFile && /\.tsx?$/.test(entry.name)) files.push(relative(ROOT, path));
  }
  return files.sort();
}

/** A test, a test helper or a benchmark: held to the layering rules, not to the size and SQL rules. */
function isTestOrBench(file: string): boolean {
  return /_test\.tsx?$/.test(file) || file.startsWith("tests/") || file.startsWith("bench/");
}

/** The project files `file` imports (static `import`/`export … from`, type-only ones too). */
function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(join(ROOT, file));
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gms)]
    .map((match) => match[1]);
  return specifiers.filter((specifier) => /\.tsx?$/.test(specifier))
    .map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)));
}

const FILES = sourceFiles();
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));
const layer = (file: string) => file.split("/")[0];

Deno.test("architecture: config.ts, log.ts and lib/ import no layer", () => {
  for (const file of FILES.filter((file) => /^(config|log)\.ts$|^lib\//.test(file) && !isTestOrBench(file))) {
    for (const imported of GRAPH.get(file)!) {
      assert.ok(
        /^(config|log)\.ts$|^lib\//.test(imported),
        `${file} imports ${imported}: config.ts, log.ts and lib/ may import only each other`,
      );
    }
  }
});

Deno.test("architecture: the pipeline never imports the web layer, nor the web layer the pipeline", () => {
  for (const [file, imports] of GRAPH) {
    if (isTestOrBench(file)) continue;
    for (const imported of imports) {
      const [from, to] = [layer(file), layer(imported)];
      assert.ok(!(from === "pipeline" && to === "web"), `${file} imports ${imported}`);
      assert.ok(!(from === "web" && to === "pipeline"), `${file} imports ${imported}`);
      assert.ok(
        !(from === "warehouse" && (to === "web" || to === "pipeline")),
        `${file} imports ${imported}`,
      );
    }
  }
});

Deno.test("architecture: only serve.ts, the server's composition, imports both pipeline/ and web/", () => {
  const both = [...GRAPH].filter(([file, imports]) =>
    !isTestOrBench(file) && imports.some((path) => path.startsWith("pipeline/")) &&
    imports.some((path) => path.startsWith("web/"))
  ).map(([file]) => file);
  assert.deepEqual(both, ["serve.ts"]);
});

Deno.test("architecture: no import circles", () => {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "visiting") {
      const circle = path.slice(path.indexOf(file)).concat(file);
      assert.fail(`import circle: ${circle.join(" -> ")}`);
    }
    state.set(file, "visiting");
    path.push(file);
    for (const imported of GRAPH.get(file) ?? []) visit(imported);
    path.pop();
    state.set(file, "done");
  };
  for (const file of FILES) visit(file);
});

Deno.test("architecture: no source file over 400 lines", () => {
  const long = FILES.filter((file) => !isTestOrBench(file))
    .map((file) => ({ file, lines: Deno.readTextFileSync(join(ROOT, file)).split("\n").length - 1 }))
    .filter(({ lines }) => lines > 400);
  assert.deepEqual(long, []);
  const lines = (file: string) => Deno.readTextFileSync(join(ROOT, file)).split("\n").length - 1;
  assert.ok(lines("main.ts") <= 150, `main.ts has ${lines("main.ts")} lines: it only chooses the command`);
  assert.ok(
    lines("web/app.tsx") <= 200,
    `web/app.tsx has ${lines("web/app.tsx")} lines: features hold the rest`,
  );
});

Deno.test("architecture: no SQL statement over 5 lines inside TypeScript: it goes in a .sql file", () => {
  const found: string[] = [];
  for (const file of FILES.filter((file) => !isTestOrBench(file))) {
    const text = Deno.readTextFileSync(join(ROOT, file));
    for (const match of text.matchAll(/`([^`]*)`/g)) {
      const body = match[1];
      const isSql = /\b(select|insert|update|delete|create)\b/i.test(body) &&
        /\b(from|into|table|set)\b/i.test(body);
      if (isSql && body.split("\n").length > 5) {
        found.push(`${file}:${text.slice(0, match.index).split("\n").length}`);
      }
    }
  }
  assert.deepEqual(found, []);
});

Deno.test("architecture: only the warehouse layer makes DuckDB views", () => {
  const makers = FILES.filter((file) => !isTestOrBench(file) && layer(file) === "web")
    .filter((file) =>
      /create\s+(or\s+replace\s+)?(temp(orary)?\s+)?view/i.test(Deno.readTextFileSync(join(ROOT, file)))
    );
  assert.deepEqual(makers, []);
});

Deno.test("architecture: a feature uses another feature's queries.ts, nothing else of it", () => {
  const feature = (file: string) => /^web\/features\/([^/]+)\//.exec(file)?.[1];
  for (const [file, imports] of GRAPH) {
    if (isTestOrBench(file) || !feature(file)) continue;
    for (const imported of imports) {
      const other = feature(imported);
      if (!other || other === feature(file)) continue;
      assert.ok(
        imported.endsWith("/queries.ts") || /^web\/features\/(share)\//.test(file),
        `${file} imports ${imported}: another feature's queries.ts only`,
      );
    }
  }
});

/**
 * Plays an exclusion rule names stay in fct_play (is_excluded) and every page about listening leaves them out:
 * a page's SQL that reads fct_play says what it does with them. These list every play whatever the rules say.
 */
const READS_EXCLUDED_PLAYS: Record<string, string> = {
  "web/features/history/history.sql": "History lists every play, the excluded ones marked",
  "web/features/history/history_search.sql": "History lists every play, the excluded ones marked",
  "web/features/listenbrainz/user_listens.sql": "a listener's listens, as ListenBrainz's API gives them",
  "web/features/listens/manual_listens.sql": "the listens typed in, to edit or delete",
  "web/features/metrics/plays.sql": "the plays stored, for monitoring",
};

Deno.test("architecture: every page's SQL reading fct_play leaves excluded plays out, or says why not", () => {
  const sqlFiles = (dir: string): string[] =>
    [...Deno.readDirSync(join(ROOT, dir))].flatMap((entry) =>
      entry.isDirectory
        ? sqlFiles(join(dir, entry.name))
        : entry.name.endsWith(".sql")
        ? [join(dir, entry.name)]
        : []
    );
  const unruled = sqlFiles("web").filter((file) => {
    const text = Deno.readTextFileSync(join(ROOT, file)).replace(/--.*$/gm, "");
    return /\bfct_play\b/.test(text) && !/\bis_excluded\b/.test(text) && !(file in READS_EXCLUDED_PLAYS);
  });
  assert.deepEqual(unruled, []);
});
