/** The Genres and Geography pages' note on how much of a period's music enrichment can place. */
import { formatMinutes, percent } from "../format.ts";
import type { ParsedPeriod } from "../period.ts";

/**
 * Says how much of the period's music the page can place (has a genre, a country), or, when nothing can be
 * placed yet, that enrichment has not run and where to see it.
 */
export function EnrichmentNote(
  { period, musicMinutes, placedMinutes, what }: {
    period: ParsedPeriod;
    musicMinutes: number;
    placedMinutes: number;
    what: string;
  },
) {
  if (musicMinutes === 0) return <p>No music was played in {period.label}.</p>;
  if (placedMinutes === 0) {
    return (
      <p class="notice" role="status">
        <strong>Not enriched yet.</strong> None of the music of {period.label} has {what}{" "}
        yet. Genres and countries come from MusicBrainz: set{" "}
        <code>MUSICBRAINZ_CONTACT</code>, then wait for the nightly run or run{" "}
        <code>deno task cli enrich</code>. The <a href="/jobs">Jobs</a>{" "}
        page shows how far enrichment has come.
      </p>
    );
  }
  return (
    <p class="secondary">
      Of the {formatMinutes(musicMinutes)} minutes of music in {period.label},{" "}
      {percent(placedMinutes / musicMinutes)} have {what}; the shares below are of those.{" "}
      {placedMinutes < musicMinutes * 0.999 && (
        <>
          The rest is not enriched yet (see <a href="/jobs">Jobs</a>).
        </>
      )}
    </p>
  );
}
