"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { Ref } from "react";
import styles from "@/components/chrome/controls.module.css";

export type MenuItem = {
  key: string;
  label: string;
  /** Why it cannot be used now; shown under the label. */
  disabledReason?: string | null;
  danger?: boolean;
};

type Props = {
  label: string;
  items: MenuItem[];
  onSelect(key: string): void;
  testId?: string;
  /** The ⋯ button, for a dialog opened from the menu to give the focus back to when it closes. */
  triggerRef?: Ref<HTMLButtonElement>;
};

/**
 * The "⋯" button on a table row and its drop-down (Radix: arrow keys, typeahead, Esc, focus
 * returned to the button; portalled, so table panels that clip overflow do not cut it).
 */
export function ActionMenu({ label, items, onSelect, testId, triggerRef }: Props) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger ref={triggerRef} className={styles.menuButton} aria-label={label} data-testid={testId}>
        ⋯
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className={styles.menu} align="end" sideOffset={4} collisionPadding={8} loop>
          {items.map((item) => (
            <DropdownMenu.Item
              key={item.key}
              className={`${styles.menuItem} ${item.danger ? styles.menuItemDanger : ""}`}
              disabled={Boolean(item.disabledReason)}
              data-action={item.key}
              onSelect={() => onSelect(item.key)}
            >
              {item.label}
              {item.disabledReason ? <span className={styles.menuHint}>{item.disabledReason}</span> : null}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
