/** Domain types shared by main and renderer. Schemas live in ./contract; these are their inferred shapes. */
export type {
  BackendName,
  BackendPreference,
  BackendReport,
  BackendAttempt,
  ImageSummary,
  ImageRecord,
  ImportSummary,
  ImportFailure,
  ImportDuplicate,
  ImportSkip,
  Project,
  Settings,
  SystemInfo,
  DirectoryListing,
  DirectoryEntry,
} from './contract/index.js';
