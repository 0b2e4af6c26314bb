// Portfolio balance and the deputy brief: the coverage page, the rebalance
// form and the proposal it makes (not applied: the other journeys rely on the
// demo assignment), and a customer's deputy brief.

import { test, before, after } from 'node:test';
import { journeyRunner, msg } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

journey('the unit head looks at the portfolio balance and asks for a proposal', async (j) => {
  const lang = 'en';
  const t = (id) => msg(lang, id);
  const page = await (await j.context({ lang })).newPage();
  await j.signIn(page, 'esimies');
  await page.getByRole('navigation', { name: t('nav-label') }).getByRole('link', { name: t('nav-balance') }).click();
  await page.waitForURL('**/balance');
  await j.check(page, 'portfolio balance');
  j.expect((await page.locator('main table').count()) > 0, page, 'no coverage table');

  await page.getByRole('link', { name: t('balance-rebalance'), exact: true }).click();
  await page.waitForURL('**/balance/rebalance');
  await j.check(page, 'rebalance form');
  await page.getByRole('button', { name: t('balance-propose') }).click();
  await page.waitForURL(/\/balance\/proposal\?/);
  await j.check(page, 'proposal');
  j.expect((await page.getByRole('heading', { level: 1 }).count()) === 1, page, 'the proposal has no heading');
});

journey('a partnership manager reads a customer\'s deputy brief', async (j) => {
  const lang = 'sv';
  const t = (id) => msg(lang, id);
  const page = await (await j.context({ lang })).newPage();
  await j.signIn(page, 'kp.virtanen');
  await page.locator('#results tbody tr a').nth(4).click();
  await page.waitForURL(/\/customers\/\d+$/);
  await page.getByRole('link', { name: t('brief-link') }).click();
  await page.waitForURL(/\/brief$/);
  await j.check(page, 'deputy brief');
  await page.getByRole('navigation', { name: t('nav-label') }).getByRole('link', { name: t('nav-balance') }).click();
  await page.waitForURL('**/balance');
  await j.check(page, 'portfolio balance (partnership manager)');
});
