import { runAdminAction } from "@/lib/admin/action";
import { reassignTask } from "@/lib/admin/reassign-task";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ taskSid: string }> }) {
  return runAdminAction(request, reassignTask, (await params).taskSid);
}
