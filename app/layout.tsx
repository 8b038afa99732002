import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TaskRouter Wallboard", template: "%s · TaskRouter Wallboard" },
  description: "Live TaskRouter queues, service level and agents for supervisors.",
};

export const viewport: Viewport = { themeColor: "#0a0e14", colorScheme: "dark" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body>{children}</body>
    </html>
  );
}
