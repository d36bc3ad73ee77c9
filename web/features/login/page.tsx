/** The login form (only when the dashboard is reachable from other machines). */
export function LoginPage({ next, error }: { next: string; error?: string }) {
  return (
    <>
      <h1>Log in</h1>
      {error && <p class="message message-error" role="alert">{error}</p>}
      <form method="post" action="/login" class="login-form">
        <input type="hidden" name="next" value={next} />
        <label>
          Admin password
          <input name="password" type="password" autocomplete="current-password" required autofocus />
        </label>
        <button type="submit">Log in</button>
      </form>
    </>
  );
}
