export type PageText = { readonly title: string; readonly lines: readonly string[] };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code` spans of the shared texts as <code>, the rest escaped. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * The page a browser gets instead of raw JSON when it loads the app without valid credentials (a reload after a
 * restart, an address without its token). Self-contained: the app's own files need the credentials it lacks.
 */
export function sessionPage(text: PageText): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="dark light">',
    `<title>${escapeHtml(text.title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{font-size:.95em}</style>',
    '</head><body data-testid="session-page">',
    `<h1>${escapeHtml(text.title)}</h1>`,
    ...text.lines.map((line) => `<p>${inline(line)}</p>`),
    '</body></html>',
  ].join('\n');
}
