/**
 * Twilio's REST error shape. The engine throws these; the HTTP layer answers them as
 * `{code, message, more_info, status}` so the `twilio` SDK raises a RestException with the same fields.
 */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorError";
  }

  get moreInfo(): string {
    return `https://www.twilio.com/docs/errors/${this.code}`;
  }

  toJSON(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: this.moreInfo, status: this.status };
  }
}

/** 20001: a parameter is missing, malformed, or not allowed in the resource's current state. */
export const invalidParameter = (message: string): EmulatorError => new EmulatorError(400, 20001, message);

/** 20404: no such resource (Twilio's message names the path; ours names the resource). */
export const notFound = (what: string): EmulatorError => new EmulatorError(404, 20404, `The requested resource ${what} was not found`);

/** 20412: `If-Match` names another version than the resource's ETag (Twilio: "Precondition failed"). */
export const preconditionFailed = (message: string): EmulatorError => new EmulatorError(412, 20412, message);

/** 20003: HTTP Basic credentials missing or wrong. */
export const authenticationFailed = (): EmulatorError => new EmulatorError(401, 20003, "Authenticate");
