/**
 * The container packaging agrees with itself: Dockerfile, compose.yaml, deno.json's compile task (the command
 * line .ci/compile.ts makes) and the CI
 * script (.ci/run). Nothing is built or run; the files are read and compared. No YAML package: compose.yaml is
 * read by a small block-YAML reader below that knows the subset that file uses.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { compileCommand } from "../.ci/compile.ts";
import { LEAN_C_MALLOC } from "../lib/c_malloc.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

const SERVICE = "music-tracker";
const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-ffi",
  "--allow-net",
  "--allow-sys",
];

// ---- Dockerfile ----------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with line continuations joined, comments dropped, grouped by `FROM`. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = "";
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith("#") || (!line && !pending)) return;
    if (!pending) startLine = index + 1;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      return;
    }
    const full = (pending + line).trim();
    pending = "";
    const match = /^(\S+)\s*(.*)$/.exec(full);
    if (!match) return;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim(), line: startLine };
    if (instruction.keyword === "FROM") {
      const [image, as, name] = instruction.args.split(/\s+/).filter((part) => !part.startsWith("--"));
      stages.push({ image, name: as?.toLowerCase() === "as" ? name : undefined, instructions: [] });
    } else {
      assert.ok(stages.length > 0, `Dockerfile line ${startLine}: ${instruction.keyword} before any FROM`);
      stages.at(-1)!.instructions.push(instruction);
    }
  });
  return stages;
}

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);

/** `["a", "b"]` (exec form) or words (shell form). */
function argv(args: string): string[] {
  return args.startsWith("[") ? JSON.parse(args) as string[] : args.split(/\s+/);
}

function flagsAndRest(args: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>();
  let rest = args;
  for (let match; (match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest));) {
    flags.set(match[1], match[2] ?? "");
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { args } of all(stage, "ENV")) {
    if (!/^[\w.-]+=/.test(args)) {
      const [key, ...value] = args.split(/\s+/);
      env.set(key, value.join(" "));
      continue;
    }
    for (const [, key, value] of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      env.set(key, value.startsWith('"') ? JSON.parse(value) : value);
    }
  }
  return env;
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
  index: number;
}

function copiesOf(stage: Stage): Copy[] {
  return stage.instructions.flatMap((instruction, index) => {
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") return [];
    const { flags, rest } = flagsAndRest(instruction.args);
    const paths = argv(rest);
    return [{ from: flags.get("from"), sources: paths.slice(0, -1), dest: paths.at(-1)!, index }];
  });
}

/** Docker's glob (Go filepath.Match): `*` and `?` never cross a `/`. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

const isDirectory = (path: string) =>
  existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();

const clean = (path: string) => posix.normalize(path.replace(/^\.\//, "")).replace(/\/+$/, "") || ".";

/**
 * Where the build stage's COPY instructions put the repository file `path` (absolute), if anywhere. Directory
 * sources copy their contents into the destination; files and globs land inside a destination directory.
 */
function placedAt(copies: Copy[], workdir: string, path: string): { at: string; index: number } | undefined {
  const target = clean(path);
  let found: { at: string; index: number } | undefined;
  for (const copy of copies.filter((c) => c.from === undefined)) {
    const dest = posix.resolve(workdir, copy.dest);
    for (const source of copy.sources.map(clean)) {
      if (source === ".") found = { at: posix.join(dest, target), index: copy.index };
      else if (
        target === source && (isDirectory(source) || (!copy.dest.endsWith("/") && copy.sources.length === 1))
      ) {
        found = { at: dest, index: copy.index };
      } else if (target === source || globToRegExp(source).test(target)) {
        found = { at: posix.join(dest, posix.basename(target)), index: copy.index };
      } else if (target.startsWith(source + "/")) {
        found = { at: posix.join(dest, target.slice(source.length + 1)), index: copy.index };
      }
    }
  }
  return found;
}

// ---- compose.yaml: a block-YAML reader for the subset compose files use ---------------------------------------

type Yaml = string | boolean | null | Yaml[] | { [key: string]: Yaml };

interface YamlLine {
  indent: number;
  text: string;
  line: number;
}

function stripComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function scalar(text: string, line: number): Yaml {
  const value = text.trim();
  if (value.startsWith("[")) {
    assert.ok(value.endsWith("]"), `compose.yaml line ${line}: unterminated flow sequence`);
    const inner = value.slice(1, -1).trim();
    return inner ? (inner.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^,]+/g) ?? []).map((v) => scalar(v, line)) : [];
  }
  if (value.startsWith('"')) return JSON.parse(value);
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value === "true" || value === "false") return value === "true";
  if (value === "" || value === "~" || value === "null") return null;
  return value;
}

function parseYaml(text: string): Yaml {
  const lines: YamlLine[] = text.split(/\r?\n/).flatMap((raw, index) => {
    const body = stripComment(raw).trimEnd();
    return body.trim()
      ? [{ indent: body.length - body.trimStart().length, text: body.trim(), line: index + 1 }]
      : [];
  });
  let at = 0;

  function block(indent: number): Yaml {
    return lines[at].text.startsWith("- ") || lines[at].text === "-" ? sequence(indent) : mapping(indent);
  }

  function valueAfterKey(rest: string, indent: number, line: number): Yaml {
    if (rest) return scalar(rest, line);
    const next = lines[at];
    if (!next) return null;
    if (next.indent > indent) return block(next.indent);
    if (next.indent === indent && next.text.startsWith("- ")) return sequence(indent);
    return null;
  }

  function mapping(indent: number): Yaml {
    const map: { [key: string]: Yaml } = {};
    while (at < lines.length && lines[at].indent === indent && !lines[at].text.startsWith("- ")) {
      const { text, line } = lines[at];
      const match = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(text);
      assert.ok(match, `compose.yaml line ${line}: expected "key: value", got "${text}"`);
      at++;
      map[String(scalar(match[1], line))] = valueAfterKey(match[2] ?? "", indent, line);
    }
    return map;
  }

  function sequence(indent: number): Yaml {
    const list: Yaml[] = [];
    while (at < lines.length && lines[at].indent === indent && lines[at].text.startsWith("-")) {
      const { text, line } = lines[at];
      const rest = text.slice(1).trimStart();
      if (!rest) {
        at++;
        list.push(lines[at] && lines[at].indent > indent ? block(lines[at].indent) : null);
      } else if (/^("[^"]*"|'[^']*'|[\w.-]+)\s*:(\s|$)/.test(rest) && !rest.startsWith("[")) {
        // "- key: value" opens a mapping whose keys line up with "key".
        const keyIndent = indent + (text.length - rest.length);
        lines[at] = { indent: keyIndent, text: rest, line };
        list.push(mapping(keyIndent));
      } else {
        at++;
        list.push(scalar(rest, line));
      }
    }
    return list;
  }

  const document = lines.length ? block(lines[0].indent) : null;
  assert.equal(at, lines.length, `compose.yaml line ${lines[at]?.line}: indentation not understood`);
  return document;
}

const isMap = (value: Yaml | undefined): value is { [key: string]: Yaml } =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const asList = (value: Yaml | undefined): Yaml[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

/** Compose byte values: 1g, 512m, 1gb, 1073741824. */
function bytes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(value.trim());
  assert.ok(match, `compose.yaml memory limit "${value}" is not a byte value such as 1g or 512m`);
  return Number(match[1]) * 1024 ** " kmg".indexOf(match[2].toLowerCase() || " ");
}

// ---- the local module graph of main.ts ----------------------------------------------------------------------

/** Repository-relative paths of every local file main.ts loads: modules, and files imported as text. */
function localImports(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [join(ROOT, entry)];
  const specifiers =
    /(?:^|[;\s])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  while (queue.length) {
    const file = queue.pop()!;
    const path = relative(ROOT, file).split("\\").join("/");
    if (seen.has(path) || !existsSync(file)) continue; // a module being written right now: deno check's job
    seen.add(path);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    for (const match of source.matchAll(specifiers)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        queue.push(join(dirname(file), specifier));
      }
    }
  }
  return [...seen].sort();
}

// ---- the facts --------------------------------------------------------------------------------------------------

const stages = parseDockerfile(read("Dockerfile"));
const build = stages[0];
const runtime = stages.at(-1)!;
const buildWorkdir = last(build, "WORKDIR")?.args ?? "/";
const buildCopies = copiesOf(build);
const runtimeEnv = envOf(runtime);

const compileTask: string = JSON.parse(read("deno.json")).tasks?.compile ?? "";
/** The task runs .ci/compile.ts, which makes the `deno compile` command line (here for x64, as in Docker). */
const compileScript = /\S*\.ci\/compile\.ts\b/.exec(compileTask)?.[0];
const compileArgs = compileCommand({ target: "x86_64-unknown-linux-gnu" }).slice(1);
const flagValues = (names: string[]) =>
  compileArgs.flatMap((arg, i) =>
    names.includes(arg)
      ? [compileArgs[i + 1]]
      : names.flatMap((name) => arg.startsWith(name + "=") ? [arg.slice(name.length + 1)] : [])
  );
const compileOutput = flagValues(["--output", "-o"]).at(-1);

const entrypoint = argv(last(runtime, "ENTRYPOINT")?.args ?? "[]");
const binary = entrypoint[0];
const healthcheck = last(runtime, "HEALTHCHECK");
const healthFlags = flagsAndRest(healthcheck?.args ?? "");
const healthCmd = argv(healthFlags.rest.replace(/^CMD\s+/i, ""));
const port = runtimeEnv.get("PORT");

const compose = parseYaml(read("compose.yaml"));
const services = isMap(compose) ? compose.services : undefined;
const service = isMap(services) ? services[SERVICE] : undefined;

// ---- tests ------------------------------------------------------------------------------------------------------

Deno.test("the container sets the C library's malloc settings deno task start and the others set", () => {
  const tasks = JSON.parse(read("deno.json")).tasks as Record<string, string>;
  const tunables = /^GLIBC_TUNABLES=(\S+) deno /.exec(tasks.start)?.[1];
  assert.ok(tunables, "deno task start does not set GLIBC_TUNABLES");
  for (const name of ["dev", "cli", "import"]) {
    assert.ok(
      tasks[name].startsWith(`GLIBC_TUNABLES=${tunables} deno `),
      `deno task ${name} sets other malloc settings`,
    );
  }
  assert.equal(runtimeEnv.get("GLIBC_TUNABLES"), tunables);
  // what lib/c_malloc.ts says the server runs on, and main.ts changes for the other commands
  assert.ok(
    tunables.split(":").includes(`glibc.malloc.mmap_threshold=${LEAN_C_MALLOC.mmapThreshold}`),
    tunables,
  );
});

Deno.test("the commands leave dynamic imports unloaded until they run; the server loads them at start", () => {
  const tasks = JSON.parse(read("deno.json")).tasks as Record<string, string>;
  // Else the web layer cli/serve.ts imports when serving is read and compiled at every command's start.
  for (const name of ["cli", "import"]) {
    assert.match(tasks[name], / deno run .*--unstable-lazy-dynamic-imports /, `deno task ${name}`);
  }
  // The server's chart modules (web/charts/render.ts) load faster prepared at start: Habits' first load is
  // ~15 ms quicker.
  for (const name of ["start", "dev"]) assert.doesNotMatch(tasks[name], /--unstable-lazy-dynamic-imports/);
});

Deno.test("the Dockerfile builds with the Deno version CI installs", () => {
  const ciVersion = /^DENO_VERSION=["']?([^"'\s]+)/m.exec(read(".ci/run"))?.[1];
  assert.ok(ciVersion, ".ci/run does not set DENO_VERSION=<version>");
  const match = /^(?:docker\.io\/)?denoland\/deno:(.+)$/.exec(build.image);
  assert.ok(
    match,
    `the Dockerfile's build stage starts FROM ${build.image}, not the official denoland/deno image`,
  );
  assert.equal(
    match[1],
    ciVersion,
    `the Dockerfile builds with denoland/deno:${match[1]} but .ci/run installs Deno ${ciVersion}`,
  );
});

Deno.test("the build stage installs the locked dependencies, then runs deno.json's compile task", () => {
  const runs = build.instructions.map((i, index) => ({ ...i, index })).filter((i) => i.keyword === "RUN");
  const install = runs.find((i) => /\bdeno install\b.*--frozen\b/.test(i.args));
  const compile = runs.find((i) => /\bdeno task compile\b/.test(i.args));
  assert.ok(
    install,
    "the Dockerfile's build stage never runs `deno install --frozen` (deno.lock would not bind)",
  );
  assert.ok(
    compile,
    "the Dockerfile's build stage never runs `deno task compile`, the task deno.json defines",
  );
  assert.ok(
    install.index < compile.index,
    "the Dockerfile runs `deno task compile` before `deno install --frozen`",
  );
  for (const file of ["deno.json", "deno.lock"]) {
    const placed = placedAt(buildCopies, buildWorkdir, file);
    assert.equal(
      placed?.at,
      posix.join(buildWorkdir, file),
      `the Dockerfile does not copy ${file} to ${buildWorkdir}`,
    );
    assert.ok(
      placed!.index < install.index,
      `the Dockerfile copies ${file} only after \`deno install --frozen\``,
    );
  }
});

Deno.test("deno.json's compile task is fit for the container", () => {
  assert.ok(
    compileTask.startsWith("deno run ") && compileScript,
    `deno.json's compile task does not run .ci/compile.ts: "${compileTask}"`,
  );
  assert.equal(compileArgs[0], "compile", ".ci/compile.ts does not make a deno compile command line");
  for (const flag of ["--frozen", "--self-extracting", "--unstable-cron"]) {
    assert.ok(compileArgs.includes(flag), `deno.json's compile task lacks ${flag}`);
  }
  assert.ok(flagValues(["--include"]).includes("sql"), "deno.json's compile task does not --include sql");
  const broad = compileArgs.filter((arg) => arg === "-A" || arg.startsWith("--allow-all"));
  assert.deepEqual(
    broad,
    [],
    `deno.json's compile task grants ${broad.join(" ")}: name each permission instead`,
  );
  for (const permission of PERMISSIONS) {
    assert.ok(
      compileArgs.some((arg) => arg === permission || arg.startsWith(permission + "=")),
      `deno.json's compile task does not grant ${permission}`,
    );
  }
  assert.ok(
    compileOutput,
    "deno.json's compile task has no --output, so the Dockerfile cannot know the binary's path",
  );
});

Deno.test("the runtime stage runs the binary the compile task writes", () => {
  const built = posix.resolve(buildWorkdir, compileOutput ?? "");
  const fromBuild = copiesOf(runtime).filter((copy) =>
    copy.from !== undefined && (copy.from === build.name || copy.from === "0")
  );
  const copy = fromBuild.find((c) =>
    c.sources.some((source) => posix.resolve(buildWorkdir, source) === built)
  );
  assert.ok(
    copy,
    `deno.json's compile task writes ${compileOutput} (${built}) but the runtime stage copies ` +
      `${fromBuild.flatMap((c) => c.sources).join(", ") || "nothing"} from the build stage`,
  );
  const runtimeWorkdir = last(runtime, "WORKDIR")?.args ?? "/";
  const dest = posix.resolve(runtimeWorkdir, copy.dest);
  const installed = copy.dest.endsWith("/") ? posix.join(dest, posix.basename(built)) : dest;
  assert.equal(
    binary,
    installed,
    `the Dockerfile copies the binary to ${installed} but ENTRYPOINT runs ${binary}`,
  );
  assert.ok(
    !/alpine|musl/i.test(runtime.image),
    `the runtime stage is ${runtime.image}: the compiled DuckDB addon needs glibc (the musl bindings are excluded)`,
  );
  const extract = all(runtime, "RUN").find((run) => argv(run.args)[0] === binary);
  assert.ok(
    extract,
    `the runtime stage never runs ${binary}: a --self-extracting binary then extracts on first start next to ` +
      "itself, which a read-only root filesystem forbids",
  );
});

Deno.test("the build stage copies every file main.ts loads, the compile task's --include paths and script", () => {
  const needed = [
    ...localImports("main.ts"),
    ...flagValues(["--include"]),
    compileScript ?? ".ci/compile.ts",
  ];
  const missing = needed.filter((path) =>
    placedAt(buildCopies, buildWorkdir, path)?.at !== posix.join(buildWorkdir, path)
  );
  assert.deepEqual(missing, [], `the Dockerfile does not copy ${missing.join(", ")} to ${buildWorkdir}`);
});

Deno.test("the runtime stage runs as a non-root user, keeps its data in /data and listens on PORT", () => {
  const user = last(runtime, "USER")?.args ?? "root";
  const uid = user.split(":")[0];
  assert.ok(
    /^\d+$/.test(uid),
    `the runtime stage's USER is "${user}": use a numeric uid (distroless has no useradd)`,
  );
  assert.notEqual(uid, "0", "the runtime stage runs as root (USER 0)");
  const volumes = all(runtime, "VOLUME").flatMap((v) => argv(v.args));
  assert.ok(
    volumes.includes("/data"),
    `the runtime stage declares VOLUME ${volumes.join(" ") || "nothing"}, not /data`,
  );
  const dbPath = runtimeEnv.get("DUCKDB_PATH") ?? "";
  assert.ok(
    dbPath.startsWith("/data/"),
    `the runtime stage sets DUCKDB_PATH="${dbPath}", not a file under /data`,
  );
  assert.equal(
    runtimeEnv.get("HOST"),
    "0.0.0.0",
    "the runtime stage does not set HOST=0.0.0.0 (unreachable from outside)",
  );
  assert.match(port ?? "", /^\d+$/, `the runtime stage sets PORT="${port}", not a port number`);
  const exposed = all(runtime, "EXPOSE").flatMap((e) => e.args.split(/\s+/)).map((p) =>
    p.replace(/\/tcp$/, "")
  );
  assert.ok(
    exposed.includes(port!),
    `the runtime stage sets PORT=${port} but EXPOSEs ${exposed.join(" ") || "nothing"}`,
  );
  assert.equal(
    argv(last(runtime, "CMD")?.args ?? "[]")[0],
    "serve",
    'the runtime stage\'s CMD is not ["serve"]',
  );
});

Deno.test("the image checks its health with the binary's healthcheck subcommand", () => {
  assert.ok(healthcheck, "the runtime stage has no HEALTHCHECK");
  assert.deepEqual(
    healthCmd,
    [binary, "healthcheck"],
    `the HEALTHCHECK runs ${JSON.stringify(healthCmd)}, not ["${binary}", "healthcheck"]`,
  );
});

Deno.test("compose.yaml runs the service read-only, as the image's user, with /tmp, /data and a memory limit", () => {
  assert.ok(isMap(service), `compose.yaml has no services.${SERVICE}`);
  assert.ok(
    service.build === "." || (isMap(service.build) && service.build.context === "."),
    "compose.yaml does not build .",
  );
  assert.equal(service.read_only, true, `compose.yaml sets read_only: ${service.read_only}, not true`);
  const tmpfs = asList(service.tmpfs).map(String);
  assert.ok(
    tmpfs.some((t) => t.split(":")[0] === "/tmp"),
    `compose.yaml mounts tmpfs ${tmpfs.join(", ") || "nowhere"}, not /tmp`,
  );
  const volumes = asList(service.volumes);
  assert.ok(
    volumes.some((v) =>
      typeof v === "string"
        ? /^\.\/data:\/data(:rw)?$/.test(v)
        : isMap(v) && v.source === "./data" && v.target === "/data" && v.read_only !== true
    ),
    `compose.yaml mounts ${JSON.stringify(volumes)}, not ./data:/data`,
  );
  const user = String(service.user ?? "");
  const imageUser = last(runtime, "USER")?.args ?? "";
  assert.equal(user.split(":")[0], "10001", `compose.yaml runs as user "${user}", not 10001`);
  assert.equal(
    user.split(":")[0],
    imageUser.split(":")[0],
    `compose.yaml runs as "${user}", the image as "${imageUser}"`,
  );
  const deploy = isMap(service.deploy) ? service.deploy : {};
  const resources = isMap(deploy.resources) ? deploy.resources : {};
  const limits = isMap(resources.limits) ? resources.limits : {};
  const limit = service.mem_limit ?? limits.memory;
  assert.ok(
    typeof limit === "string" && bytes(limit) > 0,
    "compose.yaml sets no memory limit (mem_limit or deploy.resources.limits.memory)",
  );
  const env = isMap(service.environment) ? service.environment : {};
  const dbPath = env.DUCKDB_PATH ?? runtimeEnv.get("DUCKDB_PATH");
  assert.ok(
    String(dbPath).startsWith("/data/"),
    `compose.yaml sets DUCKDB_PATH=${dbPath}, not a file under /data`,
  );
});

Deno.test("compose.yaml publishes the port the server listens on", () => {
  assert.ok(isMap(service), `compose.yaml has no services.${SERVICE}`);
  const env = isMap(service.environment) ? service.environment : {};
  const listening = String(env.PORT ?? port);
  const containerPorts = asList(service.ports).map((p) =>
    isMap(p) ? String(p.target) : String(p).replace(/\/(tcp|udp)$/, "").split(":").at(-1)!
  );
  assert.ok(
    containerPorts.includes(listening),
    `compose.yaml publishes container port(s) ${
      containerPorts.join(", ") || "none"
    } but the server listens on ${listening}`,
  );
});

Deno.test("compose.yaml's healthcheck mirrors the Dockerfile's", () => {
  assert.ok(isMap(service), `compose.yaml has no services.${SERVICE}`);
  const check = service.healthcheck;
  assert.ok(isMap(check), "compose.yaml's service has no healthcheck");
  const test = asList(check.test).map(String);
  assert.deepEqual(
    test,
    ["CMD", ...healthCmd],
    `compose.yaml's healthcheck runs ${JSON.stringify(test)}, the Dockerfile's ${JSON.stringify(healthCmd)}`,
  );
  for (
    const [key, flag] of [["interval", "interval"], ["timeout", "timeout"], ["retries", "retries"], [
      "start_period",
      "start-period",
    ]]
  ) {
    assert.equal(
      String(check[key]),
      healthFlags.flags.get(flag),
      `compose.yaml's healthcheck has ${key}: ${check[key]} but the Dockerfile's HEALTHCHECK --${flag}=${
        healthFlags.flags.get(flag)
      }`,
    );
  }
});
