/** `password`: stores the scrypt hash of an admin password read from standard input, readable by the owner only. */
import { dirname } from "node:path";
import { UsageError } from "../lib/errors.ts";
import { hashPassword } from "../lib/passwords.ts";
import { defineCommand } from "./command.ts";
import { readLine } from "./shared.ts";

export const passwordCommand = defineCommand({
  name: "password",
  usage: "password",
  summary: ["Set the admin password (read from standard input); needed to serve beyond 127.0.0.1."],
  options: {},
  async run(_args, config) {
    console.error("New admin password (at least 10 characters), then Enter:");
    const password = await readLine();
    if (password.length < 10) throw new UsageError("The admin password must be at least 10 characters long");
    await Deno.mkdir(dirname(config.passwordFile) || ".", { recursive: true });
    await Deno.writeTextFile(config.passwordFile, hashPassword(password) + "\n", { mode: 0o600 });
    await Deno.chmod(config.passwordFile, 0o600);
    console.log(`Stored the admin password's hash in ${config.passwordFile}`);
    return 0;
  },
});
