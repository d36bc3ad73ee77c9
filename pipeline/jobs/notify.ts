/**
 * Notices about problems, as one JSON POST to NOTIFY_URL: `{title, message, priority, job, status, time}`.
 * Gotify reads title/message/priority; ntfy takes the body as the message (or, posted to its root URL with a
 * `topic`, the fields); any webhook gets the JSON.
 */
export interface Notice {
  title: string;
  message: string;
  job: string;
  status: string;
}

export function createNotifier(url: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
  return async function notify(notice: Notice): Promise<void> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "music-tracker" },
      body: JSON.stringify({ ...notice, priority: 5, time: new Date().toISOString() }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`NOTIFY_URL answered ${response.status} ${response.statusText}`);
  };
}
