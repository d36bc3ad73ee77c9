/**
 * Listening personality: the profiles k-means finds among the listeners' years, each explained by the features
 * that set it apart, and which profile each year falls in (how it changed over the years).
 */
import { type FeatureId, FEATURES, type Profile, type YearFeatures } from "./profiles.ts";
import { MIN_PLAYS_PER_YEAR } from "./profiles.ts";
import { formatInteger, percent } from "../../format.ts";

export interface PersonalityProps {
  years: YearFeatures[];
  profiles: Profile[];
}

export function PersonalityPage({ years, profiles }: PersonalityProps) {
  const profileOf = new Map<number, string>();
  for (const profile of profiles) for (const member of profile.members) profileOf.set(member, profile.name);
  const means = Object.fromEntries(FEATURES.map(({ id }) => {
    const known = years.map((year) => year.values[id]).filter((value) => Number.isFinite(value));
    return [id, known.reduce((sum, value) => sum + value, 0) / Math.max(1, known.length)];
  })) as Record<FeatureId, number>;
  const several = new Set(years.map((year) => year.userName)).size > 1;
  return (
    <>
      <h1>Listening personality</h1>
      <p class="secondary">
        Each year with at least {MIN_PLAYS_PER_YEAR}{" "}
        music plays is described by six features; k-means groups similar years into profiles, and each profile
        is named after the two features that set it apart most from the average year. (Spotify no longer says
        how popular a track is, so mainstream or niche is not among them.)
      </p>
      {years.length < 3
        ? (
          <p class="notice">
            Profiles need at least three years with {MIN_PLAYS_PER_YEAR} plays or more ({years.length}{" "}
            so far): import your Extended Streaming History for the years before.
          </p>
        )
        : (
          <section aria-labelledby="profiles-heading">
            <h2 id="profiles-heading">Profiles</h2>
            {profiles.map((profile) => (
              <div class="panel">
                <h3>{profile.name}</h3>
                <p class="secondary">
                  {profile.members.map((i) =>
                    several ? `${years[i].userName} ${years[i].year}` : years[i].year
                  )
                    .join(", ")}
                </p>
                <ul>
                  {FEATURES.map((feature) => ({ feature, z: profile.z[feature.id] }))
                    .filter(({ z }) => Math.abs(z) >= 0.5)
                    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
                    .slice(0, 3)
                    .map(({ feature, z }) => (
                      <li>
                        {z >= 0 ? "Higher" : "Lower"}: {format(feature.id, profile.centre[feature.id])}{" "}
                        {feature.what} (the average year: {format(feature.id, means[feature.id])})
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </section>
        )}
      <section aria-labelledby="years-heading">
        <h2 id="years-heading">Year by year</h2>
        {years.length === 0 ? <p>No year has {MIN_PLAYS_PER_YEAR} music plays yet.</p> : (
          <table>
            <thead>
              <tr>
                {several && <th scope="col">Listener</th>}
                <th scope="col">Year</th>
                <th scope="col" class="number">Plays</th>
                <th scope="col" class="number">Night</th>
                <th scope="col" class="number wide-only">Morning</th>
                <th scope="col" class="number">Artists / 100 plays</th>
                <th scope="col" class="number">New artists' plays</th>
                <th scope="col" class="number wide-only">Plays / track</th>
                <th scope="col" class="number wide-only">Skipped</th>
                <th scope="col">Profile</th>
              </tr>
            </thead>
            <tbody>
              {years.map((year, i) => (
                <tr>
                  {several && <td>{year.userName}</td>}
                  <th scope="row">{year.year}</th>
                  <td class="number">{formatInteger(year.plays)}</td>
                  <td class="number">{format("night", year.values.night)}</td>
                  <td class="number wide-only">{format("morning", year.values.morning)}</td>
                  <td class="number">{format("diversity", year.values.diversity)}</td>
                  <td class="number">{format("discovery", year.values.discovery)}</td>
                  <td class="number wide-only">{format("replay", year.values.replay)}</td>
                  <td class="number wide-only">{format("skips", year.values.skips)}</td>
                  <td>{profileOf.get(i) ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function format(id: FeatureId, value: number): string {
  if (!Number.isFinite(value)) return "–";
  return id === "diversity" || id === "replay" ? value.toFixed(1) : percent(value);
}
