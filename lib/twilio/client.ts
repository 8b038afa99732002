import twilio from "twilio";

export type TwilioClient = ReturnType<typeof twilio>;

export type TwilioCredentials = { accountSid: string; authToken: string; baseUrl?: string | undefined };

/** The SDK client; `baseUrl` points TaskRouter calls at an emulator (region/edge must stay unset then). */
export function createTwilioClient({ accountSid, authToken, baseUrl }: TwilioCredentials): TwilioClient {
  const client = twilio(accountSid, authToken, { autoRetry: true, maxRetries: 3 });
  if (baseUrl) client.taskrouter.baseUrl = baseUrl.replace(/\/+$/, "");
  return client;
}

/** Twilio's REST error (`RestException`) as plain data, for API answers and the audit log. */
export type TwilioErrorInfo = { status: number; code: number | null; message: string; moreInfo: string | null };

export function twilioErrorInfo(error: unknown): TwilioErrorInfo | null {
  if (typeof error !== "object" || error === null || !("status" in error)) return null;
  const e = error as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
  if (typeof e.status !== "number") return null;
  return {
    status: e.status,
    code: typeof e.code === "number" ? e.code : null,
    message: typeof e.message === "string" ? e.message : "TaskRouter request failed",
    moreInfo: typeof e.moreInfo === "string" ? e.moreInfo : null,
  };
}
