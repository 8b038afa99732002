/** One TaskRouter event callback, validated, with the columns the event log indexes. */
export type TaskRouterEvent = {
  /** The callback's `Sid` (EV…): the event's identity. */
  sid: string;
  eventType: string;
  /** Event time in epoch milliseconds (`TimestampMs`, else `Timestamp`). */
  timeMs: number;
  workspaceSid: string | null;
  resourceSid: string | null;
  taskSid: string | null;
  workerSid: string | null;
  taskQueueSid: string | null;
  workflowSid: string | null;
  reservationSid: string | null;
  /** Every parameter exactly as posted; TaskRouter sends strings only. */
  params: Readonly<Record<string, string>>;
};
