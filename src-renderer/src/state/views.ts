/** The app's top-level views, in navigation order; Ctrl/Cmd+1…7 follow this order. Names are `nav.<id>` messages. */
export const VIEWS = [{ id: 'library' }, { id: 'editor' }, { id: 'batch' }, { id: 'train' }, { id: 'models' }, { id: 'generate' }, { id: 'settings' }] as const;

export type ViewId = (typeof VIEWS)[number]['id'];
