/**
 * Who may import whom, checked on the source: `lib/` imports only `lib/`; `config.ts` and `log.ts`, which every
 * layer imports, import only each other and `lib/`; only serve.ts, the server's composition, imports both
 * `pipeline/` and `web/`.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");

/** The project files `file` (repository-relative) imports, repository-relative. */
function localImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
  const specifiers =
    /(?:^|[;\s])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  return [...source.matchAll(specifiers)]
    .map((match) => match[1] ?? match[2] ?? match[3])
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(ROOT, join(ROOT, dirname(file), specifier)));
}

function modules(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.tsx?$/.test(name) && !/_test\.tsx?$/.test(name))
    .map((name) => join(dir, name));
}

Deno.test("lib/ imports nothing from the project but lib/", () => {
  assert.ok(existsSync(join(ROOT, "lib")));
  const outside = modules("lib").flatMap((file) =>
    localImports(file).filter((path) => !path.startsWith("lib/")).map((path) => `${file} -> ${path}`)
  );
  assert.deepEqual(outside, []);
});

Deno.test("config.ts and log.ts import only each other and lib/", () => {
  const outside = ["config.ts", "log.ts"].flatMap((file) =>
    localImports(file)
      .filter((path) => !path.startsWith("lib/") && path !== "config.ts" && path !== "log.ts")
      .map((path) => `${file} -> ${path}`)
  );
  assert.deepEqual(outside, []);
});

Deno.test("only serve.ts imports both pipeline/ and web/", () => {
  const files = [
    ...readdirSync(ROOT).filter((name) => /\.tsx?$/.test(name) && !/_test\.tsx?$/.test(name)),
    ...["cli", "lib", "pipeline", "warehouse", "web"].flatMap(modules),
  ];
  const both = files.filter((file) => {
    const imports = localImports(file);
    return imports.some((path) => path.startsWith("pipeline/")) &&
      imports.some((path) => path.startsWith("web/"));
  });
  assert.deepEqual(both, ["serve.ts"]);
});
