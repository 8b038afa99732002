"use client";

import { useEffect, useRef, useState } from "react";
import { alertTitle, NOTIFY_STORAGE_KEY, notificationText, turnedCritical } from "@/lib/ui/alerts";
import type { QueueRowModel } from "@/lib/ui/wallboard";

/** Two short tones; made in the page (no file to load), so a TV kiosk with sound on plays it. */
function playAlertSound(): void {
  const AudioContextClass = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!AudioContextClass) return;
  try {
    const context = new AudioContextClass();
    for (const [offset, frequency] of [
      [0, 880],
      [0.3, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.22);
    }
    setTimeout(() => void context.close(), 1_000);
  } catch {
    // A browser that refuses audio without a gesture: the title and the row still say it.
  }
}

export function notificationsWanted(): boolean {
  try {
    return (
      typeof Notification !== "undefined" && Notification.permission === "granted" && localStorage.getItem(NOTIFY_STORAGE_KEY) === "on"
    );
  } catch {
    return false;
  }
}

/**
 * A board's alerts when a queue turns critical: the tab title names the critical queues (always),
 * a sound plays on boards that opt in (`?sound=1`), and a browser notification appears for desk
 * users who turned them on. Queues already critical when the page opens are not announced again.
 */
export function useBoardAlerts(rows: readonly QueueRowModel[], { sound }: { sound: boolean }): void {
  const baseTitle = useRef<string | null>(null);
  const previous = useRef<Set<string> | null>(null);

  useEffect(() => {
    baseTitle.current ??= document.title;
    document.title = alertTitle(baseTitle.current, rows);
  }, [rows]);
  useEffect(
    () => () => {
      if (baseTitle.current !== null) document.title = baseTitle.current;
    },
    [],
  );

  useEffect(() => {
    const { critical, entered } = turnedCritical(previous.current ?? new Set(), rows);
    const first = previous.current === null;
    previous.current = critical;
    if (first || entered.length === 0) return;
    if (sound) playAlertSound();
    if (notificationsWanted()) {
      const { title, body } = notificationText(entered);
      try {
        new Notification(title, { body, tag: "wallboard-critical" });
      } catch {
        // Some browsers only notify from a service worker; the title still says it.
      }
    }
  }, [rows, sound]);
}

/** Desk mode's switch for browser notifications (asks the browser's permission on first use). */
export function useNotificationChoice(): {
  state: "unsupported" | "blocked" | "on" | "off";
  toggle(): void;
} {
  const [state, setState] = useState<"unsupported" | "blocked" | "on" | "off">("off");
  useEffect(() => {
    if (typeof Notification === "undefined") setState("unsupported");
    else if (Notification.permission === "denied") setState("blocked");
    else setState(notificationsWanted() ? "on" : "off");
  }, []);
  const toggle = () => {
    if (typeof Notification === "undefined") return;
    if (state === "on") {
      localStorage.setItem(NOTIFY_STORAGE_KEY, "off");
      setState("off");
      return;
    }
    void Notification.requestPermission().then((permission) => {
      if (permission === "granted") {
        localStorage.setItem(NOTIFY_STORAGE_KEY, "on");
        setState("on");
      } else setState(permission === "denied" ? "blocked" : "off");
    });
  };
  return { state, toggle };
}
