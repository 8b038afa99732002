import { runAdminAction } from "@/lib/admin/action";
import { updateUserAction } from "@/lib/admin/manage-users";

export const dynamic = "force-dynamic";

/** `{role?, password?, disabled?}` */
export async function PATCH(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return runAdminAction(request, updateUserAction, (await params).userId);
}
