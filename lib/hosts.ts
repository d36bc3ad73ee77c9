/** Whether an address or host name is this machine only (what the server, the CLI and doctor decide on). */
export function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || host.startsWith("127.");
}
