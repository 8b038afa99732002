"use client";

import { useState } from "react";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/auth/users";
import { ActionDialog } from "./action-dialog";
import styles from "./admin.module.css";
import { explainFailure, sendJson } from "./session-client";

type Props = { users: UserSummary[]; tokens: ApiTokenSummary[]; currentUserId: string | null; timezone: string };

const ROLE_HELP: Record<Role, string> = {
  viewer: "sees the wallboard, queues, agents and reports",
  supervisor: "also changes priorities, moves tasks, changes agents' activity, reads the audit log",
  admin: "also cancels tasks and manages users and API tokens",
};

/** `/admin`: users (create, role, disable, new password) and API tokens (create once-shown, revoke). */
export function AdminConsole({ users: initialUsers, tokens: initialTokens, currentUserId, timezone }: Props) {
  const [users, setUsers] = useState(initialUsers);
  const [tokens, setTokens] = useState(initialTokens);
  const [message, setMessage] = useState<{ kind: "error" | "notice"; text: string } | null>(null);
  const [newUser, setNewUser] = useState({ username: "", password: "", role: "viewer" as Role });
  const [newToken, setNewToken] = useState({ name: "", role: "viewer" as Role });
  const [shownToken, setShownToken] = useState<{ name: string; token: string } | null>(null);
  const [confirm, setConfirm] = useState<{
    title: string;
    text: string;
    label: string;
    danger?: boolean;
    run(): Promise<string | null>;
  } | null>(null);
  const [passwordFor, setPasswordFor] = useState<UserSummary | null>(null);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", hour12: false, timeZone: timezone });
  const day = (iso: string | null) => (iso ? when.format(new Date(iso)) : "—");

  const replaceUser = (user: UserSummary) => setUsers((current) => current.map((known) => (known.id === user.id ? user : known)));

  const createUser = async () => {
    setMessage(null);
    const result = await sendJson<UserSummary>("POST", "/api/admin/users", newUser);
    if (!result.ok) return setMessage({ kind: "error", text: explainFailure(result) });
    setUsers((current) => [...current, result.data].sort((a, b) => a.username.localeCompare(b.username)));
    setNewUser({ username: "", password: "", role: "viewer" });
    setMessage({ kind: "notice", text: `User ${result.data.username} created as ${result.data.role}.` });
  };

  const updateUser = async (user: UserSummary, changes: { role?: Role; disabled?: boolean; password?: string }): Promise<string | null> => {
    const result = await sendJson<UserSummary>("PATCH", `/api/admin/users/${user.id}`, changes);
    if (!result.ok) return explainFailure(result);
    replaceUser(result.data);
    return null;
  };

  const createToken = async () => {
    setMessage(null);
    const result = await sendJson<ApiTokenSummary & { token: string }>("POST", "/api/admin/tokens", newToken);
    if (!result.ok) return setMessage({ kind: "error", text: explainFailure(result) });
    const { token, ...summary } = result.data;
    setTokens((current) => [summary, ...current]);
    setShownToken({ name: summary.name, token });
    setNewToken({ name: "", role: "viewer" });
  };

  const runConfirm = async () => {
    if (!confirm) return;
    setBusy(true);
    setDialogError(null);
    const problem = await confirm.run();
    setBusy(false);
    if (problem) return setDialogError(problem);
    setConfirm(null);
  };

  return (
    <div className={styles.stack}>
      {message ? (
        <p className={message.kind === "error" ? styles.error : styles.notice} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}

      <section className="panel" aria-label="Users" data-testid="users-panel">
        <header className="panel-head">
          <h2>
            Users<span className="count">{users.length}</span>
          </h2>
          <span className="muted">Roles: {ROLES.map((role) => `${role} ${ROLE_HELP[role]}`).join("; ")}.</span>
        </header>
        <form
          className={styles.formRow}
          onSubmit={(event) => {
            event.preventDefault();
            void createUser();
          }}
        >
          <label className={styles.field}>
            Username
            <input
              className={styles.input}
              value={newUser.username}
              onChange={(event) => setNewUser({ ...newUser, username: event.target.value })}
              required
            />
          </label>
          <label className={styles.field}>
            Password (10+ characters)
            <input
              className={styles.input}
              type="password"
              autoComplete="new-password"
              value={newUser.password}
              onChange={(event) => setNewUser({ ...newUser, password: event.target.value })}
              required
            />
          </label>
          <label className={styles.field}>
            Role
            <select
              className={styles.select}
              value={newUser.role}
              onChange={(event) => setNewUser({ ...newUser, role: event.target.value as Role })}
            >
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </label>
          <button type="submit" className={styles.primary}>
            Add user
          </button>
        </form>
        <table className="data-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>Created</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-username={user.username}>
                <td className="name">
                  {user.username}
                  {user.id === currentUserId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>
                  <select
                    className={styles.select}
                    aria-label={`Role of ${user.username}`}
                    value={user.role}
                    onChange={(event) => {
                      const role = event.target.value as Role;
                      setDialogError(null);
                      setConfirm({
                        title: `Make ${user.username} ${role}?`,
                        text: `${user.username} will be able to: ${ROLE_HELP[role]}. It applies to their next request.`,
                        label: `Make ${role}`,
                        run: () => updateUser(user, { role }),
                      });
                    }}
                  >
                    {ROLES.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                </td>
                <td>{day(user.createdAt)}</td>
                <td>
                  {user.disabledAt ? (
                    <span className={`${styles.result} ${styles.resultError}`}>disabled</span>
                  ) : (
                    <span className={`${styles.result} ${styles.resultSuccess}`}>active</span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className={`${styles.secondary} ${styles.small}`}
                    onClick={() => {
                      setPassword("");
                      setDialogError(null);
                      setPasswordFor(user);
                    }}
                  >
                    New password…
                  </button>{" "}
                  <button
                    type="button"
                    className={`${user.disabledAt ? styles.secondary : styles.danger} ${styles.small}`}
                    disabled={user.id === currentUserId}
                    title={user.id === currentUserId ? "You cannot disable yourself" : undefined}
                    onClick={() => {
                      setDialogError(null);
                      setConfirm({
                        title: user.disabledAt ? `Enable ${user.username}?` : `Disable ${user.username}?`,
                        text: user.disabledAt
                          ? `${user.username} can sign in again.`
                          : `${user.username} is signed out everywhere at once and cannot sign in until enabled again.`,
                        label: user.disabledAt ? "Enable" : "Disable",
                        danger: !user.disabledAt,
                        run: () => updateUser(user, { disabled: !user.disabledAt }),
                      });
                    }}
                  >
                    {user.disabledAt ? "Enable" : "Disable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-label="API tokens" data-testid="tokens-panel">
        <header className="panel-head">
          <h2>
            API tokens<span className="count">{tokens.filter((token) => !token.revokedAt).length} active</span>
          </h2>
          <span className="muted">
            For scripts: send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once, when made.
          </span>
        </header>
        <form
          className={styles.formRow}
          onSubmit={(event) => {
            event.preventDefault();
            void createToken();
          }}
        >
          <label className={styles.field}>
            Name (what uses it)
            <input
              className={styles.input}
              value={newToken.name}
              onChange={(event) => setNewToken({ ...newToken, name: event.target.value })}
              required
              maxLength={64}
            />
          </label>
          <label className={styles.field}>
            Role
            <select
              className={styles.select}
              value={newToken.role}
              onChange={(event) => setNewToken({ ...newToken, role: event.target.value as Role })}
            >
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </label>
          <button type="submit" className={styles.primary}>
            Create token
          </button>
        </form>
        {shownToken ? (
          <div className={styles.formRow} data-testid="new-token">
            <div className={styles.secret}>
              <strong>{shownToken.name}:</strong>
              <code>{shownToken.token}</code>
              <button
                type="button"
                className={`${styles.secondary} ${styles.small}`}
                onClick={() => void navigator.clipboard?.writeText(shownToken.token)}
              >
                Copy
              </button>
              <button type="button" className={`${styles.secondary} ${styles.small}`} onClick={() => setShownToken(null)}>
                Done
              </button>
            </div>
            <span className="muted">Copy it now: it is not stored and cannot be shown again.</span>
          </div>
        ) : null}
        {tokens.length === 0 ? (
          <p className="panel-empty">No API tokens yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} data-token-name={token.name}>
                  <td className="name">{token.name}</td>
                  <td>{token.role}</td>
                  <td>
                    {day(token.createdAt)} <span className="muted">by {token.createdBy}</span>
                  </td>
                  <td>{day(token.lastUsedAt)}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className={`${styles.result} ${styles.resultError}`}>revoked {day(token.revokedAt)}</span>
                    ) : (
                      <span className={`${styles.result} ${styles.resultSuccess}`}>active</span>
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? null : (
                      <button
                        type="button"
                        className={`${styles.danger} ${styles.small}`}
                        onClick={() => {
                          setDialogError(null);
                          setConfirm({
                            title: `Revoke "${token.name}"?`,
                            text: "Anything using this token is refused from its next request. This cannot be undone.",
                            label: "Revoke token",
                            danger: true,
                            run: async () => {
                              const result = await sendJson<ApiTokenSummary>("DELETE", `/api/admin/tokens/${token.id}`);
                              if (!result.ok) return explainFailure(result);
                              setTokens((current) => current.map((known) => (known.id === token.id ? result.data : known)));
                              return null;
                            },
                          });
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <ActionDialog
        open={confirm !== null}
        title={confirm?.title ?? ""}
        description={confirm?.text}
        confirmLabel={confirm?.label ?? "Confirm"}
        danger={confirm?.danger}
        busy={busy}
        error={dialogError}
        onConfirm={() => void runConfirm()}
        onClose={() => setConfirm(null)}
        testId="dialog-admin"
      />
      <ActionDialog
        open={passwordFor !== null}
        title={`New password for ${passwordFor?.username ?? ""}`}
        description="Their other sessions end; they sign in with the new password."
        confirmLabel="Set password"
        busy={busy}
        error={dialogError}
        onConfirm={() => {
          if (!passwordFor) return;
          setBusy(true);
          void updateUser(passwordFor, { password }).then((problem) => {
            setBusy(false);
            if (problem) return setDialogError(problem);
            setMessage({ kind: "notice", text: `New password set for ${passwordFor.username}.` });
            setPasswordFor(null);
          });
        }}
        onClose={() => setPasswordFor(null)}
        testId="dialog-password"
      >
        <label className={styles.field}>
          Password (10+ characters)
          <input
            className={styles.input}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoFocus
          />
        </label>
      </ActionDialog>
    </div>
  );
}
