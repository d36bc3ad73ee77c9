/**
 * A fake MusicBrainz WS/2 on 127.0.0.1, answering in the JSON shapes recorded in ../shared/reference/musicbrainz:
 * url lookups with artist relations, artist lookups with genres, areas with "part of" relations, ISRC lookups with
 * artist credits and artist search. Like the real service it demands a descriptive User-Agent and `fmt=json`,
 * and answers 503 to a client that asks faster than once per `minIntervalMs` (1 s, as musicbrainz.org).
 */
import type { Fault } from "./spotify.ts";

export interface FakeMbArtist {
  id: string;
  name: string;
  type?: "Person" | "Group" | null;
  /** The artist's `country` field: set by MusicBrainz when `area` is a country. */
  country?: string | null;
  areaId?: string | null;
  beginAreaId?: string | null;
  lifeSpan?: { begin?: string | null; end?: string | null; ended?: boolean };
  genres?: { name: string; count: number }[];
  /** Spotify artist ids linked to this artist ("free streaming" url relations). */
  spotifyIds?: string[];
}

export interface FakeMbArea {
  id: string;
  name: string;
  type: "Country" | "Subdivision" | "City" | "County" | "Municipality" | null;
  iso1?: string[];
  iso2?: string[];
  /** The area this one is part of. */
  partOf?: string;
}

export interface FakeMbRecording {
  isrc: string;
  title: string;
  credits: { name: string; artistId: string }[];
}

export class FakeMusicBrainz {
  readonly artists = new Map<string, FakeMbArtist>();
  readonly areas = new Map<string, FakeMbArea>();
  readonly recordings: FakeMbRecording[] = [];
  /** Fewest ms between two requests; a quicker one gets 503 (and still counts, as on the real service). */
  minIntervalMs: number;
  /** Every request: when it arrived (performance.now()), path with query, and the answer's status. */
  readonly requests: { at: number; path: string; status: number }[] = [];
  /** Requests refused for coming too fast. */
  tooFast = 0;
  #faults: Fault[] = [];
  #last = -Infinity;
  #server: Deno.HttpServer<Deno.NetAddr>;

  constructor({ minIntervalMs = 1000 }: { minIntervalMs?: number } = {}) {
    this.minIntervalMs = minIntervalMs;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (request) => {
        const at = performance.now();
        const url = new URL(request.url);
        const response = await this.#handle(request, url, at);
        this.requests.push({ at, path: url.pathname + url.search, status: response.status });
        return response;
      },
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  addArtist(artist: FakeMbArtist): void {
    this.artists.set(artist.id, artist);
  }

  addArea(area: FakeMbArea): void {
    this.areas.set(area.id, area);
  }

  /** The next requests answer with these faults, in order (after the rate check). */
  fail(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  async #handle(request: Request, url: URL, at: number): Promise<Response> {
    const tooSoon = at - this.#last < this.minIntervalMs;
    this.#last = at;
    if (tooSoon) {
      this.tooFast++;
      return json({
        error: "Your requests are exceeding the allowable rate limit. Please see " +
          "http://wiki.musicbrainz.org/XMLWebService for more information.",
      }, 503);
    }
    if (!/^[^/\s]+\/[^\s]+ \( .+ \)$/.test(request.headers.get("user-agent") ?? "")) {
      return json({
        error: "Missing or anonymous User-Agent",
        help: "https://musicbrainz.org/doc/MusicBrainz_API/Rate_Limiting",
      }, 403);
    }
    if (url.searchParams.get("fmt") !== "json") return new Response("<xml/>", { status: 200 });
    const fault = this.#faults.shift();
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.reset) throw new Error("connection reset by the fake");
      if (fault.status) {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
        return new Response(JSON.stringify({ error: "Service unavailable" }), {
          status: fault.status,
          headers,
        });
      }
    }
    const inc = (url.searchParams.get("inc") ?? "").split("+").filter(Boolean);
    if (url.pathname === "/ws/2/url") return this.#url(url.searchParams.get("resource") ?? "", inc);
    if (url.pathname === "/ws/2/artist") return this.#search(url.searchParams.get("query") ?? "");
    const lookup = /^\/ws\/2\/(artist|area|isrc)\/([^/]+)$/.exec(url.pathname);
    if (!lookup) return notFound();
    const id = decodeURIComponent(lookup[2]);
    if (lookup[1] === "artist") {
      const artist = this.artists.get(id);
      if (!artist) return notFound();
      if (inc.some((name) => !["genres", "tags", "url-rels", "artist-rels"].includes(name))) {
        return json({
          error: `${inc.join("+")} is not a valid inc parameter for the artist resource.`,
          help: "For usage, please see: https://musicbrainz.org/development/mmd",
        }, 400);
      }
      return json(this.#artistObject(artist, inc.includes("genres")));
    }
    if (lookup[1] === "area") {
      const area = this.areas.get(id);
      return area ? json(this.#areaObject(area, inc.includes("area-rels"))) : notFound();
    }
    const recordings = this.recordings.filter((recording) => recording.isrc === id);
    if (recordings.length === 0) return notFound();
    return json({
      isrc: id,
      recordings: recordings.map((recording, index) => ({
        id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
        title: recording.title,
        length: 200_000,
        video: false,
        disambiguation: "",
        ...(inc.includes("artist-credits")
          ? {
            "artist-credit": recording.credits.map((credit, i) => ({
              name: credit.name,
              joinphrase: i < recording.credits.length - 1 ? " & " : "",
              artist: this.#artistRef(this.artists.get(credit.artistId)!),
            })),
          }
          : {}),
      })),
    });
  }

  #url(resource: string, inc: string[]): Response {
    const spotifyId = /^https:\/\/open\.spotify\.com\/artist\/([A-Za-z0-9]+)$/.exec(resource)?.[1];
    const linked = spotifyId
      ? [...this.artists.values()].filter((a) => a.spotifyIds?.includes(spotifyId))
      : [];
    if (linked.length === 0) return notFound();
    return json({
      id: "46d8f693-52e4-4d03-936f-7ca8459019a7",
      resource,
      ...(inc.includes("artist-rels")
        ? {
          relations: linked.map((artist) => ({
            "attribute-ids": {},
            "attribute-values": {},
            attributes: [],
            begin: null,
            direction: "backward",
            end: null,
            ended: false,
            "source-credit": "",
            "target-credit": "",
            "target-type": "artist",
            type: "free streaming",
            "type-id": "769085a1-c2f7-4c24-a532-2375a77693bd",
            artist: this.#artistRef(artist),
          })),
        }
        : {}),
    });
  }

  /** Lucene-ish: `artist:"name"` matches names equal ignoring case (score 100) or containing it (score 60). */
  #search(query: string): Response {
    const wanted = (/artist:"((?:[^"\\]|\\.)*)"/.exec(query)?.[1] ?? query).replace(/\\(.)/g, "$1")
      .toLowerCase();
    const found = [...this.artists.values()]
      .map((artist) => ({
        artist,
        score: artist.name.toLowerCase() === wanted
          ? 100
          : artist.name.toLowerCase().includes(wanted)
          ? 60
          : 0,
      }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score);
    return json({
      created: "2026-11-22T02:00:00.000Z",
      count: found.length,
      offset: 0,
      artists: found.map(({ artist, score }) => ({ ...this.#artistObject(artist, false), score })),
    });
  }

  #artistRef(artist: FakeMbArtist) {
    return {
      id: artist.id,
      name: artist.name,
      "sort-name": artist.name,
      disambiguation: "",
      type: artist.type ?? null,
      "type-id": null,
    };
  }

  #artistObject(artist: FakeMbArtist, withGenres: boolean) {
    const area = artist.areaId ? this.#areaRef(this.areas.get(artist.areaId)!) : null;
    const beginArea = artist.beginAreaId ? this.#areaRef(this.areas.get(artist.beginAreaId)!) : null;
    return {
      ...this.#artistRef(artist),
      country: artist.country ?? null,
      area,
      "begin-area": beginArea,
      begin_area: beginArea,
      "end-area": null,
      end_area: null,
      "life-span": {
        begin: artist.lifeSpan?.begin ?? null,
        end: artist.lifeSpan?.end ?? null,
        ended: artist.lifeSpan?.ended ?? false,
      },
      gender: null,
      "gender-id": null,
      ipis: [],
      isnis: [],
      ...(withGenres
        ? {
          genres: (artist.genres ?? []).map((genre, i) => ({
            id: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            name: genre.name,
            count: genre.count,
            disambiguation: "",
          })),
        }
        : {}),
    };
  }

  /** Areas nested in other answers carry their ISO codes (as in the recorded artist lookups). */
  #areaRef(area: FakeMbArea) {
    return {
      id: area.id,
      name: area.name,
      "sort-name": area.name,
      disambiguation: "",
      type: area.type,
      "type-id": null,
      ...(area.iso1 ? { "iso-3166-1-codes": area.iso1 } : {}),
      ...(area.iso2 ? { "iso-3166-2-codes": area.iso2 } : {}),
    };
  }

  #areaObject(area: FakeMbArea, withRelations: boolean) {
    const parent = area.partOf ? this.areas.get(area.partOf) : undefined;
    return {
      ...this.#areaRef(area),
      "life-span": { begin: null, end: null, ended: false },
      ...(withRelations
        ? {
          relations: parent
            ? [{
              type: "part of",
              "type-id": "de7cc874-8b1b-3a05-8272-f3834c968fb7",
              direction: "backward",
              "target-type": "area",
              begin: null,
              end: null,
              ended: false,
              attributes: [],
              area: this.#areaRef(parent),
            }]
            : [],
        }
        : {}),
    };
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function notFound(): Response {
  return json(
    { error: "Not Found", help: "For usage, please see: https://musicbrainz.org/development/mmd" },
    404,
  );
}
