import { UserMenu } from "@/components/session/user-menu";
import { AgentsView } from "@/components/agents/agents-view";
import { loadPageContext } from "@/components/server/page-context";
import { normaliseStateFilter } from "@/lib/ui/agents";
import { siteNav } from "@/lib/ui/nav";

export const dynamic = "force-dynamic";
export const metadata = { title: "Agents" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AgentsPage({ searchParams }: Props) {
  const query = await searchParams;
  const queue = single(query.queue);
  const context = await loadPageContext();
  return (
    <AgentsView
      initialSnapshot={context.initialSnapshot}
      actions={context.session ? <UserMenu session={context.session} links={false} /> : undefined}
      nav={siteNav("agents", context.session)}
      canAct={Boolean(context.session?.can["worker.activity"])}
      awayLimits={context.thresholds.away}
      initialFilter={{
        queueSid: queue && /^WQ\w{1,62}$/.test(queue) ? queue : null,
        activity: normaliseStateFilter(single(query.activity) || null),
        name: single(query.q) ?? "",
        team: single(query.team)?.trim() || null,
        skill: single(query.skill)?.trim() || null,
      }}
    />
  );
}
