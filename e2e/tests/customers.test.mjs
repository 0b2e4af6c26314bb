// Customers: find one by search (live with htmx, and as a plain form without
// JavaScript), open it, edit it as the people who may, add a contact and
// mark a service critical.

import { test, before, after } from 'node:test';
import { journeyRunner, msg, whoAmI, othersCustomer } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

/**
 * Does `action` on the search form and waits until htmx has shown the results
 * for what the form holds now: the address (pushed by htmx after the swap)
 * then carries the form's values and no request is in flight.
 */
async function htmxSearch(page, action) {
  await action();
  await page.waitForFunction(() => {
    if (document.querySelector('.htmx-request')) return false;
    const form = document.querySelector('form[role=search]');
    const shown = new URLSearchParams(location.search);
    return [...new FormData(form)].every(([k, v]) => (shown.get(k) ?? '') === v);
  });
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The accessible name of a row's action, "Edit: Name" (the name part is
 * visually hidden, and Chromium puts a space before its colon).
 */
const actionOn = (action, name) => new RegExp(`^${escape(action)}\\s*:\\s*${name ? `${escape(name)}$` : ''}`);

/** The names in the result table. */
const resultNames = (page) => page.locator('#results tbody tr td:first-child').allInnerTexts();

/** A word of a customer's name that a search for its first letters should find. */
function prefixOf(name) {
  const word = name.split(/\s+/).find((w) => w.length >= 5) ?? name;
  return word.slice(0, 5).toLowerCase();
}

journey('find a customer by typing in the search box (htmx) and open it', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'marko.ahonen');
  await j.check(page, 'customer list');

  const names = await resultNames(page);
  const target = names[3];
  const q = prefixOf(target);
  // A full page load would lose this marker: htmx must only swap the results.
  await page.evaluate(() => { window.__kumppaniMarker = true; });
  const search = page.getByRole('searchbox', { name: t('search-label') });
  await htmxSearch(page, () => search.pressSequentially(q, { delay: 40 }));
  j.expect(await page.evaluate(() => window.__kumppaniMarker === true), page, 'the search reloaded the whole page');
  j.expect(new URL(page.url()).searchParams.get('q') === q, page, `the address does not carry q=${q}: ${page.url()}`);
  const found = await resultNames(page);
  j.expect(found.includes(target), page, `searching "${q}" did not find ${target}: ${found.join(', ')}`);
  j.expect(found.length < names.length || names.length < 25, page, `searching "${q}" did not narrow the list`);
  j.expect(await search.evaluate((el) => el === document.activeElement), page, 'the search box lost focus while typing');
  await j.check(page, 'search results (htmx)');

  // Nothing found says so.
  await htmxSearch(page, () => search.fill('qqxyzzy'));
  await page.getByText(t('customers-none')).waitFor();
  await j.check(page, 'no results');

  // A filter works the same way.
  await htmxSearch(page, () => search.fill(''));
  const segment = (await page.locator('#f-segment_id option').allInnerTexts())[1];
  await htmxSearch(page, () => page.getByLabel(t('label-segment_id')).selectOption({ label: segment }));
  const segments = await page.locator('#results tbody tr td:nth-child(3)').allInnerTexts();
  j.expect(segments.length > 0 && segments.every((s) => s === segment), page, `segment filter ${segment} shows ${[...new Set(segments)].join(', ')}`);
  await j.check(page, 'segment filter');
  await htmxSearch(page, () => page.getByLabel(t('label-segment_id')).selectOption({ value: '' }));

  // Open the customer found.
  await htmxSearch(page, () => search.fill(q));
  await page.getByRole('link', { name: target, exact: true }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  j.expect((await page.getByRole('heading', { level: 1 }).innerText()) === target, page, 'the customer page is not titled with its name');
  await j.check(page, 'customer page');
  // Back to the list.
  await page.locator('main .crumbs').getByRole('link', { name: t('nav-customers') }).click();
  await page.waitForURL('**/customers');
});

journey('the search and the pages work without JavaScript', async (j) => {
  const lang = 'sv';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang, javaScriptEnabled: false });
  const page = await context.newPage();
  await j.signIn(page, 'pp.jokinen');
  await j.check(page, 'customer list without JS');
  const names = await resultNames(page);
  const target = names[5];
  const q = prefixOf(target);
  await page.getByRole('searchbox', { name: t('search-label') }).fill(q);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === q), page.getByRole('button', { name: t('search') }).click()]);
  const found = await resultNames(page);
  j.expect(found.includes(target), page, `searching "${q}" without JS did not find ${target}: ${found.join(', ')}`);
  await j.check(page, 'search results without JS');

  // Enter in the search box submits too; a filter and the pager.
  await page.getByRole('searchbox', { name: t('search-label') }).fill('');
  await page.getByLabel(t('label-org_type')).selectOption({ index: 1 });
  await Promise.all([page.waitForURL((u) => u.searchParams.has('org_type')), page.getByRole('searchbox').press('Enter')]);
  await j.check(page, 'filter without JS');
  await page.getByLabel(t('label-org_type')).selectOption({ value: '' });
  await Promise.all([page.waitForURL((u) => u.searchParams.get('org_type') === ''), page.getByRole('button', { name: t('search') }).click()]);
  const first = await resultNames(page);
  await Promise.all([page.waitForURL((u) => u.searchParams.has('after')), page.getByRole('link', { name: t('pager-next') }).click()]);
  const second = await resultNames(page);
  j.expect(second.length > 0 && second[0] !== first[0], page, 'the next page shows the same customers');
  await j.check(page, 'second page without JS');
  await page.getByRole('link', { name: t('pager-prev') }).click();
  await page.waitForURL((u) => u.searchParams.has('before'));

  await page.getByRole('link', { name: first[0], exact: true }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  await j.check(page, 'customer page without JS');
});

journey('the unit head edits any customer; mistakes are explained at the field', async (j) => {
  const lang = 'en';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'esimies');
  const name = await othersCustomer(page, 2);
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  await page.locator('main').getByRole('link', { name: t('edit'), exact: true }).click();
  await page.waitForURL(/\/customers\/\d+\/edit$/);
  await j.check(page, 'edit form');

  // A wrong business ID: the form comes back with what was typed and the
  // error linked from the summary to the field.
  const businessId = page.getByLabel(t('label-business_id'));
  await businessId.fill('1234567');
  const notes = page.getByLabel(t('label-notes'));
  const note = `Edited by the unit head in the end-to-end test ${Date.now()}.`;
  await notes.fill(note);
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  j.expect((await alert.innerText()).includes(t('error-business-id-format')), page, 'the summary does not explain the business ID');
  j.expect((await notes.inputValue()) === note, page, 'the notes typed were lost');
  j.expect((await businessId.getAttribute('aria-invalid')) === 'true', page, 'the field is not marked invalid');
  await j.check(page, 'edit form with errors');
  await alert.getByRole('link').first().click();
  j.expect(await businessId.evaluate((el) => el === document.activeElement), page, 'the error link does not move focus to the field');

  await businessId.fill('');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.waitForURL(/\/customers\/\d+\?notice=saved$/);
  j.expect((await page.getByRole('status').innerText()).includes(t('notice-saved')), page, 'no "saved" notice');
  j.expect((await page.locator('main dl.facts').innerText()).includes(note), page, 'the new notes are not shown');
  const history = await page.locator('#history li').first().innerText();
  j.expect(history.includes(t('history-customer-update')) && history.includes(note), page, `the history does not show the change: ${history}`);
  await j.check(page, 'customer page after saving');
});

journey('a partnership manager edits their own customers only (found with the manager filter)', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'kp.virtanen');
  const me = await whoAmI(page);
  const managerFilter = page.getByLabel(t('label-manager_id'));
  await htmxSearch(page, () => managerFilter.selectOption({ label: me }));
  const managers = await page.locator('#results tbody tr td:nth-child(5)').allInnerTexts();
  j.expect(managers.length > 0 && managers.every((m) => m === me), page, `the manager filter shows ${[...new Set(managers)].join(', ')}`);
  await j.check(page, 'own customers');

  const own = (await resultNames(page))[0];
  await page.getByRole('link', { name: own, exact: true }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  await page.locator('main').getByRole('link', { name: t('edit'), exact: true }).click();
  await page.waitForURL(/\/edit$/);
  await j.check(page, 'edit own customer');
  const note = `Oma asiakas, muokattu ${Date.now()}.`;
  await page.getByLabel(t('label-notes')).fill(note);
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.waitForURL(/\?notice=saved$/);
  j.expect((await page.locator('main dl.facts').innerText()).includes(note), page, 'own customer: the change was not saved');
  await j.check(page, 'own customer saved');

  // Another manager's customer (one he is not the deputy of either).
  await page.goto('/customers');
  const other = (await managerFilter.locator('option').allInnerTexts()).find((o, i) => i > 0 && o !== me);
  await htmxSearch(page, () => managerFilter.selectOption({ label: other }));
  const row = page.locator('#results tbody tr').filter({ hasNot: page.locator(`td:nth-child(6):text-is("${me}")`) }).first();
  const theirs = await row.locator('td:first-child').innerText();
  await row.getByRole('link').click();
  await page.waitForURL(/\/customers\/\d+$/);
  const customerUrl = page.url();
  await j.check(page, "another manager's customer");
  const main = page.locator('main');
  const offered = (await main.getByRole('link', { name: t('edit'), exact: true }).count())
    + (await main.getByRole('link', { name: t('contact-new') }).count())
    + (await main.locator('form').count());
  j.expect(offered === 0, page, `${theirs}: ${offered} edit controls offered on another manager's customer`);
  // The edit form itself is refused too.
  const response = await page.goto(`${new URL(customerUrl).pathname}/edit`);
  j.expect(response.status() === 403, page, `the edit form of ${theirs} answered ${response.status()}`);
  j.expect((await main.innerText()).includes(t('problem-forbidden')), page, 'the refusal is not explained');
  await j.check(page, 'edit form refused');
  // Nothing of his reached the customer's history.
  await page.goto(customerUrl);
  const history = await page.locator('#history').innerText();
  j.expect(!history.includes(me), page, `${theirs} shows a change by ${me}: ${history.slice(0, 300)}`);
});

journey('add a contact and mark a service critical', async (j) => {
  const lang = 'sv';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'esimies');
  const name = await othersCustomer(page, 6);
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForURL(/\/customers\/\d+$/);
  const customerPath = new URL(page.url()).pathname;

  // A contact, first with a mistyped email address.
  await page.getByRole('link', { name: t('contact-new') }).click();
  await page.waitForURL(/\/contacts\/new$/);
  await j.check(page, 'new contact form');
  const contact = `Testi Yhteyshenkilö ${Date.now() % 100000}`;
  await page.getByLabel(new RegExp(`^${t('label-name')}`)).fill(contact);
  await page.getByLabel(t('label-title')).fill('Tietohallintopäällikkö');
  await page.getByLabel(t('label-email')).fill('testi.example.fi');
  await page.getByLabel(t('label-phone')).fill('+358 40 123 4567');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.getByRole('alert').waitFor();
  j.expect((await page.getByRole('alert').innerText()).includes(t('error-email')), page, 'the email error is not explained');
  await j.check(page, 'contact form with errors');
  await page.getByLabel(t('label-email')).fill('testi@example.fi');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.waitForURL((u) => u.pathname === customerPath);
  const contacts = page.locator('#contacts table');
  j.expect((await contacts.innerText()).includes(contact), page, 'the new contact is not listed');
  await j.check(page, 'customer page with the new contact');

  // Edit the contact from its row.
  await contacts.getByRole('link', { name: actionOn(t('edit'), contact) }).click();
  await page.waitForURL(/\/contacts\/\d+\/edit$/);
  await j.check(page, 'contact edit form');
  await page.getByLabel(t('label-title')).fill('Tietohallintojohtaja');
  await page.getByRole('button', { name: t('save'), exact: true }).click();
  await page.waitForURL((u) => u.pathname === customerPath);
  j.expect((await contacts.innerText()).includes('Tietohallintojohtaja'), page, 'the contact change is not shown');

  // Mark a service critical.
  const services = page.locator('#services table');
  const mark = services.getByRole('button', { name: actionOn(t('mark-critical')) }).first();
  if (!(await mark.count())) {
    // Every service already critical: add one that is not.
    await page.getByRole('button', { name: t('service-add'), exact: true }).click();
    await page.waitForURL((u) => u.pathname === customerPath);
  }
  const label = await mark.textContent();
  const service = label.split(':').slice(1).join(':').trim();
  await mark.click();
  await page.waitForURL((u) => u.pathname === customerPath);
  const row = services.locator('tr').filter({ has: page.locator('td:first-child', { hasText: service }) });
  j.expect((await row.innerText()).includes(t('critical-yes')), page, `${service} is not shown critical`);
  const history = await page.locator('#history li').first().innerText();
  j.expect(
    history.includes(t('history-customer-service-update')) && history.includes(`${t('field-customer_service-critical')}: ${t('no')} → ${t('yes')}`),
    page,
    `the history does not say the service became critical: ${history}`,
  );
  await j.check(page, 'customer page with a critical service');

  // And add a service from the catalogue.
  const add = page.getByLabel(t('service-add-label'));
  if (await add.count()) {
    const added = (await add.locator('option').allInnerTexts())[0];
    await page.getByRole('button', { name: t('service-add'), exact: true }).click();
    await page.waitForURL((u) => u.pathname === customerPath);
    j.expect((await services.innerText()).includes(added), page, `${added} was not added`);
  }
});
