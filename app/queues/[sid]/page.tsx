import { notFound } from "next/navigation";
import { loadPageContext } from "@/components/server/page-context";
import { QueueDetail } from "@/components/queue/queue-detail";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ sid: string }> };

export default async function QueuePage({ params }: Props) {
  const { sid } = await params;
  if (!/^WQ\w{1,62}$/.test(sid)) notFound();
  const context = await loadPageContext({ queueSid: sid });
  if (context.initialSnapshot && !context.initialSnapshot.queues.some((queue) => queue.sid === sid)) notFound();
  return <QueueDetail queueSid={sid} thresholds={context.thresholds} initialSnapshot={context.initialSnapshot} />;
}
