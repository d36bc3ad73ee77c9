/**
 * Listening personality: each listener's years described by explainable features (when they listen, how widely,
 * how much they discover, replay and skip), grouped into profiles by k-means, and each profile explained by the
 * features that set it apart. Spotify no longer gives popularity (removed in 2026), so "mainstream or niche" is
 * not one of the features.
 */
export const FEATURES = [
  { id: "night", high: "night owl", low: "daytime listener", what: "of the minutes between 22:00 and 06:00" },
  { id: "morning", high: "early riser", low: "late starter", what: "of the minutes between 06:00 and 12:00" },
  { id: "diversity", high: "wide-ranging", low: "focused", what: "different artists per 100 plays" },
  { id: "discovery", high: "explorer", low: "loyal", what: "of the plays by artists new that year" },
  { id: "replay", high: "on repeat", low: "rarely repeats", what: "plays per different track" },
  { id: "skips", high: "restless", low: "patient", what: "of the plays skipped (where the export says)" },
] as const;

export type FeatureId = typeof FEATURES[number]["id"];

/** A listener's year as numbers: shares are 0..1, diversity is artists per 100 plays, replay plays per track. */
export interface YearFeatures {
  userName: string;
  year: number;
  plays: number;
  values: Record<FeatureId, number>;
}

/** Years with fewer counted music plays say too little to describe. */
export const MIN_PLAYS_PER_YEAR = 100;

export interface Profile {
  /** e.g. "night owl, explorer": the two features that set the profile apart most. */
  name: string;
  /** The profile's centre: the average of its years, per feature. */
  centre: Record<FeatureId, number>;
  /** How far the centre is from the average of all years, in standard deviations, per feature. */
  z: Record<FeatureId, number>;
  /** Indexes into the features list of the years in this profile. */
  members: number[];
}

/**
 * Groups years into at most `k` profiles with k-means on the standardised features. Deterministic: it starts
 * from the year farthest from the average and then, each time, the year farthest from the centres chosen.
 * Needs at least three years; fewer give no profiles.
 */
export function profiles(years: YearFeatures[], { k = 3, iterations = 50 } = {}): Profile[] {
  if (years.length < 3) return [];
  const ids = FEATURES.map((feature) => feature.id);
  // Unknown skip rates take the mean of the known ones (no information, no pull).
  const filled = years.map((year) => ({ ...year.values }));
  for (const id of ids) {
    const known = filled.map((values) => values[id]).filter((value) => Number.isFinite(value));
    const mean = known.length ? known.reduce((sum, value) => sum + value, 0) / known.length : 0;
    for (const values of filled) if (!Number.isFinite(values[id])) values[id] = mean;
  }
  const stats = Object.fromEntries(ids.map((id) => {
    const values = filled.map((year) => year[id]);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    return [id, { mean, sd: sd > 1e-12 ? sd : 1 }];
  })) as Record<FeatureId, { mean: number; sd: number }>;
  const points = filled.map((values) => ids.map((id) => (values[id] - stats[id].mean) / stats[id].sd));
  const clusters = Math.min(k, points.length);
  const distance = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + (value - b[i]) ** 2, 0);
  const origin = ids.map(() => 0);
  const centres: number[][] = [];
  while (centres.length < clusters) {
    const far = points.map((point) =>
      centres.length === 0
        ? distance(point, origin)
        : Math.min(...centres.map((centre) => distance(point, centre)))
    );
    centres.push([...points[far.indexOf(Math.max(...far))]]);
  }
  let assignment = points.map(() => -1);
  for (let round = 0; round < iterations; round++) {
    const next = points.map((point) => {
      const distances = centres.map((centre) => distance(point, centre));
      return distances.indexOf(Math.min(...distances));
    });
    if (next.every((cluster, i) => cluster === assignment[i])) break;
    assignment = next;
    for (let c = 0; c < clusters; c++) {
      const members = points.filter((_, i) => assignment[i] === c);
      if (members.length) {
        centres[c] = ids.map((_, f) => members.reduce((sum, p) => sum + p[f], 0) / members.length);
      }
    }
  }
  return centres.map((centre, c) => {
    const z = Object.fromEntries(ids.map((id, f) => [id, centre[f]])) as Record<FeatureId, number>;
    const members = assignment.flatMap((cluster, i) => (cluster === c ? [i] : []));
    const name = FEATURES.map((feature) => ({ feature, z: z[feature.id] }))
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, 2)
      .map(({ feature, z }) => (z >= 0 ? feature.high : feature.low))
      .join(", ");
    const centreValues = Object.fromEntries(
      ids.map((id) => [id, members.reduce((sum, i) => sum + filled[i][id], 0) / Math.max(1, members.length)]),
    ) as Record<FeatureId, number>;
    return { name, centre: centreValues, z, members };
  }).filter((profile) => profile.members.length > 0);
}
