/**
 * Structured logs for the long-running server: one JSON object per line (level, time, job, message, fields) on
 * stdout, or a readable line when stdout is a terminal. Values under secret-looking keys are redacted, and so
 * is anything that looks like a bearer or listen token in a message. CLI commands keep stdout for their result and report
 * progress on stderr instead.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export interface LogRecord {
  level: LogLevel;
  time: string;
  message: string;
  job?: string;
  [field: string]: unknown;
}

export interface LoggerOptions {
  /** Lowest level written. Default "info". */
  level?: LogLevel;
  /** JSON lines, or human-readable lines. Default: human-readable when stdout is a terminal. */
  format?: "json" | "text";
  /** Where lines go. Default: stdout. */
  write?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

const SECRET_KEY = /token|secret|password|authorization|cookie|api[_-]?key|code_verifier/i;
const SECRET_VALUE = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
/** A listen token (a UUID) as players send it: `Token <token>` (any case), or `token=<token>` in a query. */
const LISTEN_TOKEN = /(\btoken(?:\s+|=))[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export class Logger {
  #level: number;
  #format: "json" | "text";
  #write: (line: string) => void;
  #now: () => Date;
  #fields: Record<string, unknown>;

  constructor(options: LoggerOptions = {}, fields: Record<string, unknown> = {}) {
    this.#level = LOG_LEVELS.indexOf(options.level ?? "info");
    this.#format = options.format ?? (Deno.stdout.isTerminal() ? "text" : "json");
    const encoder = new TextEncoder();
    this.#write = options.write ?? ((line) => Deno.stdout.writeSync(encoder.encode(line + "\n")));
    this.#now = options.now ?? (() => new Date());
    this.#fields = fields;
  }

  /** A logger that adds `fields` (e.g. `{ job: "etl" }`) to every record. */
  with(fields: Record<string, unknown>): Logger {
    const child = new Logger(
      { level: LOG_LEVELS[this.#level], format: this.#format, write: this.#write, now: this.#now },
      { ...this.#fields, ...fields },
    );
    return child;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#log("debug", message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#log("info", message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#log("warn", message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#log("error", message, fields);
  }

  #log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LOG_LEVELS.indexOf(level) < this.#level) return;
    const record: LogRecord = {
      level,
      time: this.#now().toISOString(),
      ...redact({ ...this.#fields, ...fields }) as Record<string, unknown>,
      message: redactText(message),
    };
    this.#write(this.#format === "json" ? JSON.stringify(record) : formatText(record));
  }
}

/** Replaces values under secret-looking keys, at any depth. */
export function redact(value: unknown, key = ""): unknown {
  if (key && SECRET_KEY.test(key) && value !== null && value !== undefined && value !== "") {
    return "[redacted]";
  }
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return redactText(value.message);
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

function redactText(text: string): string {
  return text.replace(SECRET_VALUE, "$1[redacted]").replace(LISTEN_TOKEN, "$1[redacted]");
}

function formatText({ level, time, message, job, ...fields }: LogRecord): string {
  const rest = Object.entries(fields).map(([k, v]) =>
    `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`
  );
  return [time.slice(11, 19), level.toUpperCase().padEnd(5), job ? `[${job}]` : "", message, ...rest]
    .filter(Boolean).join(" ");
}
