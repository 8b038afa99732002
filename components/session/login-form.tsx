"use client";

import { type FormEvent, useState } from "react";
import styles from "@/components/chrome/controls.module.css";

const FORM_ERRORS: Record<string, string> = {
  credentials: "Wrong username or password.",
  "rate-limited": "Too many failed sign-ins. Wait a few minutes, then try again.",
  missing: "Enter your username and password.",
};

type Props = { next: string; error?: string | null; retryAfterSeconds?: number | null };

/**
 * Posts JSON and follows `next` on success. Also works as a plain HTML form (the server answers
 * with redirects), so a screen whose JavaScript failed to load can still sign in.
 */
export function LoginForm({ next, error: initialError = null, retryAfterSeconds = null }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    initialError
      ? `${FORM_ERRORS[initialError] ?? "Sign-in failed."}${retryAfterSeconds ? ` (about ${Math.ceil(retryAfterSeconds / 60)} min)` : ""}`
      : null,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return setError(FORM_ERRORS.missing ?? null);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ username, password, remember, next }),
      });
      const body = (await response.json().catch(() => null)) as { next?: string; error?: { message?: string } } | null;
      if (response.ok) {
        window.location.assign(body?.next ?? next);
        return;
      }
      setError(body?.error?.message ?? `Sign-in failed (${response.status}).`);
    } catch {
      setError("The wallboard server did not answer. Check your connection and try again.");
    }
    setBusy(false);
    setPassword("");
  };

  return (
    <form className={styles.stack} method="post" action="/api/auth/login" onSubmit={(event) => void submit(event)} data-testid="login-form">
      <input type="hidden" name="next" value={next} />
      <label className={styles.field}>
        Username
        <input
          className={styles.input}
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <label className={styles.field}>
        Password
        <input
          className={styles.input}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </label>
      <label className={styles.check}>
        <input type="checkbox" name="remember" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
        Keep me signed in on this screen for 30 days (wallboard TVs)
      </label>
      {error ? (
        <p className={styles.error} role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className={styles.primary} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
