import { parse } from 'svelte/compiler';

/** Attributes whose text people read or hear; the rest (class, data-testid, type…) are for code. */
const VISIBLE_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label', 'hint', 'message', 'confirmLabel']);
/** Words that stay as they are in every language: the name, and the key-cap spelling of Ctrl. */
const UNTRANSLATED = new Set(['Kintsugi', 'Ctrl+']);

export interface LiteralFinding {
  text: string;
  /** Offset in the file. */
  start: number;
}

type Node = { type?: string; start?: number; [key: string]: unknown };

/** Text a person would read: it has letters and is not a brand name. */
function isReadableText(text: string): boolean {
  const trimmed = text.trim();
  return /\p{L}/u.test(trimmed) && !UNTRANSLATED.has(trimmed);
}

/**
 * Prose inside code: a string with letters that holds a space or starts like a sentence. Message keys
 * (`library.title`), identifiers (`files`) and codes (`E_IO`) hold neither.
 */
function isProse(text: string): boolean {
  if (!/\p{L}{2,}/u.test(text) || UNTRANSLATED.has(text.trim())) return false;
  return /\p{L}\s+\p{L}/u.test(text) || /^\s*\p{Lu}\p{Ll}/u.test(text);
}

function isConsoleCall(node: Node): boolean {
  const callee = node.callee as Node | undefined;
  return node.type === 'CallExpression' && callee?.type === 'MemberExpression' && (callee.object as Node).type === 'Identifier' && (callee.object as { name: string }).name === 'console';
}

/**
 * The user-visible strings a Svelte component still spells out instead of taking from the catalogues: template
 * text, visible attributes, and prose string literals in its script and template expressions (log lines and
 * import paths excepted).
 */
export function findTemplateLiterals(source: string): LiteralFinding[] {
  const ast = parse(source, { modern: true }) as unknown as Node;
  const found: LiteralFinding[] = [];
  const add = (text: string, start: number | undefined): void => {
    found.push({ text: text.trim(), start: start ?? 0 });
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    switch (n.type) {
      case 'Comment':
      case 'ImportDeclaration':
        return;
      case 'RegularElement':
        // Key caps (Ctrl, Enter, B) read the same in every language; what a kbd holds through t() is checked there.
        if (n.name === 'kbd') {
          walkExpressionsOnly(n.fragment);
          return;
        }
        break;
      case 'Text':
        if (isReadableText(String(n.data))) add(String(n.data), n.start);
        return;
      case 'Attribute': {
        const visible = VISIBLE_ATTRIBUTES.has(String(n.name));
        const values = Array.isArray(n.value) ? n.value : [n.value];
        for (const value of values as Node[]) {
          if (value?.type === 'Text') {
            if (visible && isReadableText(String(value.data))) add(String(value.data), value.start);
          } else walk(value);
        }
        return;
      }
      case 'Literal':
        if (typeof n.value === 'string' && isProse(n.value)) add(n.value, n.start);
        return;
      case 'TemplateElement': {
        const cooked = (n.value as { cooked?: string }).cooked ?? '';
        if (isProse(cooked)) add(cooked, n.start);
        return;
      }
      case 'CallExpression':
        if (isConsoleCall(n)) return;
        break;
      case 'BinaryExpression':
        // `e.key === 'Enter'` compares with a value of code, not a sentence.
        for (const side of [n.left, n.right] as Node[]) if (side.type !== 'Literal') walk(side);
        return;
      default:
        break;
    }
    for (const [key, value] of Object.entries(n)) {
      // Styles are not text; `loc` is positions, `metadata` the compiler's notes.
      if (key === 'css' || key === 'loc' || key === 'metadata') continue;
      walk(value);
    }
  };
  /** Inside a kbd: plain text is a key name; expressions are still searched for prose. */
  const walkExpressionsOnly = (fragment: unknown): void => {
    for (const child of ((fragment as { nodes?: Node[] })?.nodes ?? [])) if (child.type !== 'Text') walk(child);
  };
  walk(ast);
  return found.sort((a, b) => a.start - b.start);
}
