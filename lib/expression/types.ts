/**
 * Shared types of the expression language. Kept apart from index.ts so the tokenizer and parser can
 * import ExpressionSyntaxError without a circular import through the public surface.
 */
export type ExpressionScope = "worker" | "task";

export type ExpressionContext = {
  worker?: Record<string, unknown>;
  task?: Record<string, unknown>;
};

export type CompiledExpression = (context: ExpressionContext) => boolean;

export type ExpressionOptions = {
  /**
   * Which document a bare attribute name (no `worker.` / `task.` prefix) refers to: `"worker"` for a
   * TaskQueue's TargetWorkers, `"task"` for a Workflow filter expression. Leave it out for a Workflow
   * target expression, where Twilio requires every attribute to be prefixed: bare names are then a
   * syntax error.
   */
  defaultScope?: ExpressionScope;
};

export class ExpressionSyntaxError extends Error {
  /** The message without the position/expression suffix. */
  readonly detail: string;

  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position} in ${JSON.stringify(expression)}`);
    this.name = "ExpressionSyntaxError";
    this.detail = message;
  }
}
