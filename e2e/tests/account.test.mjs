// One's own things: switching the language with the links, API tokens,
// absences and the password form.

import { test, before, after } from 'node:test';
import { request } from 'playwright-core';
import { journeyRunner, msg, isoDate, BASE } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

journey('switch the language with the language links (fi → sv → en → fi)', async (j) => {
  const context = await j.context({ lang: 'fi' });
  const page = await context.newPage();
  await j.signIn(page, 'kp.virtanen');
  const names = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };
  for (const lang of ['sv', 'en', 'fi']) {
    await page.getByRole('navigation', { name: msg(context.kumppani.lang, 'language-label') }).getByRole('link', { name: names[lang] }).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    context.kumppani.lang = lang;
    j.expect(new URL(page.url()).pathname === '/customers', page, `the language switch left the page: ${page.url()}`);
    j.expect((await page.getByRole('heading', { level: 1 }).innerText()) === msg(lang, 'customers-title'), page, 'the heading is not in the new language');
    const current = await page.locator('nav.langs [aria-current]').innerText();
    j.expect(current === names[lang], page, `the language links mark ${current} as current`);
    await j.check(page, `customer list after switching to ${lang}`);
  }
  // The choice is remembered for the next page.
  await page.getByRole('link', { name: msg('fi', 'nav-users') }).click();
  await page.waitForURL('**/users');
  j.expect((await page.evaluate(() => document.documentElement.lang)) === 'fi', page, 'the language was not remembered');
  // The sign-in page has the links too, before signing in.
  const anonymous = await (await j.context({ lang: 'fi' })).newPage();
  await anonymous.goto('/login');
  await anonymous.getByRole('link', { name: names.sv }).click();
  await anonymous.waitForFunction(() => document.documentElement.lang === 'sv');
  anonymous.context().kumppani.lang = 'sv';
  j.expect((await anonymous.getByRole('heading', { level: 1 }).innerText()) === msg('sv', 'login-title'), anonymous, 'the sign-in page did not switch');
  await j.check(anonymous, 'sign-in page in Swedish');
});

journey('create and revoke an API token', async (j) => {
  const lang = 'en';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'kp.virtanen');
  await page.locator('header').getByRole('link', { name: t('nav-tokens') }).click();
  await page.waitForURL('**/account/tokens');
  await j.check(page, 'tokens page');

  // Without a name: the field says what is missing.
  const name = page.getByLabel(new RegExp(`^${t('label-token_name')}`));
  await page.getByRole('button', { name: t('create'), exact: true }).click();
  await page.getByRole('alert').waitFor();
  j.expect((await page.getByRole('alert').innerText()).includes(t('error-required')), page, 'the missing name is not explained');
  await j.check(page, 'token form with errors');

  const tokenName = `Raportointiskripti ${Date.now() % 100000}`;
  await name.fill(tokenName);
  await page.getByRole('button', { name: t('create'), exact: true }).click();
  const notice = page.getByRole('status');
  await notice.waitFor();
  const secret = (await notice.locator('code').innerText()).trim();
  j.expect(/^kpt_\S{20,}$/.test(secret), page, `the new token is not shown: ${secret}`);
  j.expect((await page.locator('main table').innerText()).includes(tokenName), page, 'the new token is not listed');
  await j.check(page, 'token created');

  // The token works against the API (a client with no cookies), then stops
  // working when revoked.
  const api = await request.newContext({ baseURL: BASE });
  const me = await api.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  j.expect(me.status() === 200, page, `the new token answered ${me.status()} on /api/v1/me`);
  const row = page.locator('main tbody tr').filter({ hasText: tokenName });
  await row.getByRole('button', { name: new RegExp(`^${t('token-revoke')}`) }).click();
  await page.waitForURL('**/account/tokens');
  j.expect((await row.innerText()).includes(t('token-revoked')), page, 'the token is not shown revoked');
  const after = await api.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  j.expect(after.status() === 401, page, `a revoked token answered ${after.status()}`);
  await api.dispose();
  await j.check(page, 'token revoked');
});

journey('record an absence (own, and by the unit head for someone else)', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'kp.virtanen');
  await page.locator('header').getByRole('link', { name: t('nav-absences') }).click();
  await page.waitForURL(/\/users\/\d+\/absences$/);
  await j.check(page, 'own absences');

  // The end before the start is explained.
  const starts = page.getByLabel(new RegExp(`^${t('label-starts_on')}`));
  const ends = page.getByLabel(new RegExp(`^${t('label-ends_on')}`));
  await starts.fill(isoDate(20));
  await ends.fill(isoDate(10));
  await page.getByLabel(t('label-note')).fill('Loma');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.getByRole('alert').waitFor();
  j.expect((await page.getByRole('alert').innerText()).includes(t('error-ends-before-start')), page, 'the wrong order is not explained');
  j.expect((await starts.inputValue()) === isoDate(20), page, 'the start date typed was lost');
  await j.check(page, 'absence form with errors');

  await ends.fill(isoDate(24));
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.waitForURL(/\/absences$/);
  const [y, m, d] = isoDate(20).split('-');
  j.expect((await page.locator('main table').innerText()).includes(`${d}.${m}.${y}`), page, 'the absence is not listed');
  await j.check(page, 'absence recorded');

  // The unit head records one for a colleague from the users page.
  const head = await (await j.context({ lang: 'sv' })).newPage();
  await j.signIn(head, 'esimies');
  await head.getByRole('link', { name: msg('sv', 'nav-users') }).click();
  await head.waitForURL('**/users');
  const row = head.locator('main tbody tr').filter({ hasText: 'kp.laine' });
  await row.getByRole('link', { name: new RegExp(`^${msg('sv', 'nav-absences')}`) }).click();
  await head.waitForURL(/\/absences$/);
  await head.getByLabel(new RegExp(`^${msg('sv', 'label-starts_on')}`)).fill(isoDate(30));
  await head.getByLabel(new RegExp(`^${msg('sv', 'label-ends_on')}`)).fill(isoDate(31));
  await head.getByRole('button', { name: msg('sv', 'save'), exact: true }).click();
  await head.waitForURL(/\/absences$/);
  j.expect((await head.locator('main table').count()) === 1, head, 'the absence is not listed');
  await j.check(head, "a colleague's absences");
  // And removes it again.
  await head.locator('main tbody tr').first().getByRole('button').click();
  await head.waitForURL(/\/absences$/);
  await j.check(head, 'absence removed');
});

journey('the password form explains a wrong current password', async (j) => {
  const lang = 'sv';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'marko.ahonen');
  await page.locator('header').getByRole('link', { name: t('nav-password') }).click();
  await page.waitForURL('**/account/password');
  await j.check(page, 'password form');
  await page.getByLabel(new RegExp(`^${t('label-current_password')}`)).fill('not-the-password');
  await page.getByLabel(new RegExp(`^${t('label-new_password')}`)).fill('a-new-long-password');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.getByRole('alert').waitFor();
  j.expect((await page.getByRole('alert').innerText()).includes(t('error-password-wrong')), page, 'the wrong password is not explained');
  await j.check(page, 'password form with errors');

  // A failed sign-in is explained too.
  const anonymous = await (await j.context({ lang })).newPage();
  await anonymous.goto('/login');
  await anonymous.getByLabel(t('label-username')).fill('marko.ahonen');
  await anonymous.getByLabel(t('label-password')).fill('wrong');
  await anonymous.getByRole('button', { name: t('sign-in') }).click();
  await anonymous.getByRole('alert').waitFor();
  j.expect((await anonymous.getByRole('alert').innerText()).includes(t('login-failed')), anonymous, 'the failed sign-in is not explained');
  j.expect((await anonymous.getByLabel(t('label-username')).inputValue()) === 'marko.ahonen', anonymous, 'the username typed was lost');
  await j.check(anonymous, 'failed sign-in');
});
