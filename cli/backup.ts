/** `backup <file>`: a consistent copy of the warehouse; while `serve` holds it, the server writes the copy. */
import { existsSync } from "node:fs";
import { backup, BackupError } from "../warehouse/backup.ts";
import { defineCommand } from "./command.ts";
import { askServer, isLocked, onePositional, withWarehouse } from "./shared.ts";

export const backupCommand = defineCommand({
  name: "backup",
  usage: "backup <file>",
  summary: ["A consistent copy of the warehouse, also while the server runs."],
  options: {},
  async run({ positionals }, config) {
    const file = onePositional(positionals, "backup takes one file: backup <file>");
    try {
      await withWarehouse(config, (warehouse) => backup(warehouse, file), { readOnly: true });
    } catch (error) {
      if (!isLocked(error)) throw error;
      // The server holds the warehouse: it writes the copy (into BACKUP_DIR), and we move it where asked.
      // A JSON request: browsers cannot send one cross-site without CORS, so the CSRF guard lets it through.
      const { file: written } = await askServer<{ file: string }>(config, "/api/backup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (existsSync(file)) throw new BackupError(`Will not overwrite "${file}": choose a new file name`);
      await Deno.rename(written, file).catch(() => Deno.copyFile(written, file));
    }
    console.log(`Backed up ${config.dbPath} to ${file}`);
    return 0;
  },
});
