/** `restore <file>`: puts a backup in place of the warehouse (the server must be stopped). */
import { UsageError } from "../lib/errors.ts";
import { restore } from "../warehouse/backup.ts";
import { defineCommand } from "./command.ts";

export const restoreCommand = defineCommand({
  name: "restore",
  usage: "restore <file>",
  summary: ["Put a backup in place of the warehouse (stop the server first)."],
  options: {},
  async run({ positionals }, config) {
    if (positionals.length !== 1) throw new UsageError("restore takes one file: restore <file>");
    const file = positionals[0];
    const { plays, keptAs } = await restore(file, config.dbPath);
    console.log(
      `Restored ${file} to ${config.dbPath} (${plays} plays)` +
        (keptAs ? `; the replaced warehouse is kept as ${keptAs}` : ""),
    );
    return 0;
  },
});
