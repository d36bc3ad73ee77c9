/**
 * One setting as a form (Settings, the first-run setup): its value, where the value comes from, a Save button
 * and, for a stored value, one to go back to the default. A value from the environment is shown, not editable:
 * the environment wins until it is changed there. A secret is never shown, only whether it is set.
 */
import type { SettingView } from "../../config.ts";

export interface SettingFieldProps {
  setting: SettingView;
  /** Where the form posts (default `/settings/values`); `reset` likewise. */
  action?: string;
  reset?: string;
  /** Sent along as `next`: where to go after saving. */
  next?: string;
  /** The button's words (default "Save"). */
  save?: string;
}

export function SettingField(
  { setting, action = "/settings/values", reset = "/settings/values/reset", next, save = "Save" }:
    SettingFieldProps,
) {
  const id = `setting-${setting.key}`;
  const fromEnvironment = setting.source === "environment";
  return (
    <div class="setting" id={setting.key}>
      <form method="post" action={action}>
        <input type="hidden" name="key" value={setting.key} />
        {next && <input type="hidden" name="next" value={next} />}
        <label for={id}>
          {setting.label} <code>{setting.key}</code>
        </label>
        <div class="setting-row">
          <SettingInput setting={setting} id={id} disabled={fromEnvironment} />
          {!fromEnvironment && <button type="submit">{save}</button>}
        </div>
      </form>
      {setting.source === "stored" && (
        <form method="post" action={reset} class="setting-reset">
          <input type="hidden" name="key" value={setting.key} />
          {next && <input type="hidden" name="next" value={next} />}
          <button type="submit" class="secondary">Use the default</button>
        </form>
      )}
      <p class="setting-help">
        {setting.help} <SourceNote setting={setting} />
      </p>
    </div>
  );
}

function SettingInput({ setting, id, disabled }: { setting: SettingView; id: string; disabled: boolean }) {
  if (setting.secret) {
    return (
      <input
        id={id}
        name="value"
        type="password"
        autocomplete="new-password"
        placeholder={setting.value ? "set (type a new one to replace it)" : "not set"}
        disabled={disabled}
        required
      />
    );
  }
  const value = setting.value ?? "";
  if (setting.input === "timezone") {
    return (
      <input
        id={id}
        name="value"
        value={value}
        list="timezones"
        required
        disabled={disabled}
        autocomplete="off"
        data-guess-timezone={setting.source === "default" ? "yes" : "no"}
      />
    );
  }
  return (
    <input
      id={id}
      name="value"
      value={value}
      type={setting.input === "number" ? "number" : "text"}
      inputmode={setting.input === "number" ? "numeric" : undefined}
      required
      disabled={disabled}
      autocomplete="off"
      spellcheck={false}
    />
  );
}

/** Where the value comes from, in words. */
export function SourceNote({ setting }: { setting: SettingView }) {
  if (setting.source === "environment") {
    return (
      <strong class="source">
        Set in the environment (or .env), which wins: change it there and restart.
      </strong>
    );
  }
  if (setting.source === "stored") return <span class="source">Stored here.</span>;
  return <span class="source">{setting.value === null ? "Not set." : "The default."}</span>;
}

/** Every time zone this runtime knows, for the time zone fields (one list per page). */
export function TimezoneList() {
  return (
    <datalist id="timezones">
      {Intl.supportedValuesOf("timeZone").map((zone) => <option value={zone} />)}
    </datalist>
  );
}
