/** Listens typed in by hand: the form that adds one (vinyl, radio, a concert) and the ones added, to delete. */
import type { ManualFields } from "./form.ts";
import type { ManualListen } from "./queries.ts";

export interface ListensProps {
  listens: ManualListen[];
  timezone: string;
  /** The form as typed, shown again with what is wrong with it. */
  fields: ManualFields;
  errors?: string[];
  message?: string;
  /** Listens are received here (a warehouse of the user's can be written). */
  available: boolean;
}

export function ListensPage({ listens, timezone, fields, errors = [], message, available }: ListensProps) {
  const time = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: timezone,
  });
  return (
    <>
      <h1>Add a listen</h1>
      <p>
        For what no player reported: a record, the radio, a concert. It counts like any play; a listen whose
        names equal a Spotify play that started within 2 minutes of it is that play.
      </p>
      {message && <p class="message message-ok" role="status">{message}</p>}
      {errors.length > 0 && (
        <ul class="message message-error" role="alert">
          {errors.map((error) => <li>{error}</li>)}
        </ul>
      )}
      {available
        ? (
          <form method="post" action="/listens" class="manual-listen">
            <label>
              Track
              <input name="track" required maxlength={512} value={fields.track} />
            </label>
            <label>
              Artist
              <input name="artist" required maxlength={512} value={fields.artist} />
            </label>
            <label>
              Album (optional)
              <input name="album" maxlength={512} value={fields.album} />
            </label>
            <label>
              Started at ({timezone})
              <input name="started_at" type="datetime-local" required value={fields.startedAt} />
            </label>
            <label>
              Duration (3:25, or minutes; optional)
              <input
                name="duration"
                inputmode="numeric"
                pattern="(\d{1,3}:)?\d{1,3}:\d{2}|\d{1,5}"
                value={fields.duration}
              />
            </label>
            <label>
              Listener
              <input name="user" required pattern="[\p{L}\p{N}_.@-]{1,64}" value={fields.user} />
            </label>
            <button type="submit">Add the listen</button>
          </form>
        )
        : <p>Listens cannot be added here.</p>}
      <section aria-labelledby="manual-heading">
        <h2 id="manual-heading">Added by hand</h2>
        {listens.length === 0 ? <p>None yet.</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Track</th>
                <th scope="col">Listener</th>
                <th scope="col" class="number">Minutes</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {listens.map((listen) => (
                <tr>
                  <td class="when">{time.format(listen.startedAt)}</td>
                  <td>
                    {listen.trackName}
                    {listen.artistName && <span class="secondary">{listen.artistName}</span>}
                    {listen.albumName && <span class="secondary">{listen.albumName}</span>}
                  </td>
                  <td>{listen.userName}</td>
                  <td class="number">
                    {(listen.seconds / 60).toFixed(1)}
                    {listen.msIsEstimated ? " (estimated)" : ""}
                  </td>
                  <td>
                    <form method="post" action={`/listens/${listen.listenId}/delete`}>
                      <button type="submit">Delete</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
