import { startTestApp } from "@/tests/support/app";
const app = await startTestApp({ DASHBOARD_TIMEZONE: "Europe/London", SIMULATOR: "on", SIMULATOR_SPEED: "600", SIMULATOR_HISTORY_HOURS: "3" });
console.log(`URL ${app.url}`);
process.on("SIGTERM", async () => { await app.close(); process.exit(0); });
setInterval(() => {}, 1 << 30);
