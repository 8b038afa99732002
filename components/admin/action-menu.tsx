"use client";

import { type CSSProperties, useEffect, useId, useRef, useState } from "react";
import styles from "./admin.module.css";

export type MenuItem = {
  key: string;
  label: string;
  /** Why it cannot be used now; shown under the label. */
  disabledReason?: string | null;
  danger?: boolean;
};

type Props = { label: string; items: MenuItem[]; onSelect(key: string): void; testId?: string };

/** The "⋯" button on a table row and its drop-down; closes on choice, outside click or Esc. */
export function ActionMenu({ label, items, onSelect, testId }: Props) {
  const [position, setPosition] = useState<CSSProperties | null>(null);
  const open = position !== null;
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  // Fixed to the viewport: table panels clip overflow, and the last row's menu must still show.
  const toggle = () => {
    if (open || !button.current) return setPosition(null);
    const rect = button.current.getBoundingClientRect();
    const right = Math.max(8, window.innerWidth - rect.right);
    const upward = rect.bottom + 48 * items.length + 24 > window.innerHeight && rect.top > window.innerHeight / 2;
    setPosition(
      upward
        ? { position: "fixed", right, bottom: window.innerHeight - rect.top + 4, top: "auto" }
        : { position: "fixed", right, top: rect.bottom + 4 },
    );
  };

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !(event.type === "mousedown" && wrap.current?.contains(event.target as Node))
      ) {
        setPosition(null);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    window.addEventListener("scroll", close, true);
    window.addEventListener("resize", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
      window.removeEventListener("scroll", close, true);
      window.removeEventListener("resize", close);
    };
  }, [open]);

  return (
    <div className={styles.menuWrap} ref={wrap}>
      <button
        type="button"
        className={styles.menuButton}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        ref={button}
        onClick={toggle}
        data-testid={testId}
      >
        ⋯
      </button>
      {open ? (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a list styled as a menu, keyboard-driven by this component.
        <ul className={styles.menu} role="menu" id={menuId} style={position ?? undefined}>
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role="menuitem"
                className={`${styles.menuItem} ${item.danger ? styles.menuItemDanger : ""}`}
                aria-disabled={item.disabledReason ? true : undefined}
                data-action={item.key}
                onClick={() => {
                  if (item.disabledReason) return;
                  setPosition(null);
                  onSelect(item.key);
                }}
              >
                {item.label}
                {item.disabledReason ? <span className={styles.menuHint}>{item.disabledReason}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
