import { UserMenu } from "@/components/session/user-menu";
import { loadPageContext } from "@/components/server/page-context";
import { Wallboard } from "@/components/wallboard/wallboard";
import { siteNav } from "@/lib/ui/nav";
import { parseBoardSort } from "@/lib/ui/wallboard";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `/`: the wallboard, in TV mode unless `?tv=0` (desk mode, with links to the detail views);
 * `?sort=sl|waiting|wait|name` (`&dir=asc|desc`) orders the queues.
 */
export default async function WallboardPage({ searchParams }: Props) {
  const { tv: tvParam, sort, dir } = await searchParams;
  const tv = tvParam !== "0" && tvParam !== "false" && tvParam !== "off";
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const context = await loadPageContext({ withSeries: true });
  return (
    <Wallboard
      tv={tv}
      thresholds={context.thresholds}
      setup={context.setup}
      initialSnapshot={context.initialSnapshot}
      showRecentChanges
      // A TV is never clicked: no user menu there.
      actions={!tv && context.session ? <UserMenu session={context.session} links={false} /> : undefined}
      nav={siteNav("wallboard", context.session)}
      initialSeries={context.initialSeries}
      initialSort={parseBoardSort(first(sort), first(dir))}
    />
  );
}
