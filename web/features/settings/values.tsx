/** The settings as forms, group by group, and the ones read from the environment only, as a table. */
import type { SettingView } from "../../../config.ts";
import { SettingField, SourceNote, TimezoneList } from "../../components/setting_field.tsx";

/** The groups of settings that can be changed here, in page order, with a heading and a sentence each. */
export const GROUPS = [
  {
    group: "listening",
    title: "Your listening",
    note: "How plays are counted and dated. A new time zone or shortest counted play rebuilds the marts " +
      "before the page answers (a few seconds for a long history).",
  },
  {
    group: "access",
    title: "Access",
    note: "Bound to 127.0.0.1 only this machine reaches the dashboard; on a NAS or in Docker set a password.",
  },
  { group: "enrichment", title: "Genres and countries", note: "" },
  {
    group: "schedules",
    title: "Schedules and notices",
    note: "Cron expressions in UTC. A change registers the schedule again at once.",
  },
  { group: "imports", title: "Imports", note: "" },
] as const;

export function SettingsGroup(
  { settings, group, title, note }: { settings: SettingView[]; group: string; title: string; note: string },
) {
  const shown = settings.filter((setting) => setting.group === group);
  return (
    <section aria-labelledby={`${group}-heading`}>
      <h2 id={`${group}-heading`}>{title}</h2>
      {note && <p>{note}</p>}
      {shown.map((setting) => <SettingField setting={setting} />)}
      {shown.some((setting) => setting.input === "timezone") && <TimezoneList />}
    </section>
  );
}

/** What only the environment (and `.env`) can set, read at start: a change needs a restart. */
export function EnvironmentSettings({ settings }: { settings: SettingView[] }) {
  return (
    <section aria-labelledby="environment-heading">
      <h2 id="environment-heading">Set in the environment only</h2>
      <p>
        These say where the warehouse is, how the server is reached and how DuckDB is opened, so they are read
        before the warehouse opens: set them in <code>.env</code> or the environment, and restart (
        <code>HOST</code> and <code>PORT</code> too).
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Variable</th>
            <th scope="col">Value</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {settings.filter((setting) => setting.scope === "environment").map((setting) => (
            <tr>
              <td>
                <code>{setting.key}</code>
              </td>
              <td>{setting.value ?? "not set"}</td>
              <td>
                <SourceNote setting={setting} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
