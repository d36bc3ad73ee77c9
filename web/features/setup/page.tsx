/**
 * The first-run setup, one short step per page: time zone, admin password (when served beyond this machine),
 * Spotify, MusicBrainz, your export. Every step can be skipped and is on Settings later.
 */
import type { SettingView } from "../../../config.ts";
import { SettingField, TimezoneList } from "../../components/setting_field.tsx";
import { SpotifyGuide } from "../../components/spotify_guide.tsx";
import { FinishForm } from "../../components/welcome.tsx";
import type { SpotifyCheck } from "../../env.ts";

export type StepId = "timezone" | "password" | "spotify" | "musicbrainz" | "import";

export interface Step {
  id: StepId;
  title: string;
  /** Set already (a stored or environment value; for the export: the dashboard shows your plays). */
  done: boolean;
}

export interface SetupProps {
  steps: Step[];
  settings: SettingView[];
  message?: { kind: "ok" | "error"; text: string };
}

/** The steps, each a link, and a way to skip them all. */
export function SetupOverview({ steps, message }: SetupProps) {
  return (
    <>
      <h1>Set up Music Tracker</h1>
      {message && <Message {...message} />}
      <p>
        A few short steps; skip any of them, and find every one on Settings later. Nothing here needs a
        restart.
      </p>
      <ol class="steps">
        {steps.map((step) => (
          <li>
            <a href={`/setup/${step.id}`}>{step.title}</a> {step.done ? "(set)" : ""}
          </li>
        ))}
      </ol>
      <div class="step-actions">
        <a class="button" href={`/setup/${(steps.find((step) => !step.done) ?? steps[0]).id}`}>Start</a>
        <FinishForm label="Skip the setup: show the dashboard" />
      </div>
    </>
  );
}

export interface StepProps extends SetupProps {
  step: StepId;
  /** The step after this one, or undefined for the last. */
  next?: StepId;
  /** The Spotify step: the redirect URI, this page's origin, the check's findings, whether an app is set. */
  spotify?: { redirectUri: string; origin: string; checks?: SpotifyCheck[]; configured: boolean };
  /** The export step: the largest upload accepted, when uploads are possible here. */
  maxUploadMb?: number;
  /** The password step, served to the holder of the setup link before anything else. */
  linkOnly?: boolean;
}

export function SetupStep(props: StepProps) {
  const { steps, step, next, message } = props;
  const index = steps.findIndex((candidate) => candidate.id === step);
  const nextHref = next ? `/setup/${next}` : undefined;
  return (
    <>
      <p class="secondary">
        Setup, step {index + 1} of {steps.length}
        {props.linkOnly ? "" : (
          <>
            {" · "}
            <a href="/setup">all steps</a>
          </>
        )}
      </p>
      <h1>{steps[index].title}</h1>
      {message && <Message {...message} />}
      <StepBody {...props} nextHref={nextHref} />
      {!props.linkOnly && (
        <div class="step-actions">
          {nextHref
            ? <a href={nextHref}>Skip this step</a>
            : <FinishForm label="Finish: show the dashboard" />}
        </div>
      )}
    </>
  );
}

function StepBody(props: StepProps & { nextHref?: string }) {
  const { step, settings, nextHref = "/setup/done" } = props;
  const setting = (key: string) => settings.find((candidate) => candidate.key === key)!;
  switch (step) {
    case "timezone":
      return (
        <>
          <p>
            Local dates and hours (the heatmap, "this week", the days of the timeline) are counted in this
            time zone. The field shows your browser's, if it can tell: confirm it, or type another (e.g.
            Europe/Berlin). Until you confirm one, UTC is used.
          </p>
          <SettingField
            setting={setting("TIMEZONE")}
            action="/setup/timezone"
            next={nextHref}
            save="Confirm"
          />
          <TimezoneList />
        </>
      );
    case "password":
      return (
        <>
          <p>
            {props.linkOnly
              ? "This server can be reached from other machines, so it shows nothing until it has an admin password. "
              : "This server can be reached from other machines: with a password, every page asks for it once per browser. "}
            At least 10 characters; only its hash is kept.
          </p>
          <form method="post" action="/setup/password" class="login-form">
            <label>
              Admin password
              <input
                name="password"
                type="password"
                autocomplete="new-password"
                minlength={10}
                required
                autofocus
              />
            </label>
            <label>
              The same again
              <input name="repeat" type="password" autocomplete="new-password" minlength={10} required />
            </label>
            <button type="submit">Set the password</button>
          </form>
        </>
      );
    case "spotify":
      return <SpotifyStep {...props} nextHref={nextHref} />;
    case "musicbrainz":
      return (
        <>
          <p>
            Genres and the artists' countries come from MusicBrainz, which asks every program for a way to
            reach whoever runs it: an e-mail address or a web page. It is sent with each request, and nowhere
            else.
          </p>
          <SettingField
            setting={setting("MUSICBRAINZ_CONTACT")}
            action="/setup/musicbrainz"
            next={nextHref}
          />
        </>
      );
    case "import":
      return (
        <>
          <p>
            Request your data at{" "}
            <a href="https://www.spotify.com/account/privacy/">spotify.com/account/privacy</a>{" "}
            ("Extended streaming history" covers every year), then upload the ZIP here. You see what it holds
            before anything is written; once imported, the dashboard shows your listening instead of the demo.
          </p>
          {props.maxUploadMb === undefined
            ? <p>Uploads are not possible on this server: run `deno task import my_spotify_data.zip`.</p>
            : (
              <form method="post" action="/import" enctype="multipart/form-data" class="inline-form">
                <label>
                  Spotify export (ZIP or JSON, at most {props.maxUploadMb} MB)
                  <input name="file" type="file" accept=".zip,.json,.csv" required />
                </label>
                <button type="submit">Upload and preview</button>
              </form>
            )}
        </>
      );
  }
}

function SpotifyStep({ settings, spotify, nextHref }: StepProps & { nextHref: string }) {
  const clientId = settings.find((setting) => setting.key === "SPOTIFY_CLIENT_ID")!;
  return (
    <>
      <p>
        Exports cover the past; Spotify's "recently played" keeps the history current, polled every half hour.
        This step is optional: imports need no Spotify app.
      </p>
      {spotify && (
        <SpotifyGuide
          redirectUri={spotify.redirectUri}
          origin={spotify.origin}
          checks={spotify.checks}
          canCheck={spotify.configured}
          checkAction="/setup/spotify/check"
        />
      )}
      <SettingField
        setting={clientId}
        action="/setup/spotify"
        reset="/setup/spotify/reset"
        save="Save and check"
      />
      {spotify?.configured && (
        <form method="post" action="/settings/connect" class="inline-form">
          <input type="hidden" name="next" value={nextHref} />
          <label>
            Connect an account as listener
            <input name="user" required pattern="[\p{L}\p{N}_.@-]{1,64}" value="me" />
          </label>
          <button type="submit">Connect a Spotify account</button>
        </form>
      )}
    </>
  );
}

function Message({ kind, text }: { kind: "ok" | "error"; text: string }) {
  return <p class={`message message-${kind}`} role={kind === "error" ? "alert" : "status"}>{text}</p>;
}
