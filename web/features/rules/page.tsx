/**
 * The Rules page (every rule with its undo, likely duplicates with a one-click merge, how credits split) and one
 * item's rules (merge into another found by search, rename, exclude for one listener or everyone). Every action
 * is a plain form posting to /rules; names stay text.
 */
import { describeRule, type Rule } from "../../../warehouse/state/rules.ts";
import type { Candidate, RuledItem, Suggestion } from "./queries.ts";

export interface Message {
  kind: "ok" | "error";
  text: string;
}

const PATHS = { artist: "artists", track: "tracks", album: "albums" } as const;

/** The split form's first separators (spaces count). */
const SEPARATORS = " feat. \n ft. \n & ";

export interface RulesPageProps {
  rules: Rule[];
  /** The household's listeners, for exclusions of one. */
  listeners: string[];
  suggestions: Suggestion[];
  /** Show every suggestion, not the most played 25. */
  all?: boolean;
  message?: Message;
  isDemo: boolean;
}

export function RulesPage({ rules, listeners, suggestions, all = false, message, isDemo }: RulesPageProps) {
  const split = rules.find((rule) => rule.kind === "split-artists");
  const shown = all ? suggestions : [...suggestions].sort((a, b) => b.plays - a.plays).slice(0, 25);
  return (
    <>
      <h1>Rules</h1>
      <Notice message={message} />
      <p>
        Your rules over your data: merge two spellings of an artist, fold a remaster into its album, show a
        name your way, or leave a child's playlist or white noise out of every statistic. Each takes effect at
        once on every page, export and query, and each can be undone exactly. Make them from an artist's,
        track's or album's page, or with <code>rules add</code>.
      </p>
      {isDemo && (
        <p class="notice">
          This is the demo: rules apply to your own listening once you have imported it.
        </p>
      )}
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Your rules</h2>
        {rules.length === 0 ? <p>No rules yet.</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Rule</th>
                <th scope="col">For</th>
                <th scope="col">Made</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr>
                  <td class="number">{rule.id}</td>
                  <td>{describeRule(rule)}</td>
                  <td>{rule.user ?? "everyone"}</td>
                  <td class="when">
                    {new Date(rule.createdAt).toISOString().slice(0, 16).replace("T", " ")}
                  </td>
                  <td>
                    <UndoButton rule={rule} back="/rules" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="suggestions-heading">
        <h2 id="suggestions-heading">Likely duplicates</h2>
        {suggestions.length === 0 ? <p>None found.</p> : (
          <p>
            The same name once “feat. …”, “(Remastered …)”, “- Live” and punctuation are set aside (tracks and
            albums by the same artist), or the same MusicBrainz id. Merging puts the less played into the more
            played. {suggestions.length > shown.length
              ? (
                <>
                  The {shown.length} most played of {suggestions.length}: <a href="/rules?all=1">show all</a>.
                </>
              )
              : ""}
          </p>
        )}
        {shown.length > 0 && (
          <table class="suggestions">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col" class="number">Plays</th>
                <th scope="col">Into</th>
                <th scope="col">Why</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((suggestion) => (
                <tr>
                  <td>
                    <a href={`/${PATHS[suggestion.item]}/${suggestion.key}`}>{suggestion.name}</a>{" "}
                    <span class="secondary">{suggestion.item}</span>
                  </td>
                  <td class="number">{suggestion.plays}</td>
                  <td>
                    <a href={`/${PATHS[suggestion.item]}/${suggestion.intoKey}`}>{suggestion.intoName}</a>
                  </td>
                  <td>{suggestion.reason}</td>
                  <td>
                    <form method="post" action="/rules">
                      <input type="hidden" name="kind" value={`merge-${suggestion.item}`} />
                      <input type="hidden" name="subject" value={suggestion.identity} />
                      <input type="hidden" name="target" value={suggestion.intoIdentity} />
                      <input type="hidden" name="back" value="/rules" />
                      <button type="submit" disabled={isDemo}>Merge</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="show-heading">
        <h2 id="show-heading">Podcasts and audiobooks</h2>
        <form method="post" action="/rules" class="rule-actions">
          <input type="hidden" name="kind" value="exclude-show" />
          <input type="hidden" name="back" value="/rules" />
          <label>
            Leave the show or audiobook <input type="text" name="subject" maxlength={1000} required />
          </label>
          <label>
            out of statistics for{" "}
            <select name="user">
              <option value="">everyone</option>
              {listeners.map((listener) => <option value={listener}>{listener}</option>)}
            </select>
          </label>
          <button type="submit" disabled={isDemo}>Exclude</button>
        </form>
      </section>
      <section aria-labelledby="split-heading">
        <h2 id="split-heading">Multi-artist credits</h2>
        {split
          ? (
            <p>
              Credits are split at {split.subject}: the first name is the artist.{" "}
              <UndoButton rule={split} back="/rules" />
            </p>
          )
          : (
            <form method="post" action="/rules">
              <p>
                Off: “A feat. B” is an artist of its own. Split credits at these separators (one per line,
                spaces count), and the first name becomes the artist:
              </p>
              <input type="hidden" name="kind" value="split-artists" />
              <input type="hidden" name="back" value="/rules" />
              <textarea name="subject" rows={3} cols={20}>{SEPARATORS}</textarea>
              <button type="submit" disabled={isDemo}>Split credits</button>
            </form>
          )}
      </section>
    </>
  );
}

export interface ItemRulesProps {
  item: RuledItem;
  rules: Rule[];
  candidates: Candidate[];
  search: string;
  listeners: string[];
  message?: Message;
  isDemo: boolean;
}

/** One item's rules and the forms to make more: a full page, or a fragment on its page (htmx). */
export function ItemRules({ item, rules, candidates, search, listeners, message, isDemo }: ItemRulesProps) {
  const here = `/${PATHS[item.item]}/${item.key}`;
  const self = `/rules/${item.item}/${item.key}`;
  return (
    <section id="item-rules" aria-labelledby="item-rules-heading">
      <h2 id="item-rules-heading">Rules for this {item.item}</h2>
      <Notice message={message} />
      {rules.length > 0 && (
        <ul>
          {rules.map((rule) => (
            <li>
              {describeRule(rule)} <UndoButton rule={rule} back={here} />
            </li>
          ))}
        </ul>
      )}
      {isDemo
        ? <p>Rules apply to your own listening once you have imported it.</p>
        : (
          <div class="rule-actions">
            <details open={search !== ""}>
              <summary>Merge into …</summary>
              <form method="get" action={self} hx-get={self} hx-target="#item-rules" hx-swap="outerHTML">
                <label>
                  Find the {item.item} “{item.name}” is a duplicate of:{" "}
                  <input type="search" name="q" value={search} maxlength={200} required />
                </label>
                <button type="submit">Search</button>
              </form>
              {search !== "" && candidates.length === 0 && <p>Nothing else by that name.</p>}
              {candidates.map((candidate) => (
                <form method="post" action="/rules">
                  <input type="hidden" name="kind" value={`merge-${item.item}`} />
                  <input type="hidden" name="subject" value={item.identity} />
                  <input type="hidden" name="target" value={candidate.identity} />
                  <input type="hidden" name="back" value={`/${PATHS[item.item]}/${candidate.key}`} />
                  <button type="submit">Merge into</button>{" "}
                  <a href={`/${PATHS[item.item]}/${candidate.key}`}>{candidate.name}</a>
                  {candidate.by ? ` by ${candidate.by}` : ""} ({candidate.plays} plays)
                </form>
              ))}
            </details>
            <details>
              <summary>Rename</summary>
              <form method="post" action="/rules">
                <input type="hidden" name="kind" value={`rename-${item.item}`} />
                <input type="hidden" name="subject" value={item.identity} />
                <input type="hidden" name="back" value={here} />
                <label>
                  Show as <input type="text" name="target" value={item.name} maxlength={1000} required />
                </label>
                <button type="submit">Rename</button>
              </form>
            </details>
            <details>
              <summary>Exclude from statistics</summary>
              <form method="post" action="/rules">
                <input type="hidden" name="kind" value={`exclude-${item.item}`} />
                <input type="hidden" name="subject" value={item.identity} />
                <input type="hidden" name="back" value={here} />
                <label>
                  For{" "}
                  <select name="user">
                    <option value="">everyone</option>
                    {listeners.map((listener) => <option value={listener}>{listener}</option>)}
                  </select>
                </label>
                <button type="submit">Exclude</button>
              </form>
              <p class="secondary">
                Its plays stay in History, marked excluded; every other page leaves them out.
              </p>
            </details>
          </div>
        )}
    </section>
  );
}

function UndoButton({ rule, back }: { rule: Rule; back: string }) {
  return (
    <form method="post" action={`/rules/${rule.id}/undo`} class="inline">
      <input type="hidden" name="back" value={back} />
      <button type="submit">Undo</button>
    </form>
  );
}

function Notice({ message }: { message?: Message }) {
  if (!message) return null;
  return (
    <p class={`message message-${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
      {message.text}
    </p>
  );
}
