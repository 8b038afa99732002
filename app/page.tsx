import { UserMenu } from "@/components/session/user-menu";
import { loadPageContext } from "@/components/server/page-context";
import { Wallboard } from "@/components/wallboard/wallboard";
import { siteNav } from "@/lib/ui/nav";
import { parseBoardSort, parseBoardWindow } from "@/lib/ui/wallboard";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `/`: the wallboard, in TV mode unless `?tv=0` (desk mode, with links to the detail views);
 * `?sort=sl|waiting|wait|name` (`&dir=asc|desc`) orders the queues; `?window=30` shows service
 * level and counts over the last 30 minutes (15, 30, 60, 120, 240) instead of today; `?sound=1`
 * plays a tone when a queue turns critical.
 */
export default async function WallboardPage({ searchParams }: Props) {
  const { tv: tvParam, sort, dir, window: windowParam, sound } = await searchParams;
  const tv = tvParam !== "0" && tvParam !== "false" && tvParam !== "off";
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const minutes = parseBoardWindow(first(windowParam));
  const context = await loadPageContext({ withSeries: true, minutes });
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
      windowMinutes={minutes}
      sound={first(sound) === "1" || first(sound) === "on"}
    />
  );
}
