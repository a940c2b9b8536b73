// Update policy: whether this installation updates itself, when to check, when to install, and the
// status the user sees. Pure and browser-safe; main/electron/updater/update-controller.ts wires it to electron-updater.
export { updateAvailability, DISABLE_UPDATES_ENV, type UpdateEnvironment, type UpdateAvailability } from './availability.ts';
export {
  decideCheck,
  decideInstall,
  nextCheckAt,
  isBusyPhase,
  DEFAULT_UPDATE_SCHEDULE,
  type UpdateSchedule,
  type CheckHistory,
  type CheckDecision,
  type InstallDecision,
  type UpdaterPhase,
} from './schedule.ts';
export {
  updateStatusSchema,
  updateVersionSchema,
  UPDATE_DISABLED_REASONS,
  UPDATE_PROBLEMS,
  type UpdateStatus,
  type UpdateProblem,
  type UpdateDisabledReason,
} from '../contract/updates.ts';
