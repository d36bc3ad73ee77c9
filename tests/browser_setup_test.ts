/**
 * The whole first run in a real headless Chromium against a real `serve` process reachable from other machines
 * (HOST 0.0.0.0): the page that waits for a password, the one-time link from the server's log, the password,
 * the time zone guessed from the browser and confirmed, the Spotify guide skipped, a MusicBrainz contact, a
 * fixture export uploaded, and the dashboard showing it. Then a setting changed on Settings takes effect without
 * a restart. Screenshots go to tests/screenshots/ (git-ignored); the README's come from there (docs/).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { writeZip } from "../pipeline/imports/zip/mod.ts";
import { EXPORT_EXTENDED } from "./test_warehouse.ts";
import { freePort, whenServing } from "./test_cli.ts";
import { withServer } from "./test_server.ts";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;
const MAIN = new URL("../main.ts", import.meta.url).pathname;

const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** `serve` on 0.0.0.0, and the setup link it prints in its log (read from its JSON log lines). */
async function startServer(dir: string, port: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve", "--no-schedules"],
    env: {
      ENV_FILE: "/dev/null",
      DUCKDB_PATH: join(dir, "music.duckdb"),
      HOST: "0.0.0.0",
      PORT: String(port),
      LOG_LEVEL: "info",
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let link: string | undefined;
  while (!link) {
    const { value, done } = await lines.read();
    if (done) throw new Error("serve stopped before printing the setup link");
    buffered += value;
    link = /\/setup\?token=[A-Za-z0-9_-]+/.exec(buffered)?.[0];
  }
  // Keep reading, or a full pipe would stop the server's logging.
  (async () => {
    while (!(await lines.read()).done) { /* drained */ }
  })();
  return { child, link };
}

async function watchedPage(browser: Awaited<ReturnType<typeof chromium.launch>>, timezoneId: string) {
  const context = await browser.newContext({ viewport: { width: 1180, height: 860 }, timezoneId });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    // The waiting page (403) and the refused short password (400) are on purpose; Chromium logs them.
    if (message.type() === "error" && !/status of 40[03]/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

async function shot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

Deno.test({
  name: "browser: the first run from an empty data folder to the dashboard, and a setting changed live",
  ignore: !hasChromium && !Deno.env.get("CI"),
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "music-tracker-first-run-" });
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const zip = join(dir, "my_spotify_data.zip");
  const entries = [];
  for await (const entry of Deno.readDir(EXPORT_EXTENDED)) {
    entries.push({
      name: `Spotify Extended Streaming History/${entry.name}`,
      data: await Deno.readFile(join(EXPORT_EXTENDED, entry.name)),
    });
  }
  await writeZip(zip, entries);
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const { child, link } = await startServer(join(dir, "data"), port);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  try {
    const { page, problems } = await watchedPage(browser, "Europe/Berlin");
    assert.ok(await whenServing(origin, 300), "serve did not answer /healthz within 30 s");

    // 1. Reachable from other machines and no password yet: nothing but a page that says what to do.
    const waiting = await page.goto(`${origin}/`);
    assert.equal(waiting?.status(), 403);
    assert.match(await page.locator("h1").innerText(), /needs an admin password first/);
    await shot(page, "setup-waiting");

    // 2. The printed link: the password step, nothing else on the page.
    await page.goto(`${origin}${link}`);
    assert.equal(new URL(page.url()).pathname, "/setup/password");
    assert.equal(await page.locator("nav").count(), 0);
    await shot(page, "setup-password");
    await page.getByLabel("Admin password").fill("short");
    await page.getByLabel("The same again").fill("short");
    await page.evaluate(() =>
      document.querySelectorAll("input").forEach((input) => input.removeAttribute("minlength"))
    );
    await page.getByRole("button", { name: "Set the password" }).click();
    assert.match(await page.locator(".message-error").innerText(), /at least 10 characters/);
    await page.getByLabel("Admin password").fill("correct horse battery");
    await page.getByLabel("The same again").fill("correct horse battery");
    await page.getByRole("button", { name: "Set the password" }).click();
    await page.waitForURL(`${origin}/setup`);
    assert.match(await page.locator("main").innerText(), /An admin password \(set\)/);

    // 3. The time zone, guessed from the browser (Europe/Berlin here), confirmed.
    await page.getByRole("link", { name: "Start" }).click();
    await page.waitForURL(`${origin}/setup/timezone`);
    const zone = page.locator("#setting-TIMEZONE");
    await page.waitForFunction(() =>
      (document.querySelector("#setting-TIMEZONE") as HTMLInputElement).value === "Europe/Berlin"
    );
    assert.match(
      await page.locator(".setting-guess").innerText(),
      /Guessed from this browser: Europe\/Berlin/,
    );
    await shot(page, "setup-timezone");
    assert.equal(await zone.inputValue(), "Europe/Berlin");
    await page.getByRole("button", { name: "Confirm" }).click();

    // 4. Spotify: the guide with this server's redirect URI and the 2026 rules; skipped.
    await page.waitForURL(`${origin}/setup/spotify`);
    assert.match(await page.locator(".redirect-uri").innerText(), /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.match(await page.locator(".spotify-guide").innerText(), /Premium/);
    await shot(page, "setup-spotify");
    await page.getByRole("link", { name: "Skip this step" }).click();

    // 5. MusicBrainz: a contact.
    await page.waitForURL(`${origin}/setup/musicbrainz`);
    await page.locator("#setting-MUSICBRAINZ_CONTACT").fill("listener@example.org");
    await page.getByRole("button", { name: "Save" }).click();

    // 6. The export: uploaded, previewed, imported; then the dashboard shows it instead of the demo.
    await page.waitForURL(`${origin}/setup/import`);
    await page.locator("input[type=file]").setInputFiles(zip);
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForSelector("text=Nothing has been written yet");
    await page.getByRole("button", { name: /Import 10 new plays/ }).click();
    await page.waitForSelector("text=Imported: 10 new plays", { timeout: 60_000 });
    await page.goto(`${origin}/`);
    const dashboard = await page.locator("main").innerText();
    assert.doesNotMatch(dashboard, /Welcome to Music Tracker/);
    assert.doesNotMatch(dashboard, /demo/i);
    assert.match(dashboard, /Björk/);
    await shot(page, "first-run-dashboard");

    // 7. A setting changed on Settings takes effect at once: History's times move to the new time zone.
    await page.goto(`${origin}/history?period=all&q=J%C3%B3ga`);
    assert.match(await page.locator("#history-table").innerText(), /2024-01-01, 01:30/, "Berlin time");
    await page.goto(`${origin}/settings#TIMEZONE`);
    await page.locator("#setting-TIMEZONE").fill("America/New_York");
    await page.locator("#TIMEZONE").getByRole("button", { name: "Save" }).click();
    assert.match(
      await page.locator(".message-ok").innerText(),
      /Saved TIMEZONE = America\/New_York; the marts were rebuilt with it\./,
    );
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    await shot(page, "settings", { fullPage: false });
    await page.goto(`${origin}/history?period=all&q=J%C3%B3ga`);
    assert.match(await page.locator("#history-table").innerText(), /2023-12-31, 19:30/, "New York time");
    assert.match(await page.locator("#history-table").innerText(), /times in America\/New_York/);
    assert.deepEqual(problems, []);

    // Another browser, without the session: the login page, and the used link works no more.
    const { page: stranger } = await watchedPage(browser, "UTC");
    await stranger.goto(`${origin}${link}`);
    assert.equal(new URL(stranger.url()).pathname, "/login");
  } finally {
    await browser.close();
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "browser: on this machine the dashboard offers the setup above the demo; 'Not now' puts it away",
  ignore: !hasChromium && !Deno.env.get("CI"),
}, async () => {
  await withServer(async ({ server }) => {
    const listener = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, server.fetch);
    const origin = `http://127.0.0.1:${listener.addr.port}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
    try {
      const { page, problems } = await watchedPage(browser, "Asia/Tokyo");
      await page.goto(`${origin}/`);
      const welcome = page.locator(".welcome");
      assert.match(await welcome.innerText(), /Welcome to Music Tracker/);
      await shot(page, "setup-welcome", { fullPage: false });
      await welcome.getByRole("button", { name: "Not now" }).click();
      await page.waitForURL(`${origin}/`);
      assert.equal(await page.locator(".welcome").count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await listener.shutdown();
    }
  });
});
