/** The traffic simulator for the TaskRouter emulator. See lib/emulator/README.md. */
export { startSimulator, type Simulator, type SimulatorOptions, type SimulatorSummary, type TwilioFeatures } from "./simulator";
export { DEFAULT_TRAFFIC, type TrafficProfile, type DemandStream, type AgentHabits } from "./traffic";
export { Random } from "./random";
