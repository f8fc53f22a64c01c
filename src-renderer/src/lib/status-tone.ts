/** What a status means for the user, which sets its badge's colour: idle, working, done, broken, or needs them. */
export type StatusTone = 'neutral' | 'active' | 'success' | 'danger' | 'warning';
