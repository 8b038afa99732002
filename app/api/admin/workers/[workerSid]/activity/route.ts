import { runAdminAction } from "@/lib/admin/action";
import { changeWorkerActivity } from "@/lib/admin/change-worker-activity";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ workerSid: string }> }) {
  return runAdminAction(request, changeWorkerActivity, (await params).workerSid);
}
