// Customer contacts as the centre works them: a member of staff records a
// customer's call, sees it routed to the customer's partnership manager,
// the manager answers it; the unit head keeps the routing rules. Every page
// passes axe in all three languages.

import { test, before, after } from 'node:test';
import path from 'node:path';
import { journeyRunner, msg } from '../lib/harness.mjs';
import { ROOT } from '../lib/messages.mjs';

const journey = journeyRunner(test, { before, after });

journey('record a customer contact, see it routed, answer it', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const staff = await (await j.context({ lang })).newPage();
  await j.signIn(staff, 'marko.ahonen');
  await staff.getByRole('navigation', { name: t('nav-label') }).getByRole('link', { name: t('nav-requests') }).click();
  await staff.waitForURL(/\/requests(\?|$)/);
  await j.check(staff, 'contact list');

  await staff.getByRole('link', { name: t('request-new') }).click();
  await staff.waitForURL('**/requests/new');
  await j.check(staff, 'contact form');
  // The first customer of kp.virtanen, so that the manager can answer it below.
  const customer = await staff.locator('#f-customer_id option').nth(1).getAttribute('value');
  await staff.selectOption('#f-customer_id', customer);
  await staff.getByRole('button', { name: t('request-pick-customer') }).click();
  await staff.waitForURL(/customer_id=\d+/);
  await j.check(staff, 'contact form for a customer');

  // Sent without a subject: the form says what is missing and keeps the rest.
  await staff.selectOption('#f-kind', 'development_need');
  await staff.getByRole('button', { name: t('request-record') }).click();
  await staff.locator('#form-alert').waitFor();
  await j.check(staff, 'contact form with errors');
  await staff.fill('#f-subject', 'Sähköinen allekirjoitus sopimuksiin');
  await staff.fill('#f-body', 'Asiakas haluaa allekirjoittaa sopimukset sähköisesti ensi vuodesta alkaen.');
  await staff.getByRole('button', { name: t('request-record') }).click();
  await staff.waitForURL(/\/requests\/\d+$/);
  await j.check(staff, 'contact page');
  const facts = await staff.locator('dl.facts').innerText();
  j.expect(facts.includes(t('channel-partnership_manager')), staff, `not routed to the manager: ${facts}`);
  const holder = (await staff.locator('dl.facts dd').nth(2).innerText()).trim();
  j.expect(holder.length > 1, staff, 'nobody holds the contact');
  const at = new URL(staff.url()).pathname;

  // The unit head runs the development-project process to its end: the
  // need becomes a project, and the customer has the answer.
  const en = (id) => msg('en', id);
  const head = await (await j.context({ lang: 'en' })).newPage();
  await j.signIn(head, 'esimies');
  await head.goto(at);
  await j.check(head, 'contact page with controls');
  await head.selectOption('#f-template_id', { index: 1 });
  await head.getByRole('button', { name: en('process-start') }).click();
  await head.waitForURL(`**${at}`);
  await head.locator('svg.swimlane').waitFor();
  await j.check(head, 'contact with a process');
  // An outcome is required: the form says so.
  await head.getByRole('button', { name: en('process-advance') }).click();
  await head.locator('#form-alert').waitFor();
  await j.check(head, 'process step without an outcome');
  await head.goto(at);
  for (;;) {
    const outcome = head.locator('#f-outcome');
    if ((await outcome.count()) === 0) break;
    const values = await outcome.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await outcome.selectOption(values.includes('approved') ? 'approved' : 'done');
    if ((await head.locator('#f-project_manager_id').count()) > 0) {
      await head.selectOption('#f-project_manager_id', { label: 'Katja Jokinen' });
      await head.locator('#process-h').scrollIntoViewIfNeeded();
      await head.evaluate(() => window.scrollBy(0, document.querySelector('#process-h').getBoundingClientRect().top - 16));
      await j.screenshot(head, 'request-process');
    }
    await head.getByRole('button', { name: en('process-advance') }).click();
    await head.waitForURL(`**${at}`);
  }
  const answered = await head.locator('dl.facts').first().innerText();
  j.expect(answered.includes(en('request-status-answered')), head, `not answered: ${answered}`);
  j.expect((await head.getByRole('link', { name: en('process-project-link') }).count()) === 1, head, 'no link to the project');
  await j.check(head, 'answered contact');
  await head.getByRole('link', { name: en('process-project-link') }).click();
  await head.waitForURL(/\/projects\/\d+$/);
  await j.check(head, 'the project the need became');

  // The processes as the unit head keeps them.
  await head.goto('/processes');
  await j.check(head, 'processes');
  await head.locator('main ul a').first().click();
  await head.waitForURL(/\/processes\/\d+$/);
  await head.locator('svg.swimlane').waitFor();
  await j.check(head, 'process diagram');
  await head.locator('ol.steps a').first().click();
  await head.waitForURL(/\/process-steps\/\d+\/edit$/);
  await j.check(head, 'process step form');
  await head.fill('#f-days', '999');
  await head.getByRole('button', { name: en('save') }).click();
  await head.locator('#form-alert').waitFor();
  await j.check(head, 'process step with errors');

  // The routing rules: read by everyone, kept by the unit head.
  await head.goto('/routing');
  await j.check(head, 'routing rules');
  await head.getByRole('link', { name: msg('en', 'routing-new') }).click();
  await head.waitForURL('**/routing/new');
  await j.check(head, 'new routing rule');
  await head.getByRole('button', { name: msg('en', 'save') }).click();
  await head.locator('#form-alert').waitFor();
  await j.check(head, 'routing rule with errors');
  await head.goto('/routing');
  await head.locator('ol.rules a').first().click();
  await head.waitForURL(/\/routing\/\d+\/edit$/);
  await j.check(head, 'edit routing rule');
  // Follow-up: what waits, what is late, lead times.
  await head.goto('/requests/dashboard');
  await j.check(head, 'follow-up');
  j.expect((await head.locator('main table').count()) >= 3, head, 'the follow-up tables are missing');

  // Reading e-mail: a saved message is uploaded and reported on.
  await staff.goto('/requests/import');
  await j.check(staff, 'read e-mail');
  await staff.setInputFiles('#f-file', path.join(ROOT, 'crates/web/tests/server/fixtures/mail/palkanlaskenta.eml'));
  await staff.getByRole('button', { name: t('mail-submit') }).click();
  await staff.getByRole('status').waitFor();
  await j.check(staff, 'e-mail report', { sweep: false });

  await head.goto('/requests?status=all');
  await j.check(head, 'every contact');
  j.expect((await head.locator('main tbody tr').count()) > 0, head, 'the list is empty');
});
