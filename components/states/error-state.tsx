import { formatClockTime } from "@/lib/ui/format";

type OfflineState = { status: string; disconnectedAt: number | null; lastUpdateAt: number | null };

type Props = { title: string; message: string; detail?: string | null; signIn?: boolean; returnTo?: string };

/** The whole page when there is nothing to show: server unreachable, or sign-in needed. */
export function ErrorState({ title, message, detail, signIn, returnTo = "/" }: Props) {
  return (
    <main className="state-page" data-testid="error-state">
      <div className="state-card">
        <span className="state-icon" aria-hidden>
          !
        </span>
        <h1>{title}</h1>
        <p>{message}</p>
        {detail ? <p className="state-detail">{detail}</p> : null}
        {signIn ? (
          <a className="button" href={`/login?next=${encodeURIComponent(returnTo)}`}>
            Sign in
          </a>
        ) : (
          <p className="state-detail">Retrying automatically; this page recovers by itself when the server is back.</p>
        )}
      </div>
    </main>
  );
}

/** Over a board that still shows its last data, while the server is unreachable: says how old it is. */
export function OfflineBanner({ live, timezone }: { live: OfflineState; timezone: string }) {
  if (live.status !== "offline" || live.disconnectedAt === null) return null;
  const since = formatClockTime(live.disconnectedAt, timezone, { seconds: true });
  const lastData = live.lastUpdateAt !== null ? formatClockTime(live.lastUpdateAt, timezone, { seconds: true }) : null;
  return (
    <div className="offline-banner" role="alert" data-testid="offline-banner">
      <strong>Server unreachable</strong> since {since}
      {lastData ? ` · showing data from ${lastData}` : ""} · retrying…
    </div>
  );
}
