/** Reads the project's SQL files (embedded with `deno compile --include sql`). */
const sqlRoot = new URL("../sql/", import.meta.url);

/** The text of `sql/<relativePath>`, e.g. `readSql("marts/fct_play.sql")`. */
export async function readSql(relativePath: string): Promise<string> {
  return await Deno.readTextFile(new URL(relativePath, sqlRoot));
}

/** The `.sql` files of one folder of `sql/`, sorted by name. */
export async function listSql(folder: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(new URL(`${folder}/`, sqlRoot))) {
    if (entry.isFile && entry.name.endsWith(".sql")) names.push(`${folder}/${entry.name}`);
  }
  return names.sort();
}
