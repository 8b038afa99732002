import type { SetupInfo } from "@/components/server/page-context";

/** The empty board's call to action: how to get TaskRouter events flowing here. */
export function SetupHint({ setup }: { setup: SetupInfo | null }) {
  const callbackUrl = setup?.callbackUrl ?? "<PUBLIC_BASE_URL>/api/taskrouter/events";
  return (
    <section className="setup-hint" data-testid="empty-state">
      <h2>No TaskRouter events yet</h2>
      {setup?.mode === "embedded" && !setup.simulatorOn ? (
        <p>
          The built-in TaskRouter emulator is running with its traffic simulator off. Start the app with <code>SIMULATOR=on</code> to see a
          simulated contact centre, or send events from a real Workspace as below.
        </p>
      ) : setup?.mode === "embedded" ? (
        <p>The built-in simulator is starting; the first tasks arrive within seconds.</p>
      ) : (
        <p>Nothing has reached this wallboard from TaskRouter yet.</p>
      )}
      <ol>
        <li>
          In the Twilio Console, open <strong>TaskRouter → Workspaces → your Workspace → Settings</strong>.
        </li>
        <li>
          Set <strong>Event Callback URL</strong> to
          <code className="callback-url" data-testid="callback-url">
            {callbackUrl}
          </code>
        </li>
        <li>Leave the events filter empty (all events), save, and make a test call or task.</li>
      </ol>
      {setup && !setup.publicBaseUrlSet ? (
        <p className="hint-note">
          <code>PUBLIC_BASE_URL</code> is not set, so this URL is only reachable from this machine. Set it to the address Twilio can reach
          (e.g. <code>https://wallboard.example.com</code>); callbacks are signature-checked against it.
        </p>
      ) : null}
    </section>
  );
}
