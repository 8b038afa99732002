import { loadPageContext } from "@/components/server/page-context";
import { Wallboard } from "@/components/wallboard/wallboard";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/`: the wallboard, in TV mode unless `?tv=0` (desk mode, with links to the detail views). */
export default async function WallboardPage({ searchParams }: Props) {
  const { tv } = await searchParams;
  const context = await loadPageContext();
  return (
    <Wallboard
      tv={tv !== "0" && tv !== "false" && tv !== "off"}
      thresholds={context.thresholds}
      thresholdsProblem={context.thresholdsProblem}
      setup={context.setup}
      initialSnapshot={context.initialSnapshot}
    />
  );
}
