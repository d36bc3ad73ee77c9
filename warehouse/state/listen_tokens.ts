/**
 * `listen_token`: the tokens players send to the ListenBrainz-compatible API (`Authorization: Token <token>`), one
 * or more per listener. A token is a random UUID (122 random bits; the shape ListenBrainz's own tokens have, which
 * clients expect), shown once when it is made and stored only as its SHA-256: the warehouse file, a backup or an
 * export never holds it. A token is checked against every active one in constant time. The one module that
 * reads or writes the table.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Warehouse } from "../duckdb.ts";
import { select } from "../select.ts";

export interface ListenToken {
  id: number;
  user: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Who a token belongs to. */
export interface TokenOwner {
  id: number;
  user: string;
}

/** `last_used_at` is written at most this often per token: a play is a write, a use need not be. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Makes a token for `user` and returns it: the only time it is seen. */
export async function createToken(
  warehouse: Warehouse,
  user: string,
  { label }: { label?: string } = {},
): Promise<{ id: number; token: string }> {
  const token = crypto.randomUUID();
  const id = await warehouse.value<number>(
    `insert into listen_token (token_id, user_name, label, token_sha256, created_at)
     values (nextval('listen_token_id_seq'), $1, $2, $3, now()) returning token_id`,
    [user, label || null, sha256(token)],
  );
  return { id, token };
}

/** The active tokens, oldest first: who they are for, when made and last used; never the token. */
export async function listTokens(warehouse: Warehouse): Promise<ListenToken[]> {
  const rows = await select<
    { tokenId: number; userName: string; label: string | null; createdAt: Date; lastUsedAt: Date | null }
  >(
    warehouse,
    `select token_id, user_name, label, created_at, last_used_at from listen_token
     where revoked_at is null order by created_at, token_id`,
  );
  return rows.map((row) => ({
    id: row.tokenId,
    user: row.userName,
    label: row.label,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  }));
}

/** Revokes token `id`; false when there is no active token with that id. */
export async function revokeToken(warehouse: Warehouse, id: number): Promise<boolean> {
  const revoked = await warehouse.rows(
    "update listen_token set revoked_at = now() where token_id = $1 and revoked_at is null returning token_id",
    [id],
  );
  return revoked.length > 0;
}

/**
 * The owner of `token`, or undefined (unknown, revoked). Every active token's hash is compared, each in constant
 * time, so how long this takes says nothing about which tokens exist. Marks the token used.
 */
export async function verifyToken(warehouse: Warehouse, token: string): Promise<TokenOwner | undefined> {
  const given = Buffer.from(sha256(token), "hex");
  const active = await warehouse.rows<
    { token_id: number; user_name: string; token_sha256: string; last_used_at: Date | null }
  >("select token_id, user_name, token_sha256, last_used_at from listen_token where revoked_at is null");
  let found: (typeof active)[number] | undefined;
  for (const row of active) {
    const stored = Buffer.from(row.token_sha256, "hex");
    if (stored.length === given.length && timingSafeEqual(stored, given)) found = row;
  }
  if (!found) return undefined;
  if (!found.last_used_at || Date.now() - found.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Two requests at once may both write it; either time is right, and a conflict must not fail the request.
    await warehouse.run("update listen_token set last_used_at = now() where token_id = $1", [found.token_id])
      .catch(() => {});
  }
  return { id: found.token_id, user: found.user_name };
}

/** How many active tokens there are (a warehouse with one is the user's, even before its first play). */
export async function activeTokenCount(warehouse: Warehouse): Promise<number> {
  return await warehouse.value<number>("select count(*) from listen_token where revoked_at is null");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
