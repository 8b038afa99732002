import { notFound } from "next/navigation";
import { UserMenu } from "@/components/session/user-menu";
import { loadPageContext } from "@/components/server/page-context";
import { QueueDetail } from "@/components/queue/queue-detail";
import { siteNav } from "@/lib/ui/nav";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ sid: string }> };

export default async function QueuePage({ params }: Props) {
  const { sid } = await params;
  if (!/^WQ\w{1,62}$/.test(sid)) notFound();
  const context = await loadPageContext({ queueSid: sid, withSeries: true });
  if (context.initialSnapshot && !context.initialSnapshot.queues.some((queue) => queue.sid === sid)) notFound();
  return (
    <QueueDetail
      queueSid={sid}
      thresholds={context.thresholds}
      initialSnapshot={context.initialSnapshot}
      queueOptions={context.queueOptions}
      canAct={Boolean(context.session && (context.session.can["task.priority"] || context.session.can["worker.activity"]))}
      actions={context.session ? <UserMenu session={context.session} links={false} /> : undefined}
      nav={siteNav(null, context.session)}
      initialSeries={context.initialSeries}
    />
  );
}
