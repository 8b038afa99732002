"use client";

import { useEffect, useState } from "react";
import type { SessionInfo } from "@/lib/auth/session-info";

/**
 * The signed-in user, what they may do, and their CSRF token: fetched once per page and shared
 * by every action menu on it (a queue page can have a hundred task rows).
 */
let sessionPromise: Promise<SessionInfo | null> | null = null;

export function loadSession(): Promise<SessionInfo | null> {
  sessionPromise ??= fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } })
    .then(async (response) => (response.ok ? ((await response.json()) as SessionInfo) : null))
    .catch(() => {
      sessionPromise = null; // try again next time: the server may just have been restarting
      return null;
    });
  return sessionPromise;
}

export function useSession(initial: SessionInfo | null = null): SessionInfo | null {
  const [session, setSession] = useState<SessionInfo | null>(initial);
  useEffect(() => {
    if (initial) return;
    let live = true;
    void loadSession().then((loaded) => {
      if (live) setSession(loaded);
    });
    return () => {
      live = false;
    };
  }, [initial]);
  return session;
}

export type ApiFailure = { ok: false; status: number; message: string; field?: string; code?: number | string };
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** A state-changing call from the browser: JSON body, the session's CSRF token in the header. */
export async function sendJson<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body: unknown = {}): Promise<ApiResult<T>> {
  const session = await loadSession();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": session?.csrfToken ?? "" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: "The wallboard server did not answer. Check your connection and try again." };
  }
  const payload = (await response.json().catch(() => null)) as {
    result?: T;
    error?: { message?: string; field?: string; code?: number | string };
  } | null;
  if (response.ok) return { ok: true, status: response.status, data: payload?.result as T };
  const error = payload?.error;
  return {
    ok: false,
    status: response.status,
    message: error?.message ?? `The server answered ${response.status}`,
    ...(error?.field ? { field: error.field } : {}),
    ...(error?.code !== undefined ? { code: error.code } : {}),
  };
}

/** One sentence for a person: what went wrong and, where it helps, what to do. */
export function explainFailure(failure: ApiFailure): string {
  const code = typeof failure.code === "number" ? ` (TaskRouter error ${failure.code})` : "";
  switch (failure.status) {
    case 0:
      return failure.message;
    case 401:
      return "Your session has ended. Sign in again, then retry.";
    case 403:
      return failure.code === "csrf" ? "This page is out of date. Reload it and try again." : failure.message;
    case 404:
      return `${failure.message}${code}. It may have finished or been removed meanwhile.`;
    case 409:
      return `${failure.message}${code}.`;
    case 429:
      return failure.message;
    case 502:
      return `TaskRouter did not accept the change: ${failure.message}`;
    default:
      return `${failure.message}${code}`;
  }
}

type Options = import("@/lib/admin/options").ActionOptions;
let optionsCache: { at: number; promise: Promise<Options | null> } | null = null;

/** Every queue, agent and activity by name, for the dialogs; refreshed after 30 s (agents change activity). */
export function loadActionOptions(): Promise<Options | null> {
  if (!optionsCache || Date.now() - optionsCache.at > 30_000) {
    const promise = fetch("/api/admin/options", { credentials: "same-origin", cache: "no-store" })
      .then(async (response) => (response.ok ? ((await response.json()) as Options) : null))
      .catch(() => null);
    optionsCache = { at: Date.now(), promise };
  }
  return optionsCache.promise;
}

/** The options for an open dialog: the caller's when given, else loaded (null while loading). */
export function useActionOptions(open: boolean, given: Partial<Options>): Options | null {
  const [loaded, setLoaded] = useState<Options | null>(null);
  const complete = given.queues !== undefined && given.workers !== undefined && given.activities !== undefined;
  useEffect(() => {
    if (!open || complete) return;
    let live = true;
    void loadActionOptions().then((options) => {
      if (live) setLoaded(options);
    });
    return () => {
      live = false;
    };
  }, [open, complete]);
  if (complete) return given as Options;
  if (!loaded) return null;
  return {
    queues: given.queues ?? loaded.queues,
    workers: given.workers ?? loaded.workers,
    activities: given.activities ?? loaded.activities,
  };
}
