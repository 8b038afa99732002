import { UserMenu } from "@/components/session/user-menu";
import { loadPageContext } from "@/components/server/page-context";
import { Wallboard } from "@/components/wallboard/wallboard";
import { siteNav } from "@/lib/ui/nav";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/`: the wallboard, in TV mode unless `?tv=0` (desk mode, with links to the detail views). */
export default async function WallboardPage({ searchParams }: Props) {
  const { tv: tvParam } = await searchParams;
  const tv = tvParam !== "0" && tvParam !== "false" && tvParam !== "off";
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
    />
  );
}
