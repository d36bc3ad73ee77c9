/** `restore <file>`: puts a backup in place of the warehouse (the server must be stopped). */
import { restore } from "../warehouse/backup.ts";
import { defineCommand } from "./command.ts";
import { onePositional } from "./shared.ts";

export const restoreCommand = defineCommand({
  name: "restore",
  usage: "restore <file>",
  summary: ["Put a backup in place of the warehouse (stop the server first)."],
  options: {},
  async run({ positionals }, config) {
    const file = onePositional(positionals, "restore takes one file: restore <file>");
    const { plays, keptAs } = await restore(file, config.dbPath);
    console.log(
      `Restored ${file} to ${config.dbPath} (${plays} plays)` +
        (keptAs ? `; the replaced warehouse is kept as ${keptAs}` : ""),
    );
    return 0;
  },
});
