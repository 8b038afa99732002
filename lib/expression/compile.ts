/**
 * Compiles expression source into a reusable predicate, with a small LRU cache: the metrics fold
 * evaluates the same TargetWorkers for every worker, and the emulator re-evaluates the same workflow
 * expressions for every task.
 */
import { evaluateExpression } from "./evaluator";
import { parseExpression } from "./parser";
import { ExpressionSyntaxError, type CompiledExpression, type ExpressionOptions } from "./types";

/** Enough for every queue and workflow expression of a large workspace; oldest-used entries go first. */
export const EXPRESSION_CACHE_LIMIT = 1000;

const cache = new Map<string, CompiledExpression>();

/** Parses `source` once and returns a predicate over worker/task attributes. Throws ExpressionSyntaxError. */
export function compileExpression(source: string, options: ExpressionOptions = {}): CompiledExpression {
  // The scope is part of the key: "skills HAS 'x'" means different things in worker and task scope.
  const key = `${options.defaultScope ?? "-"}\u0000${source}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Re-insert so Map order stays least-recently-used first.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const tree = parseExpression(source, options);
  const compiled: CompiledExpression = (context) => evaluateExpression(tree, context);
  cache.set(key, compiled);
  if (cache.size > EXPRESSION_CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return compiled;
}

export type ExpressionValidation = { ok: true } | { ok: false; message: string; position: number };

/** For callers that must report bad input (the emulator answers Twilio error 20001) instead of throwing. */
export function validateExpression(source: string, options: ExpressionOptions = {}): ExpressionValidation {
  try {
    compileExpression(source, options);
    return { ok: true };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

/** Number of cached compiled expressions (for tests and diagnostics). */
export function expressionCacheSize(): number {
  return cache.size;
}
