"use client";

import { useState } from "react";
import styles from "@/components/chrome/controls.module.css";
import { signOut } from "./user-menu";
import { BrandMark } from "@/components/chrome/brand-mark";

export function SignOutPanel() {
  const [busy, setBusy] = useState(false);
  return (
    <main className={styles.loginPage}>
      <div className={styles.loginCard}>
        <h1 className={styles.loginTitle}>
          <BrandMark />
          Sign out?
        </h1>
        <p className={styles.loginHint}>This ends your session on this screen and closes its live connection.</p>
        <button
          type="button"
          className={styles.primary}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void signOut();
          }}
        >
          {busy ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </main>
  );
}
