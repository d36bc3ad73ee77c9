/**
 * `password`: sets the admin password, read from standard input: `settings set ADMIN_PASSWORD -` by another
 * name. Only its scrypt hash is stored, in the warehouse (the server applies it at once when it holds the file).
 */
import { checkPassword } from "../lib/settings.ts";
import { defineCommand } from "./command.ts";
import { readLine } from "./shared.ts";
import { store } from "./settings.ts";

export const passwordCommand = defineCommand({
  name: "password",
  usage: "password",
  summary: ["Set the admin password (read from standard input), as settings set ADMIN_PASSWORD -."],
  options: {},
  async run(_args, config) {
    console.error("New admin password (at least 10 characters), then Enter:");
    const password = checkPassword(await readLine());
    const { overridden } = await store(config, "ADMIN_PASSWORD", password);
    console.log(`Stored the admin password's hash in the warehouse ${config.dbPath}`);
    if (overridden) console.error("note: ADMIN_PASSWORD is set in the environment, which wins");
    return 0;
  },
});
