import { runAdminAction } from "@/lib/admin/action";
import { cancelTask } from "@/lib/admin/cancel-task";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ taskSid: string }> }) {
  return runAdminAction(request, cancelTask, (await params).taskSid);
}
