import { SignOutPanel } from "@/components/session/sign-out-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign out" };

/** A page, not a link that signs out on GET: another site cannot sign anyone out by linking here. */
export default function LogoutPage() {
  return <SignOutPanel />;
}
