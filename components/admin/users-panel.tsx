"use client";

import { useState } from "react";
import { RoleField } from "./role-field";
import styles from "@/components/chrome/controls.module.css";
import { explainFailure, sendJson } from "@/components/session/session-client";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/auth/users";
import { ActionDialog } from "./action-dialog";
import { PanelNotice, ROLE_HELP } from "./admin-console";
import { type PanelMessage, useConfirm } from "./use-confirm";

type Props = { initial: UserSummary[]; currentUserId: string | null; formatDay(iso: string | null): string };

/** Users: create, change role, disable or enable (never oneself), set a new password. */
export function UsersPanel({ initial, currentUserId, formatDay: day }: Props) {
  const [users, setUsers] = useState(initial);
  const [message, setMessage] = useState<PanelMessage>(null);
  const [newUser, setNewUser] = useState({ username: "", password: "", role: "viewer" as Role });
  const [passwordFor, setPasswordFor] = useState<UserSummary | null>(null);
  const [password, setPassword] = useState("");
  const [passwordBusy, setPasswordBusy] = useState(false);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const confirm = useConfirm("dialog-admin");

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
    setUsers((current) => current.map((known) => (known.id === result.data.id ? result.data : known)));
    return null;
  };

  return (
    <>
      <PanelNotice message={message} />
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
          <RoleField value={newUser.role} onChange={(role) => setNewUser({ ...newUser, role })} />
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
                      confirm.ask({
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
                      confirm.ask({
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
      {confirm.dialog}
      <ActionDialog
        open={passwordFor !== null}
        title={`New password for ${passwordFor?.username ?? ""}`}
        description="Their other sessions end; they sign in with the new password."
        confirmLabel="Set password"
        busy={passwordBusy}
        error={passwordError}
        onConfirm={() => {
          if (!passwordFor) return;
          setPasswordBusy(true);
          void updateUser(passwordFor, { password }).then((problem) => {
            setPasswordBusy(false);
            if (problem) return setPasswordError(problem);
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
    </>
  );
}
