import { runAdminAction } from "@/lib/admin/action";
import { revokeTokenAction } from "@/lib/admin/manage-tokens";

export const dynamic = "force-dynamic";

/** Revokes the token (kept, marked revoked, for the record). */
export async function DELETE(request: Request, { params }: { params: Promise<{ tokenId: string }> }) {
  return runAdminAction(request, revokeTokenAction, (await params).tokenId);
}
