/**
 * A fixed-offset zone in which it is late morning at `nowMs`. The simulated centre's daily curve
 * and shifts follow its zone, so a UTC centre run at night is nearly idle (two tasks in an hour);
 * in this zone a test sees the same busy hour whenever it runs.
 */
export function businessHoursZone(nowMs = Date.now(), localHour = 11): string {
  let offset = (localHour - new Date(nowMs).getUTCHours() + 24) % 24;
  // Etc/GMT zones run from UTC−12 to UTC+14.
  if (offset > 14) offset -= 24;
  // Their names invert the sign: Etc/GMT-3 is UTC+3.
  return offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}
