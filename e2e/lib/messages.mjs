// The Fluent messages of the three languages, read from the app's own .ftl
// files: the tests find buttons and headings by their translated text, and
// scan pages for message ids that were shown untranslated.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LANGS = ['fi', 'sv', 'en'];

/** Parses one .ftl file into Map(id → value); multi-line values are joined. */
export function parseFtl(source) {
  const messages = new Map();
  let current = null;
  for (const line of source.split('\n')) {
    const m = /^([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s?(.*)$/.exec(line);
    if (m) {
      current = m[1];
      messages.set(current, m[2]);
    } else if (current && /^\s+\S/.test(line)) {
      messages.set(current, `${messages.get(current)}\n${line.trim()}`.trim());
    } else {
      current = null;
    }
  }
  return messages;
}

/** All messages of a language: every topic file in its directory, as the app loads them. */
function languageMessages(lang) {
  const dir = path.join(ROOT, 'crates/web/locales', lang);
  const files = readdirSync(dir).filter((name) => name.endsWith('.ftl')).sort();
  return new Map(files.flatMap((name) => [...parseFtl(readFileSync(path.join(dir, name), 'utf8'))]));
}

export const MESSAGES = Object.fromEntries(LANGS.map((lang) => [lang, languageMessages(lang)]));

/** Every message id of any language. */
export const ALL_IDS = new Set(LANGS.flatMap((l) => [...MESSAGES[l].keys()]));

/** The words before the first hyphen of the ids (`label`, `error`, `nav`…). */
const ID_PREFIXES = new Set([...ALL_IDS].filter((id) => id.includes('-')).map((id) => id.split('-')[0]));

/** Hyphenated words the translations themselves use ("sign-ins", "e-post"). */
const VALUE_WORDS = new Set(
  LANGS.flatMap((l) => [...MESSAGES[l].values()].flatMap((v) => v.toLowerCase().match(/[\p{L}\p{N}_-]+/gu) ?? [])),
);

/**
 * The text of message `id` in `lang`, for simple messages (no placeables).
 * Throws for a message that does not exist, so a renamed id fails loudly.
 */
export function msg(lang, id) {
  const value = MESSAGES[lang].get(id);
  if (value === undefined) throw new Error(`no message ${id} in ${lang}`);
  if (value.includes('{')) throw new Error(`message ${id} has placeables; match it another way`);
  return value;
}

/**
 * Strings in `text` that are message ids shown as themselves: the app's i18n
 * answers a missing message with its id. A token counts when it is a known id,
 * or when it has an id's shape and starts like the ids do (`label-…`,
 * `error-…`) without being a word the translations use.
 */
export function untranslatedIds(text) {
  const found = new Set();
  for (const [token] of text.matchAll(/(?<![\p{L}\p{N}_-])[a-z][a-z0-9_]*(?:-[a-z0-9_]+)+(?![\p{L}\p{N}_-])/gu)) {
    if (ALL_IDS.has(token) || (ID_PREFIXES.has(token.split('-')[0]) && !VALUE_WORDS.has(token))) found.add(token);
  }
  // A code shown as it is stored (`joint_authority`, `unit_head`) instead of its label.
  for (const [token] of text.matchAll(/(?<![\p{L}\p{N}_.@-])[a-z]+(?:_[a-z]+)+(?![\p{L}\p{N}_@-])/gu)) found.add(token);
  // A Fluent placeable whose argument was not passed.
  for (const [token] of text.matchAll(/\{\s*\$[a-z_-]+\s*\}/g)) found.add(token);
  return [...found];
}
