// What every journey shares: the browser, signed-in contexts, and the checks
// run on every page a journey visits (axe-core at WCAG 2.1 AA, untranslated
// message ids, the page's language), then again in the other two languages.

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LANGS, ROOT, msg, untranslatedIds } from './messages.mjs';

export { LANGS, ROOT, msg };

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = (process.env.KUMPPANI_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const PASSWORD = 'kumppani-demo';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
export const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Demo users whose roles have the same rights see the same pages, so a page
 * seen in the other languages by one of them need not be seen again for another.
 */
function viewOf(user) {
  if (user === 'admin' || user === 'esimies') return 'all rights';
  if (user.startsWith('kp.')) return 'partnership manager';
  if (user.startsWith('pp.') || user === 'marko.ahonen' || user === 'laura.saarinen') return 'reader';
  return user;
}

/**
 * Claims a page kind for the language sweep across the test files of one run
 * (they run in parallel processes): true for the first to ask. Without
 * E2E_STATE_DIR (one file run by hand) every claim succeeds.
 */
function claim(key) {
  const dir = process.env.E2E_STATE_DIR;
  if (!dir) return true;
  try {
    mkdirSync(path.join(dir, createHash('sha256').update(key).digest('hex').slice(0, 32)));
    return true;
  } catch (e) {
    if (e.code === 'EEXIST') return false;
    throw e;
  }
}

/** `/customers/12/edit?notice=saved` → `/customers/:id/edit?notice`: one page kind. */
function pattern(url) {
  const u = new URL(url);
  const keys = [...new Set(u.searchParams.keys())].sort().join('&');
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/:id') + (keys ? `?${keys}` : '');
}

/**
 * Puts the keyboard's starting point at the top of the page, as on a fresh
 * load: the next Tab goes to the first focusable element.
 */
async function startOver(page) {
  await page.evaluate(() => {
    const body = document.body;
    body.setAttribute('tabindex', '-1');
    body.focus({ preventScroll: true });
    body.removeAttribute('tabindex');
    window.scrollTo(0, 0);
  });
}

/**
 * One test's browser work. Collects every problem found on the way and
 * reports them all at the end (`finish`), so one run shows everything to fix.
 */
export class Journey {
  constructor(browser, name) {
    this.browser = browser;
    this.name = name;
    this.problems = [];
    this.contexts = [];
    this.pagesChecked = 0;
    /** milliseconds spent, for the summary line: sign-in, axe, language sweep */
    this.spent = { signIn: 0, axe: 0, sweep: 0 };
    /** page kind (view, width, pattern) → where to see it again in the other languages */
    this.toSweep = new Map();
    this.swept = new Set();
  }

  /** A fresh browser context (one person's browser) in `lang`. */
  async context({ lang = 'fi', viewport = DESKTOP, javaScriptEnabled = true } = {}) {
    const context = await this.browser.newContext({ viewport, javaScriptEnabled, locale: lang, baseURL: BASE });
    await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    context.setDefaultTimeout(15_000);
    context.kumppani = { lang, user: 'anonymous', noScript: !javaScriptEnabled };
    // Which request brought each page its document (a form's POST, say).
    context.on('page', (p) => p.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === p.mainFrame()) p.kumppaniNavigation = r;
    }));
    this.contexts.push(context);
    return context;
  }

  /** Sets the language cookie of a context, as the language links do. */
  async setLang(context, lang) {
    await context.addCookies([{ name: 'lang', value: lang, url: BASE }]);
    context.kumppani.lang = lang;
  }

  problem(kind, page, text) {
    const url = page ? new URL(page.kumppaniShownAs ?? page.url()) : null;
    const where = url ? `${url.pathname}${url.search}` : '';
    const who = page ? ` [${page.context().kumppani.lang}, ${page.context().kumppani.user}]` : '';
    this.problems.push(`[${kind}] ${where}${who}\n    ${text.replace(/\n/g, '\n    ')}`);
  }

  /** A problem unless `ok`; for checks that should not stop the journey. */
  expect(ok, page, text) {
    if (!ok) this.problem('expect', page, text);
    return ok;
  }

  /** Opens the sign-in page and signs in by typing and clicking, as a person does. */
  async signIn(page, username) {
    const started = Date.now();
    const lang = page.context().kumppani.lang;
    await page.goto('/login');
    await this.check(page, 'sign-in page');
    await page.getByLabel(msg(lang, 'label-username')).fill(username);
    await page.getByLabel(msg(lang, 'label-password')).fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.getByRole('button', { name: msg(lang, 'sign-in') }).click(),
    ]);
    page.context().kumppani.user = username;
    this.spent.signIn += Date.now() - started;
  }

  /**
   * Runs every page check on what `page` shows now: axe-core at WCAG 2.1 AA,
   * untranslated message ids, the document language. GET pages are queued
   * to be seen again in the other two languages (`sweep`).
   */
  async check(page, label = '', { sweep = true } = {}) {
    this.pagesChecked += 1;
    await page.waitForLoadState('load');
    const context = page.context();
    const lang = context.kumppani.lang;

    const info = await page.evaluate(() => {
      const attrs = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit],input[type=button]')]
        .flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt', 'value'].map((a) => el.getAttribute(a) ?? ''));
      const options = [...document.querySelectorAll('option')].map((o) => o.textContent);
      return {
        lang: document.documentElement.lang,
        text: [document.title, document.body.innerText, ...attrs, ...options].join('\n'),
      };
    });
    if (info.lang !== lang) this.problem('language', page, `${label}: <html lang="${info.lang}">, expected "${lang}"`);
    const ids = untranslatedIds(info.text);
    if (ids.length) this.problem('untranslated', page, `${label}: message ids shown as text: ${ids.join(', ')}`);

    const axeStarted = Date.now();
    const result = await this.axe(page);
    this.spent.axe += Date.now() - axeStarted;
    for (const v of result.violations) {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `- ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n  … and ${v.nodes.length - 8} more` : '';
      this.problem('axe', page, `${label}: ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`);
    }

    if (sweep) {
      const url = page.url().split('#')[0];
      // A form answered with its errors (or a conflict) is seen again in the
      // other languages by sending the same form again; other pages by address.
      const nav = page.kumppaniNavigation;
      let post = null;
      if (nav && nav.method() === 'POST' && nav.url().split('#')[0] === url) {
        const response = await nav.response();
        const status = response?.status() ?? 0;
        if (status >= 400 && status < 500) post = { data: nav.postData() ?? '', type: nav.headers()['content-type'], status };
      }
      const key = `${viewOf(context.kumppani.user)} ${page.viewportSize()?.width}px ${context.kumppani.noScript ? 'no-JS ' : ''}${post ? `POST ${post.status} ` : ''}${pattern(url)}`;
      if (!this.swept.has(key) && !this.toSweep.has(key)) this.toSweep.set(key, { context, url, label, lang, post });
    }
    return result.violations.length === 0 && ids.length === 0;
  }

  /**
   * Runs axe-core on what `page` shows. axe needs timers, which do not run
   * in a page without JavaScript: such a page's HTML is checked in a twin
   * page that has JavaScript for axe but does not load the app's scripts.
   */
  async axe(page) {
    let target = page;
    const context = page.context();
    if (context.kumppani.noScript) {
      if (!context.kumppani.twin) {
        const twin = await this.browser.newContext({ viewport: page.viewportSize(), baseURL: BASE });
        await twin.route('**/*.js', (route) => route.abort());
        context.kumppani.twin = await twin.newPage();
        this.contexts.push(twin);
      }
      target = context.kumppani.twin;
      await target.setViewportSize(page.viewportSize());
      await target.goto('/healthz');
      await target.setContent(await page.content(), { waitUntil: 'load' });
    }
    if (!(await target.evaluate(() => typeof window.axe !== 'undefined'))) await target.evaluate(AXE_SOURCE);
    return target.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      WCAG_TAGS,
    );
  }

  /** Sees the queued GET pages of `context` (all when omitted) in the two other languages. */
  async sweep(only) {
    const started = Date.now();
    for (const [key, { context, url, label, lang, post }] of [...this.toSweep]) {
      if (only && context !== only) continue;
      this.toSweep.delete(key);
      this.swept.add(key);
      if (!claim(key)) continue;
      const original = context.kumppani.lang;
      const page = await context.newPage();
      try {
        for (const other of LANGS.filter((l) => l !== lang)) {
          await this.setLang(context, other);
          if (post) {
            const response = await context.request.post(url, { headers: { 'content-type': post.type }, data: post.data, maxRedirects: 0 });
            if (response.status() !== post.status) {
              this.problem('sweep', null, `${label}: sending the form again in ${other} answered ${response.status()}, not ${post.status}`);
              continue;
            }
            await page.goto('/healthz');
            await page.setContent(await response.text(), { waitUntil: 'load' });
            page.kumppaniShownAs = url;
          } else {
            const response = await page.goto(url);
            if (new URL(page.url()).pathname !== new URL(url).pathname) {
              this.problem('sweep', page, `${label}: ${url} moved to ${page.url()} in ${other}`);
            }
            if (response && response.status() >= 500) this.problem('sweep', page, `${label}: status ${response.status()}`);
          }
          await this.check(page, `${label} (${other}${post ? ', form sent again' : ''})`, { sweep: false });
        }
      } finally {
        await this.setLang(context, original);
        await page.close();
      }
    }
    this.spent.sweep += Date.now() - started;
  }

  /**
   * Keyboard: the first Tab on a fresh page reaches the skip link, which is
   * visible when focused; Enter on it moves focus to <main>.
   */
  async checkSkipLink(page) {
    await startOver(page);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { cls: el.className, href: el.getAttribute('href'), visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 };
    });
    if (!this.expect(first.cls === 'skip' && first.href === '#main', page, `first Tab reached ${JSON.stringify(first)}, not the skip link`)) return;
    this.expect(first.visible, page, 'the skip link is not on screen when focused');
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement?.id);
    this.expect(focused === 'main', page, `Enter on the skip link focused #${focused}, not #main`);
  }

  /**
   * Keyboard: Tab through the page (at most `limit` stops) and require a
   * visible focus indicator (an outline or box-shadow from the focus style)
   * on every element that takes focus.
   */
  async checkFocusVisible(page, limit = 60) {
    await startOver(page);
    const seen = new Set();
    let stops = 0;
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const path = [];
        for (let n = el; n && n !== document.body; n = n.parentElement) {
          path.unshift(n.tagName.toLowerCase() + (n.id ? `#${n.id}` : '') + (n.className && typeof n.className === 'string' ? `.${n.className.trim().split(/\s+/).join('.')}` : ''));
        }
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const shadow = s.boxShadow && s.boxShadow !== 'none';
        const r = el.getBoundingClientRect();
        return {
          path: path.slice(-3).join(' > '),
          text: (el.innerText || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40),
          visible: outline || shadow,
          onScreen: r.width > 0 && r.height > 0,
          key: path.join('>') + (el.getAttribute('href') ?? '') + (el.name ?? '') + (el.value ?? ''),
        };
      });
      if (!f || seen.has(f.key)) break;
      seen.add(f.key);
      stops += 1;
      this.expect(f.visible, page, `no visible focus indicator on ${f.path} "${f.text}"`);
      this.expect(f.onScreen, page, `focused element has no size: ${f.path} "${f.text}"`);
    }
    this.expect(stops > 0, page, 'Tab reached nothing');
    return stops;
  }

  /** At phone width nothing but a table's own scroller may scroll sideways. */
  async checkNoSidewaysScroll(page, label = '') {
    const over = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => !el.closest('.table-wrap'))
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : ''));
      return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 6) };
    });
    this.expect(
      over.scroll <= over.width && over.wide.length === 0,
      page,
      `${label}: page scrolls sideways (${over.scroll}px wide in ${over.width}px): ${over.wide.join(', ')}`,
    );
  }

  async screenshot(page, name) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  }

  /** Sweeps the remaining languages, closes every context, fails on any problem. */
  async finish() {
    try {
      await this.sweep();
    } finally {
      for (const c of this.contexts) await c.close().catch(() => {});
    }
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`# ${this.name}: ${this.pagesChecked} page checks; sign-in ${s(this.spent.signIn)}, axe ${s(this.spent.axe)}, other languages ${s(this.spent.sweep)}`);
    if (this.problems.length) {
      throw new Error(`${this.name}: ${this.problems.length} problem(s) on ${this.pagesChecked} page checks:\n\n${this.problems.join('\n\n')}\n`);
    }
  }
}

/**
 * Defines a node:test test that gets a fresh Journey on a shared browser.
 * Use as `journey(test, 'name', async (j) => { … })`.
 */
export function journeyRunner(testFn, { before, after }) {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return (name, fn, options = {}) =>
    testFn(name, { timeout: Number(process.env.E2E_TEST_TIMEOUT ?? 180_000), ...options }, async () => {
      const j = new Journey(browser, name);
      try {
        await fn(j);
      } catch (e) {
        // Show what was found before the journey stopped, too.
        await Promise.all(j.contexts.map((c) => c.close().catch(() => {})));
        if (j.problems.length) e.message += `\n\nAlso found before it stopped:\n\n${j.problems.join('\n\n')}`;
        throw e;
      }
      await j.finish();
    });
}

/** The display name of the signed-in user, as the page header shows it. */
export async function whoAmI(page) {
  return (await page.locator('header .account span').first().innerText()).trim();
}

/** An ISO date `days` from today. */
export function isoDate(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/**
 * The demo's kp.virtanen. His journeys edit his own customers; the journeys
 * that edit other customers leave his alone, so test files may run side by side.
 */
export const KP_VIRTANEN = 'Sanna Virtanen';

/** The name of the `n`th customer listed that kp.virtanen neither manages nor deputises. */
export async function othersCustomer(page, n) {
  const rows = await page.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
  const names = rows.filter((r) => r[4] !== KP_VIRTANEN && r[5] !== KP_VIRTANEN).map((r) => r[0]);
  if (names.length <= n) throw new Error(`fewer than ${n + 1} customers of others listed`);
  return names[n];
}
