/**
 * Read-only share links for chosen pages: `<id>.<signature>`, where the signature is an HMAC-SHA256 of the id,
 * page and expiry with a secret kept in the warehouse. A link shows its page and nothing else, until it expires
 * or is revoked.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Warehouse } from "../duckdb.ts";
import { writeStateOnce } from "./warehouse_state.ts";

/** Pages that can be shared: the overview, or the review of one period (`review:2025`, `review:2025-06`, …). */
export type ShareablePage = "overview" | `review:${string}`;

/** True for the pages above; a review's period is checked again when the page is shown. */
export function isShareablePage(page: string): page is ShareablePage {
  return page === "overview" ||
    /^review:(all|\d{4}(-\d{2})?|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/.test(page);
}

export interface ShareLink {
  id: string;
  page: ShareablePage;
  token: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function createShareLink(
  warehouse: Warehouse,
  page: ShareablePage,
  { days }: { days: number },
): Promise<ShareLink> {
  if (!isShareablePage(page)) throw new Error(`Cannot share "${page}"`);
  const id = randomBytes(12).toString("base64url");
  const [row] = await warehouse.rows<{ created_at: Date; expires_at: Date }>(
    `insert into share_link values ($1, $2, now(), now() + to_days($3), null) returning created_at, expires_at`,
    [id, page, days],
  );
  return {
    id,
    page,
    token: await sign(warehouse, id, page, row.expires_at),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** The active links, newest first, with their tokens (for the owner's Settings page only). */
export async function listShareLinks(warehouse: Warehouse): Promise<ShareLink[]> {
  const rows = await warehouse.rows<
    { link_id: string; page: ShareablePage; created_at: Date; expires_at: Date }
  >(
    `select link_id, page, created_at, expires_at from share_link
     where revoked_at is null and expires_at > now() order by created_at desc`,
  );
  return await Promise.all(rows.map(async (row) => ({
    id: row.link_id,
    page: row.page,
    token: await sign(warehouse, row.link_id, row.page, row.expires_at),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  })));
}

export async function revokeShareLink(warehouse: Warehouse, id: string): Promise<void> {
  await warehouse.run("update share_link set revoked_at = now() where link_id = $1 and revoked_at is null", [
    id,
  ]);
}

/** The page a token may show, or undefined (forged, revoked, expired, unknown). */
export async function verifyShareToken(
  warehouse: Warehouse,
  token: string,
): Promise<ShareablePage | undefined> {
  const [id] = token.split(".");
  if (!id || !/^[A-Za-z0-9_-]{16}$/.test(id)) return undefined;
  const [row] = await warehouse.rows<{ page: ShareablePage; expires_at: Date }>(
    "select page, expires_at from share_link where link_id = $1 and revoked_at is null and expires_at > now()",
    [id],
  );
  if (!row || !isShareablePage(row.page)) return undefined;
  const expected = Buffer.from(await sign(warehouse, id, row.page, row.expires_at));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? row.page : undefined;
}

async function sign(warehouse: Warehouse, id: string, page: string, expiresAt: Date): Promise<string> {
  const mac = createHmac("sha256", await secret(warehouse)).update(`${id}|${page}|${expiresAt.getTime()}`);
  return `${id}.${mac.digest("base64url")}`;
}

async function secret(warehouse: Warehouse): Promise<Buffer> {
  return Buffer.from(
    await writeStateOnce(warehouse, "share_secret", randomBytes(32).toString("base64")),
    "base64",
  );
}
