/** The app's top-level views, in navigation order; Ctrl/Cmd+1…7 follow this order. */
export const VIEWS = [
  { id: 'library', label: 'Library' },
  { id: 'editor', label: 'Editor' },
  { id: 'batch', label: 'Batch' },
  { id: 'train', label: 'Train' },
  { id: 'models', label: 'Models' },
  { id: 'generate', label: 'Generate' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
