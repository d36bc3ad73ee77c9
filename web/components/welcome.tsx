/**
 * The first-run setup's offer on the overview (a fresh machine showing the demo), and the form that ends the
 * setup (the dashboard stops offering it; every step stays on Settings).
 */

export function WelcomePanel() {
  return (
    <section class="panel welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Welcome to Music Tracker</h2>
      <p>
        Below is a generated listening history. Set Music Tracker up for yours in a few short steps: your time
        zone, Spotify, MusicBrainz and your export. Any step can be skipped.
      </p>
      <div class="step-actions">
        <a class="button" href="/setup">Set up</a>
        <FinishForm label="Not now" />
      </div>
    </section>
  );
}

export function FinishForm({ label }: { label: string }) {
  return (
    <form method="post" action="/setup/finish">
      <button type="submit" class="secondary">{label}</button>
    </form>
  );
}
