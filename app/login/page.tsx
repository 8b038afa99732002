import { redirect } from "next/navigation";
import { LoginForm } from "@/components/session/login-form";
import styles from "@/components/chrome/controls.module.css";
import { safeNextPath } from "@/lib/auth/login";
import { pagePrincipal } from "@/lib/auth/next-page";
import { BrandMark } from "@/components/chrome/brand-mark";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = safeNextPath(single(query.next));
  const { principal, services } = await pagePrincipal();
  if (principal) redirect(next);
  const retry = Number(single(query.retry));
  return (
    <main className={styles.loginPage}>
      <div className={styles.loginCard}>
        <h1 className={styles.loginTitle}>
          <BrandMark />
          TaskRouter Wallboard
        </h1>
        <LoginForm next={next} error={single(query.error) ?? null} retryAfterSeconds={Number.isFinite(retry) && retry > 0 ? retry : null} />
        <p className={styles.loginHint}>
          {services.env.mode === "embedded" && !services.env.admin.password
            ? "First start? The admin password was printed once in the server's log. Set ADMIN_USERNAME and ADMIN_PASSWORD to choose your own."
            : "Accounts are made by an admin on the Users & tokens page."}
        </p>
      </div>
    </main>
  );
}
