/**
 * The reports read only REPORT_PARAM_KEYS of each event (lib/reports/event-log.ts). This fails
 * when the fold's derivations the reports call start reading another callback parameter, so the
 * key list is updated before a report and the live view can disagree.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPORT_PARAM_KEYS } from "@/lib/reports/event-log";

/** Parameters read as `p.X`, `params.X` or `params["X"]` in a source file. */
function parametersRead(file: string): Set<string> {
  const source = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
  const keys = new Set<string>();
  for (const match of source.matchAll(/\b(?:p|params)\s*(?:\.\s*([A-Z]\w*)|\[\s*"([A-Z]\w*)"\s*\])/g)) keys.add((match[1] ?? match[2])!);
  return keys;
}

describe("the report's parameter projection", () => {
  it("covers every parameter the task and worker derivations read", () => {
    const read = new Set([...parametersRead("lib/metrics/task-facts.ts"), ...parametersRead("lib/metrics/worker-intervals.ts")]);
    // Task attributes feed deriveTaskFacts' `attributes` only, which no report prints.
    read.delete("TaskAttributes");
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((key) => !(REPORT_PARAM_KEYS as readonly string[]).includes(key)).sort()).toEqual([]);
  });
});
