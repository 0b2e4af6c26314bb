// Keyboard alone, phone and desktop widths, and the screenshots in README.md.

import { test, before, after } from 'node:test';
import { journeyRunner, msg, DESKTOP, PHONE } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

/** Presses Tab until `predicate` holds for the focused element (at most `limit` times). */
async function tabTo(page, predicate, arg, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate, arg)) return true;
  }
  throw new Error(`Tab never reached the element (${predicate.toString().slice(0, 80)})`);
}

const focusedIs = (selector) => document.activeElement?.matches(selector) ?? false;

journey('keyboard only: sign in, skip to content, search, open and edit a customer', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const page = await (await j.context({ lang })).newPage();
  await page.goto('/login');
  await j.checkSkipLink(page);
  await j.checkFocusVisible(page);

  // Sign in without the mouse.
  await page.goto('/login');
  await tabTo(page, focusedIs, '#f-username');
  await page.keyboard.type('kp.virtanen');
  await page.keyboard.press('Tab');
  await page.keyboard.type('kumppani-demo');
  await Promise.all([page.waitForURL('**/customers'), page.keyboard.press('Enter')]);
  page.context().kumppani.user = 'kp.virtanen';
  await j.check(page, 'customer list');
  await j.checkSkipLink(page);
  await j.checkFocusVisible(page, 50);

  // Search: from the skip target the next Tab stops lead into the search form.
  await page.goto('/customers');
  await j.checkSkipLink(page);
  await tabTo(page, focusedIs, '#f-q', 5);
  const name = (await page.locator('#results tbody tr td:first-child').allInnerTexts())[2];
  // Typing searches live (htmx); Enter then submits the form as a plain GET.
  const live = page.waitForResponse((r) => r.request().headers()['hx-request'] === 'true');
  await page.keyboard.type(name.split(' ')[0]);
  await live;
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  j.expect(new URL(page.url()).searchParams.has('q'), page, 'Enter in the search box did not search');
  await j.check(page, 'search results');

  // Open the customer with Enter on its link.
  await j.checkSkipLink(page);
  await tabTo(page, (n) => document.activeElement?.tagName === 'A' && document.activeElement.textContent === n, name);
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.keyboard.press('Enter')]);
  await j.check(page, 'customer page');
  await j.checkFocusVisible(page);

  // His own customer: open the edit form, change the notes, submit with Enter on the button.
  await page.goto('/customers');
  const me = (await page.locator('header .account span').innerText()).trim();
  // Type-ahead in the manager filter picks him; htmx updates the results.
  await page.getByLabel(t('label-manager_id')).focus();
  const filtered = page.waitForResponse((r) => r.request().headers()['hx-request'] === 'true');
  await page.keyboard.type(me.split(' ')[0]);
  await filtered;
  await page.waitForFunction((m) => { const cells = [...document.querySelectorAll('#results tbody tr td:nth-child(5)')]; return cells.length > 0 && cells.every((td) => td.textContent === m); }, me);
  const own = (await page.locator('#results tbody tr td:first-child').allInnerTexts())[1];
  await tabTo(page, (n) => document.activeElement?.tagName === 'A' && document.activeElement.textContent === n, own);
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.keyboard.press('Enter')]);
  await j.checkSkipLink(page);
  await tabTo(page, focusedIs, 'main a.button[href$="/edit"]');
  await Promise.all([page.waitForURL(/\/edit$/), page.keyboard.press('Enter')]);
  await j.checkFocusVisible(page);
  await j.checkSkipLink(page);
  await tabTo(page, focusedIs, '#f-notes');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Muokattu pelkällä näppäimistöllä.');
  await tabTo(page, focusedIs, 'main button[type=submit]', 10);
  await Promise.all([page.waitForURL(/\?notice=saved$/), page.keyboard.press('Enter')]);
  j.expect((await page.locator('main dl.facts').innerText()).includes('Muokattu pelkällä näppäimistöllä.'), page, 'the keyboard edit was not saved');

  // The other pages' focus styles.
  for (const path of ['/users', '/account/tokens', '/segments', '/balance']) {
    await page.goto(path);
    await j.check(page, path);
    await j.checkFocusVisible(page, 40);
  }
});

// The main pages at phone width: nothing scrolls sideways but tables in their
// own scroller, and axe passes there too.
const PAGES = [
  ['customer list', '/customers'],
  ['customer page', 'first customer'],
  ['edit form', 'first customer/edit'],
  ['new customer', '/customers/new'],
  ['users', '/users'],
  ['segments', '/segments'],
  ['services', '/services'],
  ['tokens', '/account/tokens'],
  ['password', '/account/password'],
  ['portfolio balance', '/balance'],
  ['projects', '/projects'],
];

for (const [width, viewport] of [['phone (360 px)', PHONE], ['desktop (1280 px)', DESKTOP]]) {
  journey(`the main pages at ${width} width`, async (j) => {
    const lang = viewport === PHONE ? 'sv' : 'en';
    const page = await (await j.context({ lang, viewport })).newPage();
    await page.goto('/login');
    await j.checkNoSidewaysScroll(page, 'sign-in');
    if (viewport === DESKTOP) await j.screenshot(page, 'login');
    await j.signIn(page, 'esimies');
    const first = await page.locator('#results tbody tr a').first().getAttribute('href');
    for (const [label, path] of PAGES) {
      await page.goto(path.replace('first customer', first));
      await j.check(page, label);
      await j.checkNoSidewaysScroll(page, label);
      if (viewport === DESKTOP && label === 'customer list') await j.screenshot(page, 'customers');
      if (viewport === DESKTOP && label === 'customer page') await j.screenshot(page, 'customer');
      if (viewport === DESKTOP && label === 'users') await j.screenshot(page, 'users');
      if (viewport === PHONE && label === 'customer list') await j.screenshot(page, 'customers-phone');
    }
    // At phone width every link of the header is still reachable and on screen.
    if (viewport === PHONE) {
      const links = await page.locator('header a, header button').evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent.trim(), r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width === 0 || r.right > document.documentElement.clientWidth + 1)
          .map(({ text }) => text));
      j.expect(links.length === 0, page, `header controls off screen: ${links.join(', ')}`);
    }
  });
}
