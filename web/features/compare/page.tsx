/**
 * Household: two listeners side by side: how many artists each played, how many they share, how alike their
 * taste is, and who found each shared artist first.
 */
import { Stat } from "../../components/stat.tsx";
import type { Comparison, Listener } from "./queries.ts";
import { formatHours, formatInteger, formatMinutes, percent } from "../../format.ts";
import type { ParsedPeriod } from "../../period.ts";

export interface CompareProps {
  period: ParsedPeriod;
  listeners: Listener[];
  a?: string;
  b?: string;
  comparison?: Comparison;
  error?: string;
}

export function ComparePage({ period, listeners, a, b, comparison, error }: CompareProps) {
  return (
    <>
      <h1>Compare listeners</h1>
      <section aria-labelledby="listeners-heading">
        <h2 id="listeners-heading">Listeners</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Listener</th>
              <th scope="col" class="number">Plays</th>
              <th scope="col" class="number">Hours</th>
            </tr>
          </thead>
          <tbody>
            {listeners.map((listener) => (
              <tr>
                <td>{listener.userName}</td>
                <td class="number">{formatInteger(listener.plays)}</td>
                <td class="number">{formatHours(listener.minutes / 60)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {listeners.length < 2
        ? (
          <p class="notice">
            Only one listener so far. Import another person's export with{" "}
            <code>deno task cli import --user &lt;name&gt; their_export.zip</code>, or connect their Spotify
            account in <a href="/settings">Settings</a>, to compare.
          </p>
        )
        : (
          <form method="get" action="/compare" class="filters">
            <label>
              Listener
              <select name="a">
                {listeners.map((l) => (
                  <option value={l.userName} selected={l.userName === a}>{l.userName}</option>
                ))}
              </select>
            </label>
            <label>
              and
              <select name="b">
                {listeners.map((l) => (
                  <option value={l.userName} selected={l.userName === b}>{l.userName}</option>
                ))}
              </select>
            </label>
            <label>
              Period
              <input name="period" value={period.value} />
            </label>
            <button type="submit">Compare</button>
          </form>
        )}
      {error && <p class="message message-error" role="alert">{error}</p>}
      {comparison && a && b && (
        <>
          <section class="totals" aria-label="In common">
            <Stat label={`Artists ${a} played`} value={formatInteger(comparison.artistsA)} />
            <Stat label={`Artists ${b} played`} value={formatInteger(comparison.artistsB)} />
            <Stat label="Artists in common" value={formatInteger(comparison.shared)} />
            <Stat label="Overlap" value={percent(comparison.overlap)} />
            <Stat label="Taste similarity" value={percent(comparison.similarity)} />
          </section>
          <p class="secondary">
            Overlap: the artists both played, of all the artists either played ({period.label}). Taste
            similarity: how alike the two split their listening time across artists (cosine of minutes per
            artist; 100 % is the same proportions). Of the shared artists, {a} found{" "}
            {formatInteger(comparison.foundFirstA)} first and {b} {formatInteger(comparison.foundFirstB)}.
          </p>
          <section aria-labelledby="shared-heading">
            <h2 id="shared-heading">Artists you share</h2>
            {comparison.top.length === 0 ? <p>None in {period.label}.</p> : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Artist</th>
                    <th scope="col" class="number">{a}, min</th>
                    <th scope="col" class="number">{b}, min</th>
                    <th scope="col">Found first by</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.top.map((artist) => (
                    <tr>
                      <td>
                        <a href={`/artists/${artist.key}`}>{artist.name}</a>
                      </td>
                      <td class="number">{formatMinutes(artist.minutesA)}</td>
                      <td class="number">{formatMinutes(artist.minutesB)}</td>
                      <td>
                        {artist.firstBy === "same day"
                          ? `both, ${artist.firstA || artist.firstB}`
                          : artist.firstBy === "a"
                          ? `${a}, ${artist.firstA}`
                          : `${b}, ${artist.firstB}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
