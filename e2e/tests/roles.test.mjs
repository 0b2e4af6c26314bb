// Sign in as each role of the demo service centre and check what each one
// sees and may do, following the links a person would click.

import { test, before, after } from 'node:test';
import { journeyRunner, msg, whoAmI } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

// What each demo role sees. Each signs in in its own language so all three
// are walked for real (every page is checked in the other two as well).
const ROLES = [
  { user: 'admin', lang: 'fi', editCustomers: true, editCatalog: true, manageUsers: true },
  { user: 'esimies', lang: 'sv', editCustomers: true, editCatalog: true, manageUsers: true },
  { user: 'kp.virtanen', lang: 'en', editCustomers: true, editCatalog: false, manageUsers: false },
  { user: 'pp.jokinen', lang: 'fi', editCustomers: false, editCatalog: false, manageUsers: false },
  { user: 'marko.ahonen', lang: 'sv', editCustomers: false, editCatalog: false, manageUsers: false },
];

for (const role of ROLES) {
  journey(`${role.user} signs in and sees what the role allows`, async (j) => {
    const { lang } = role;
    const t = (id) => msg(lang, id);
    const context = await j.context({ lang });
    const page = await context.newPage();
    await j.signIn(page, role.user);

    // The customer list is the landing page.
    j.expect(new URL(page.url()).pathname === '/customers', page, `landed on ${page.url()}`);
    await j.check(page, 'customer list');
    const rows = await page.locator('#results tbody tr').count();
    j.expect(rows > 0, page, 'no customers listed');
    const nav = page.getByRole('navigation', { name: t('nav-label') });
    j.expect((await nav.getByRole('link', { name: t('nav-customers') }).count()) === 1, page, 'no Customers link');
    j.expect((await nav.getByRole('link', { name: t('nav-users') }).count()) === 1, page, 'no Users link');
    const newCustomer = await page.getByRole('link', { name: t('customer-new') }).count();
    j.expect(newCustomer === (role.editCustomers ? 1 : 0), page, `"${t('customer-new')}" shown ${newCustomer} times`);

    // A customer: staff see no buttons that change anything.
    await page.locator('#results tbody tr a').first().click();
    await page.waitForURL(/\/customers\/\d+$/);
    await j.check(page, 'customer page');
    const main = page.locator('main');
    const editLinks = await main.getByRole('link', { name: t('edit'), exact: true }).count();
    const contactNew = await main.getByRole('link', { name: t('contact-new') }).count();
    const buttons = await main.locator('button').count();
    if (role.editCustomers) {
      // A partnership manager's edit rights depend on the customer (see customers.test.mjs).
      if (role.user !== 'kp.virtanen') j.expect(editLinks === 1 && contactNew === 1, page, 'no edit or add-contact link');
    } else {
      j.expect(editLinks === 0 && contactNew === 0 && buttons === 0, page, `staff see ${editLinks} edit links, ${contactNew} add-contact links, ${buttons} buttons`);
      j.expect((await main.locator('form').count()) === 0, page, 'staff see a form on the customer page');
    }

    // The forms behind the missing buttons are refused too, with a page that says so.
    const customerPath = new URL(page.url()).pathname;
    const refused = [
      ...(role.editCustomers ? [] : [`${customerPath}/edit`, '/customers/new', `${customerPath}/contacts/new`]),
      ...(role.editCatalog ? [] : ['/segments/1', '/services/1']),
      ...(role.manageUsers ? [] : ['/users/new', '/users/1']),
    ];
    for (const path of refused) {
      const response = await page.goto(path);
      j.expect(response.status() === 403, page, `${path} answered ${response.status()}`);
      j.expect((await main.innerText()).includes(t('problem-forbidden')), page, `${path}: the refusal is not explained`);
      await j.check(page, `${path} refused`);
    }
    await page.goto(customerPath);

    // Segments and services: read by all staff, edited by the unit head and admins.
    for (const [navId, section] of [['nav-segments', 'segments'], ['nav-services', 'services']]) {
      await nav.getByRole('link', { name: t(navId) }).click();
      await page.waitForURL(`**/${section}`);
      await j.check(page, section);
      const edits = await main.getByRole('link', { name: new RegExp(`^${t('edit')}`) }).count();
      const forms = await main.locator('form').count();
      j.expect(role.editCatalog ? edits > 0 && forms === 1 : edits === 0 && forms === 0, page, `${section}: ${edits} edit links, ${forms} forms`);
      if (role.editCatalog) {
        await main.getByRole('link', { name: new RegExp(`^${t('edit')}`) }).first().click();
        await page.waitForURL(new RegExp(`/${section}/\\d+$`));
        await j.check(page, `${section} edit form`);
        await page.getByRole('link', { name: t('cancel') }).click();
        await page.waitForURL(`**/${section}`);
      }
    }

    // Users: the directory for all staff; only the unit head and admins manage.
    await nav.getByRole('link', { name: t('nav-users') }).click();
    await page.waitForURL('**/users');
    await j.check(page, 'users');
    const newUser = await page.getByRole('link', { name: t('user-new') }).count();
    j.expect(newUser === (role.manageUsers ? 1 : 0), page, `"${t('user-new')}" shown ${newUser} times`);
    const userLinks = await main.locator('tbody a[href^="/users/"]:not([href$="/absences"])').count();
    j.expect(role.manageUsers ? userLinks > 0 : userLinks === 0, page, `${userLinks} links to user forms`);
    if (role.manageUsers) {
      await page.getByRole('link', { name: t('user-new') }).click();
      await page.waitForURL('**/users/new');
      await j.check(page, 'new user form');
      // Submitting it empty shows the errors, linked to their fields.
      await page.getByLabel(new RegExp(`^${t('label-username')}`)).fill('');
      await page.getByRole('button', { name: t('save') }).click();
      await page.getByRole('alert').waitFor();
      await j.check(page, 'new user form with errors');
      await page.getByRole('link', { name: t('cancel') }).click();
      await page.waitForURL('**/users');
      await main.locator('tbody a[href^="/users/"]:not([href$="/absences"])').first().click();
      await page.waitForURL(/\/users\/\d+$/);
      await j.check(page, 'user form');
    }

    // One's own pages from the header.
    const me = await whoAmI(page);
    j.expect(me.length > 0, page, 'the header does not name the signed-in user');
    for (const [id, path] of [['nav-absences', /\/users\/\d+\/absences$/], ['nav-tokens', /\/account\/tokens$/], ['nav-password', /\/account\/password$/]]) {
      await page.locator('header .account').getByRole('link', { name: t(id) }).click();
      await page.waitForURL(path);
      await j.check(page, id);
    }

    await j.sweep(context);
    await page.getByRole('button', { name: t('sign-out') }).click();
    await page.waitForURL('**/login');
    await page.goto('/customers');
    j.expect(new URL(page.url()).pathname === '/login', page, 'still signed in after signing out');
  });
}

journey('ulkoinen (external board member) sees no customer, catalogue or staff data', async (j) => {
  const lang = 'fi';
  const t = (id) => msg(lang, id);
  const context = await j.context({ lang });
  const page = await context.newPage();
  await j.signIn(page, 'ulkoinen');
  // Their landing page is their own boards ("My projects").
  j.expect(new URL(page.url()).pathname === '/my-projects', page, `landed on ${page.url()}`);
  await j.check(page, 'landing page');
  await page.goto('/customers');
  const noData = async (what) => {
    j.expect((await page.locator('main table').count()) === 0, page, `${what}: a table is shown`);
    j.expect((await page.locator('main form').count()) === 0, page, `${what}: a form is shown`);
    j.expect((await page.locator('main').innerText()).includes(t('problem-not-found')), page, `${what}: not the not-found message`);
  };
  await noData('/customers');
  for (const id of ['nav-customers', 'nav-segments', 'nav-services', 'nav-users']) {
    j.expect((await page.getByRole('link', { name: t(id), exact: true }).count()) === 0, page, `a link "${t(id)}" is offered`);
  }
  for (const path of ['/customers?q=a', '/customers/1', '/customers/1/edit', '/customers/new', '/segments', '/services', '/users', '/users/1/absences']) {
    const response = await page.goto(path);
    j.expect(response.status() === 404, page, `${path} answered ${response.status()}`);
    await noData(path);
    await j.check(page, path, { sweep: path === '/customers/1' });
  }
  // Their own API tokens page works, offers no links to others' data, and
  // signs out from there.
  await page.goto('/account/tokens');
  await j.check(page, 'tokens');
  for (const id of ['nav-customers', 'nav-segments', 'nav-services', 'nav-users', 'nav-absences']) {
    j.expect((await page.getByRole('link', { name: t(id), exact: true }).count()) === 0, page, `a link "${t(id)}" is offered`);
  }
  await j.sweep(context);
  await page.getByRole('button', { name: t('sign-out') }).click();
  await page.waitForURL('**/login');
});
