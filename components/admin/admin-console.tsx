"use client";

import styles from "@/components/chrome/controls.module.css";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import type { Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/auth/users";
import { formatDateTime } from "@/lib/ui/format";
import { TokensPanel } from "./tokens-panel";
import type { PanelMessage } from "./use-confirm";
import { UsersPanel } from "./users-panel";

type Props = { users: UserSummary[]; tokens: ApiTokenSummary[]; currentUserId: string | null; timezone: string };

export const ROLE_HELP: Record<Role, string> = {
  viewer: "sees the wallboard, queues, agents and reports",
  supervisor: "also changes priorities, moves tasks, changes agents' activity, reads the audit log",
  admin: "also cancels tasks and manages users and API tokens",
};

/** `/admin`: the users panel and the API tokens panel, dates in the dashboard's zone. */
export function AdminConsole({ users, tokens, currentUserId, timezone }: Props) {
  const day = (iso: string | null) => (iso ? formatDateTime(Date.parse(iso), timezone) : "—");
  return (
    <div className={styles.stack}>
      <UsersPanel initial={users} currentUserId={currentUserId} formatDay={day} />
      <TokensPanel initial={tokens} formatDay={day} />
    </div>
  );
}

/** A panel's last outcome, as an alert or a status line. */
export function PanelNotice({ message }: { message: PanelMessage }) {
  if (!message) return null;
  return (
    <p className={message.kind === "error" ? styles.error : styles.notice} role={message.kind === "error" ? "alert" : "status"}>
      {message.text}
    </p>
  );
}
