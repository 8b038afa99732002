import { runAdminAction } from "@/lib/admin/action";
import { reprioritiseTask } from "@/lib/admin/reprioritise-task";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ taskSid: string }> }) {
  return runAdminAction(request, reprioritiseTask, (await params).taskSid);
}
