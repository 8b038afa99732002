"use client";

import { useState } from "react";
import { RoleField } from "./role-field";
import styles from "@/components/chrome/controls.module.css";
import { explainFailure, sendJson } from "@/components/session/session-client";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import type { Role } from "@/lib/auth/roles";
import { PanelNotice } from "./admin-console";
import { type PanelMessage, useConfirm } from "./use-confirm";

type Props = { initial: ApiTokenSummary[]; formatDay(iso: string | null): string };

/** API tokens: create (the secret shown once) and revoke. */
export function TokensPanel({ initial, formatDay: day }: Props) {
  const [tokens, setTokens] = useState(initial);
  const [message, setMessage] = useState<PanelMessage>(null);
  const [newToken, setNewToken] = useState({ name: "", role: "viewer" as Role });
  const [shownToken, setShownToken] = useState<{ name: string; token: string } | null>(null);
  const confirm = useConfirm("dialog-admin");

  const createToken = async () => {
    setMessage(null);
    const result = await sendJson<ApiTokenSummary & { token: string }>("POST", "/api/admin/tokens", newToken);
    if (!result.ok) return setMessage({ kind: "error", text: explainFailure(result) });
    const { token, ...summary } = result.data;
    setTokens((current) => [summary, ...current]);
    setShownToken({ name: summary.name, token });
    setNewToken({ name: "", role: "viewer" });
  };

  return (
    <>
      <PanelNotice message={message} />
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
          <RoleField value={newToken.role} onChange={(role) => setNewToken({ ...newToken, role })} />
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
                          confirm.ask({
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
      {confirm.dialog}
    </>
  );
}
