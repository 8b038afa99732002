/**
 * The TaskRouter expression language (targetWorkers, workflow filters and targets).
 * Implementation lives in this folder; this file is its public surface.
 */
export type ExpressionScope = "worker" | "task";

export type ExpressionContext = {
  worker?: Record<string, unknown>;
  task?: Record<string, unknown>;
};

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position} in ${JSON.stringify(expression)}`);
    this.name = "ExpressionSyntaxError";
  }
}

export type CompiledExpression = (context: ExpressionContext) => boolean;

export { compileExpression } from "./compile";
