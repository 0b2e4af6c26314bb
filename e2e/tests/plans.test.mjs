// Account plans as a partnership manager reaches them: the dashboard, one
// plan, and a calendar subscription made from the plan page, fetched as a
// calendar program would, then revoked.

import { test, before, after } from 'node:test';
import { request } from 'playwright-core';
import { journeyRunner, msg, BASE } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

journey('open a plan and subscribe to its calendar', async (j) => {
  const lang = 'sv';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'kp.virtanen');
  await page.getByRole('navigation', { name: t('nav-label') }).getByRole('link', { name: t('nav-plans') }).click();
  await page.waitForURL(/\/plans(\?|$)/);
  await j.check(page, 'plan dashboard');

  await page.locator('main tbody tr a').first().click();
  await page.waitForURL(/\/customers\/\d+\/plan$/);
  await j.check(page, 'account plan');
  const customer = (await page.locator('.crumbs a').nth(1).innerText()).trim();

  await page.getByRole('link', { name: t('feed-subscribe') }).click();
  await page.waitForURL(/\/calendars\?customer_id=\d+$/);
  await j.check(page, 'calendar subscriptions');
  // The customer the page was opened from is offered by name.
  const forCustomer = page.locator('input[name="scope"][value="customer"]');
  const offered = await page.locator('label', { has: forCustomer }).innerText();
  j.expect(offered.includes(customer), page, `the customer is not offered: ${offered}`);
  await forCustomer.check();
  await page.getByRole('button', { name: t('create'), exact: true }).click();
  const notice = page.getByRole('status');
  await notice.waitFor();
  const url = await page.getByLabel(t('feed-url')).inputValue();
  j.expect(/\/feeds\/kcal_[0-9a-f]{64}\.ics$/.test(url), page, `the feed URL is not shown: ${url}`);
  await j.check(page, 'calendar subscription created');

  // A calendar program has no session: the URL alone is the credential.
  const calendar = await request.newContext({ baseURL: BASE });
  const path = new URL(url).pathname;
  const feed = await calendar.get(path);
  j.expect(feed.status() === 200, page, `the feed answered ${feed.status()}`);
  const text = await feed.text();
  j.expect(text.startsWith('BEGIN:VCALENDAR') && text.includes(t('clock-kind-review_due')), page, 'the feed is not a calendar in Swedish');

  const row = page.locator('main tbody tr').first();
  await row.getByRole('button', { name: new RegExp(`^${t('token-revoke')}`) }).click();
  await page.waitForURL('**/calendars');
  j.expect((await row.innerText()).includes(t('token-revoked')), page, 'the feed is not shown revoked');
  const revoked = await calendar.get(path);
  j.expect(revoked.status() === 404, page, `a revoked feed answered ${revoked.status()}`);
  await calendar.dispose();
  await j.check(page, 'calendar subscription revoked');
});
