/**
 * `tokens create --user <name>`, `tokens list`, `tokens revoke <id>`: the tokens players send to the
 * ListenBrainz-compatible API. `create` prints the new token alone on stdout (it is shown this once); `list`
 * never shows a token. While `serve` holds the warehouse, the server is asked over loopback, as `jobs` does.
 */
import { parseUserName } from "../config.ts";
import { UsageError, UserError } from "../lib/errors.ts";
import { formatTable } from "../warehouse/output.ts";
import { createToken, type ListenToken, listTokens, revokeToken } from "../warehouse/state/listen_tokens.ts";
import type { Config } from "../config.ts";
import type { Warehouse } from "../warehouse/duckdb.ts";
import { defineCommand } from "./command.ts";
import { askServer, isLocked, outputFormat, withWarehouse } from "./shared.ts";

const USAGE =
  "tokens create --user <name> [--label <name>] | tokens list [--format table|json] | tokens revoke <id>";

export class NoSuchToken extends UserError {}

export const tokensCommand = defineCommand({
  name: "tokens",
  usage: "tokens create|list|revoke",
  summary: [
    "Tokens players send listens with (ListenBrainz API). create --user <name>",
    "[--label <name>] prints the new token alone; list [--format table|json];",
    "revoke <id>",
  ],
  options: {
    user: { type: "string" },
    label: { type: "string" },
    format: { type: "string" },
  },
  async run({ values, positionals }, config) {
    const [action, ...rest] = positionals;
    if (action === "create") {
      if (rest.length > 0 || !values.user) {
        throw new UsageError(`tokens create takes --user <name>: ${USAGE}`);
      }
      const user = parseUserName(values.user);
      const label = values.label?.trim() || undefined;
      const { token } = await writeOrAskServer(config, {
        write: (warehouse) => createToken(warehouse, user, { label }),
        path: "/api/tokens",
        body: { user, label },
      });
      console.log(token);
      return 0;
    }
    if (action === "list") {
      if (rest.length > 0) throw new UsageError(`tokens list takes no argument: ${USAGE}`);
      const format = outputFormat(values.format, ["table", "json"]);
      const tokens = await readTokens(config);
      const rows = tokens.map((token) => ({
        id: token.id,
        user: token.user,
        created_at: new Date(token.createdAt).toISOString(),
        last_used_at: token.lastUsedAt ? new Date(token.lastUsedAt).toISOString() : null,
      }));
      if (format === "json") {
        console.log(JSON.stringify(rows, null, 2));
      } else {
        console.log(formatTable({
          columns: ["id", "user", "name", "created_at", "last_used_at"],
          rows: tokens.map((token, i) => [
            token.id,
            token.user,
            token.label ?? "",
            rows[i].created_at,
            rows[i].last_used_at ?? "never",
          ]),
        }, "table"));
      }
      return 0;
    }
    if (action === "revoke") {
      if (rest.length !== 1 || !/^\d{1,15}$/.test(rest[0])) {
        throw new UsageError(`tokens revoke takes an id: ${USAGE}`);
      }
      const id = Number(rest[0]);
      const { revoked } = await writeOrAskServer(config, {
        write: async (warehouse) => ({ revoked: await revokeToken(warehouse, id) }),
        path: `/api/tokens/${id}/revoke`,
        body: {},
        missing: true,
      });
      if (!revoked) throw new NoSuchToken(`No active token ${id} (tokens list shows them)`);
      console.error(`Revoked token ${id}`);
      return 0;
    }
    throw new UsageError(USAGE);
  },
});

async function readTokens(config: Config): Promise<ListenToken[]> {
  try {
    return await withWarehouse(config, listTokens, { readOnly: true });
  } catch (error) {
    if (error instanceof Error && /No warehouse at/.test(error.message)) return [];
    if (!isLocked(error)) throw error;
    return await askServer<ListenToken[]>(config, "/api/tokens");
  }
}

/**
 * Runs `write` on the warehouse; while `serve` holds it, POSTs `body` (JSON: browsers cannot send that cross-site
 * without CORS, so the CSRF guard lets it through) to the server's `path` instead. With `missing`, the server's 404
 * means "none": `{ revoked: false }`.
 */
async function writeOrAskServer<T>(
  config: Config,
  { write, path, body, missing = false }: {
    write: (warehouse: Warehouse) => Promise<T>;
    path: string;
    body: unknown;
    missing?: boolean;
  },
): Promise<T> {
  try {
    return await withWarehouse(config, write);
  } catch (error) {
    if (!isLocked(error)) throw error;
    try {
      return await askServer<T>(config, path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (asked) {
      if (missing && asked instanceof Error && /answered 404/.test(asked.message)) {
        return { revoked: false } as T;
      }
      throw asked;
    }
  }
}
