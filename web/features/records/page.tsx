/** Records of artists, tracks or albums: certifications, most weeks at #1 and year medals. */
import { DataTable } from "../../components/data_table.tsx";
import { ItemName } from "../../components/item_name.tsx";
import { formatInteger } from "../../format.ts";
import {
  type CertifiedItem,
  type Medal,
  type RecordKind,
  THRESHOLDS,
  type WeeksAtOne,
  type YearMedal,
} from "./queries.ts";

export interface RecordsData {
  certified: CertifiedItem[];
  weeksAtOne: WeeksAtOne[];
  medals: YearMedal[];
}

const NOUNS: Record<RecordKind, string> = { artists: "Artists", tracks: "Tracks", albums: "Albums" };
const MEDALS: Medal[] = ["gold", "silver", "bronze"];

export function RecordsPage({ kind, data }: { kind: RecordKind; data: RecordsData }) {
  const { certified, weeksAtOne, medals } = data;
  const years = [...new Set(medals.map((row) => row.year))];
  return (
    <>
      <h1>Records: {NOUNS[kind].toLowerCase()}</h1>
      <nav class="tabs" aria-label="Records of">
        {(["artists", "tracks", "albums"] as const).map((item) => (
          <a href={`/records/${item}`} aria-current={item === kind ? "page" : undefined}>{NOUNS[item]}</a>
        ))}
      </nav>
      <section aria-labelledby="weeks-heading">
        <h2 id="weeks-heading">Most weeks at #1</h2>
        <p class="secondary">
          Finished weeks (Monday to Sunday) at the top of the <a href={`/charts/${kind}`}>weekly chart</a>
          {" "}
          by counted plays, ties by minutes; everyone tied at the top is #1.
        </p>
        {weeksAtOne.length === 0 ? <p>No finished week has a #1 yet.</p> : (
          <DataTable
            rows={weeksAtOne}
            columns={[
              { label: NOUNS[kind].replace(/s$/, ""), cell: (row) => <ItemName kind={kind} item={row} /> },
              { label: "Weeks", class: "number", cell: (row) => formatInteger(row.weeks) },
              { label: "First", class: "date wide-only", cell: (row) => weekLabel(row.firstWeek) },
              { label: "Latest", class: "date", cell: (row) => weekLabel(row.latestWeek) },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="certified-heading">
        <h2 id="certified-heading">Certifications</h2>
        <p class="secondary">
          {kind === "artists"
            ? `An artist takes the best of its most played track (gold at ${THRESHOLDS.track.gold}, platinum at ${THRESHOLDS.track.platinum}, diamond at ${THRESHOLDS.track.diamond} counted plays) and its most played album (${THRESHOLDS.album.gold}, ${THRESHOLDS.album.platinum}, ${THRESHOLDS.album.diamond}).`
            : `All-time counted plays: gold at ${THRESHOLDS[singular(kind)].gold}, platinum at ${
              THRESHOLDS[singular(kind)].platinum
            }, diamond at ${THRESHOLDS[singular(kind)].diamond}.`}
        </p>
        {certified.length === 0 ? <p>Nothing is certified yet.</p> : (
          <DataTable
            rows={certified}
            columns={[
              { label: "Level", cell: (row) => <span class={`badge cert-${row.level}`}>{row.level}</span> },
              { label: NOUNS[kind].replace(/s$/, ""), cell: (row) => <ItemName kind={kind} item={row} /> },
              { label: "Plays", class: "number", cell: (row) => formatInteger(row.plays) },
              kind === "artists" && {
                label: "By",
                cell: (row) => <ArtistReason item={row} />,
              },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="medals-heading">
        <h2 id="medals-heading">Year medals</h2>
        <p class="secondary">
          Ranked 1, 2 and 3 in a finished year; a tie shares the medal and skips the next.
        </p>
        {years.length === 0 ? <p>No finished year has plays yet.</p> : (
          <DataTable
            rows={years}
            columns={[
              { label: "Year", rowHeader: true, cell: (year) => year },
              ...MEDALS.map((medal) => ({
                label: <span class={`badge medal-${medal}`}>{medal}</span>,
                cell: (year: number) =>
                  medals.filter((row) => row.year === year && row.medal === medal).map((row) => (
                    <div>
                      <ItemName kind={kind} item={row} />
                    </div>
                  )),
              })),
            ]}
          />
        )}
      </section>
    </>
  );
}

function ArtistReason({ item }: { item: CertifiedItem }) {
  const reasons = [
    item.topTrack?.level ? { ...item.topTrack, path: "tracks", what: "track" } : undefined,
    item.topAlbum?.level ? { ...item.topAlbum, path: "albums", what: "album" } : undefined,
  ].filter((reason) => reason !== undefined);
  return (
    <>
      {reasons.map((reason, index) => (
        <>
          {index > 0 && "; "}
          {reason.what} <a href={`/${reason.path}/${reason.key}`}>{reason.name}</a>{" "}
          ({formatInteger(reason.plays)} plays, {reason.level})
        </>
      ))}
    </>
  );
}

/** The Monday 20231002 → "2 Oct 2023". */
function weekLabel(key: number): string {
  return new Date(Date.UTC(Math.floor(key / 10_000), Math.floor(key / 100) % 100 - 1, key % 100))
    .toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

function singular(kind: "tracks" | "albums"): "track" | "album" {
  return kind === "tracks" ? "track" : "album";
}
