/**
 * The reports read only REPORT_PARAM_KEYS of each event (lib/reports/event-log.ts) and type them
 * with the one parser. This fails when the parser starts reading another parameter into the
 * task or worker fields that the derivations the reports call use, so the key list is updated
 * before a report and the live view can disagree.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPORT_PARAM_KEYS } from "@/lib/reports/event-log";

/** Parameters read as `r.<reader>("X")` in the named function of lib/events/parse.ts. */
function parametersRead(functionName: string): Set<string> {
  const source = readFileSync(new URL("../../lib/events/parse.ts", import.meta.url), "utf8");
  const start = source.indexOf(`function ${functionName}(`);
  const body = source.slice(start, source.indexOf("\n}\n", start));
  const keys = new Set<string>();
  for (const match of body.matchAll(/\br\.\w+\("([A-Z]\w*)"/g)) keys.add(match[1]!);
  return keys;
}

describe("the report's parameter projection", () => {
  it("covers every parameter the task and worker derivations read", () => {
    const read = new Set([...parametersRead("taskFields"), ...parametersRead("workerFields"), "ReservationVersion"]);
    // Task attributes feed deriveTaskFacts' `attributes` only, which no report prints; worker
    // attributes and version feed the live queue eligibility only; TaskAge is checked, not kept.
    for (const key of ["TaskAttributes", "WorkerAttributes", "WorkerVersion", "TaskAge"]) read.delete(key);
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((key) => !(REPORT_PARAM_KEYS as readonly string[]).includes(key)).sort()).toEqual([]);
  });
});
