"use client";

import Link from "next/link";
import { useState } from "react";
import type { SessionInfo } from "@/lib/auth/session-info";
import styles from "@/components/chrome/controls.module.css";
import { sendJson, useSession } from "./session-client";

/** Ends the session on the server (and its live connections), then goes to the login page. */
export async function signOut(): Promise<void> {
  await sendJson("POST", "/api/auth/logout");
  window.location.assign("/login");
}

/** For the top bar's `actions` slot: who is signed in, links to Audit and Admin when allowed (unless the page's nav has them), sign out. */
export function UserMenu({ session: initial = null, links = true }: { session?: SessionInfo | null; links?: boolean }) {
  const session = useSession(initial);
  const [leaving, setLeaving] = useState(false);
  if (!session) return null;
  return (
    <div className={styles.userMenu} data-testid="user-menu">
      {links && session.can["audit.read"] ? <Link href="/audit">Audit</Link> : null}
      {links && session.can["users.manage"] ? <Link href="/admin">Admin</Link> : null}
      <span>
        <span className={styles.userName}>{session.user.name}</span> <span className={styles.roleBadge}>{session.user.role}</span>
      </span>
      {session.via === "session" ? (
        <button
          type="button"
          className={styles.linkButton}
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void signOut();
          }}
        >
          {leaving ? "Signing out…" : "Sign out"}
        </button>
      ) : null}
    </div>
  );
}
