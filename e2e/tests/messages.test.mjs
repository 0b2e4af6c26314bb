// Languages, statically: every message id exists in fi, sv and en, and every
// message id the pages and the use cases name literally exists.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LANGS, MESSAGES, ALL_IDS, ROOT } from '../lib/messages.mjs';

function files(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

test('every message id exists in all three languages', () => {
  const missing = [];
  for (const lang of LANGS) for (const id of ALL_IDS) if (!MESSAGES[lang].has(id)) missing.push(`${lang}: ${id}`);
  assert.deepEqual(missing, [], `messages missing:\n${missing.join('\n')}`);
});

test('no message is empty or left in another language', () => {
  const bad = [];
  for (const lang of LANGS) {
    for (const [id, value] of MESSAGES[lang]) if (!value.trim()) bad.push(`${lang}: ${id} is empty`);
  }
  // A Swedish or English value identical to the Finnish one is usually a
  // copy left untranslated (names and codes excepted).
  const same = new Set(['nav-label', 'label-business_id', 'field-customer-business_id', 'feed-name']);
  for (const lang of ['sv', 'en']) {
    for (const [id, value] of MESSAGES[lang]) {
      if (value.length > 12 && value === MESSAGES.fi.get(id) && !same.has(id)) bad.push(`${lang}: ${id} is the Finnish text`);
    }
  }
  assert.deepEqual(bad, [], bad.join('\n'));
});

test('every message id the templates and use cases name exists', () => {
  const used = new Map();
  const note = (id, where) => used.set(id, [...(used.get(id) ?? []), where]);
  for (const f of files(path.join(ROOT, 'crates/web/templates'), '.html')) {
    for (const [, id] of readFileSync(f, 'utf8').matchAll(/\.t\("([a-z0-9_-]+)"\)/g)) note(id, path.relative(ROOT, f));
  }
  for (const f of files(path.join(ROOT, 'crates/web/src'), '.rs')) {
    for (const [, id] of readFileSync(f, 'utf8').matchAll(/\bt\("([a-z0-9_-]+)"\)/g)) note(id, path.relative(ROOT, f));
  }
  // Field error codes come from the domain and the use cases as literals.
  for (const dir of ['crates/domain/src', 'crates/app/src']) {
    for (const f of files(path.join(ROOT, dir), '.rs')) {
      // The demo generator's errors are for the command line, which prints ids.
      if (f.endsWith(path.join('app', 'src', 'demo.rs'))) continue;
      for (const [, id] of readFileSync(f, 'utf8').matchAll(/"(error-[a-z0-9_-]+)"/g)) note(id, path.relative(ROOT, f));
    }
  }
  const missing = [...used].filter(([id]) => !ALL_IDS.has(id)).map(([id, where]) => `${id} (${[...new Set(where)].join(', ')})`);
  assert.ok(used.size > 50, `found only ${used.size} message ids in use`);
  assert.deepEqual(missing, [], `message ids used but not defined:\n${missing.join('\n')}`);
});
