// "Changed by someone else": two people edit the same customer in two
// browsers. The second save is stopped, says why, keeps what was typed and
// shows what is saved now; "save anyway" then saves it. In each language.

import { test, before, after } from 'node:test';
import { journeyRunner, msg, LANGS, othersCustomer } from '../lib/harness.mjs';

const journey = journeyRunner(test, { before, after });

LANGS.forEach((lang, i) => {
  journey(`two people edit the same customer: the second sees the conflict and keeps their text (${lang})`, async (j) => {
    const t = (id) => msg(lang, id);
    const first = await (await j.context({ lang })).newPage();
    const second = await (await j.context({ lang })).newPage();
    await j.signIn(first, 'admin');
    await j.signIn(second, 'esimies');

    // Both open the same customer's edit form (a different customer per language).
    const name = await othersCustomer(first, 10 + i);
    await first.getByRole('link', { name, exact: true }).click();
    await first.waitForURL(/\/customers\/\d+$/);
    const customerPath = new URL(first.url()).pathname;
    await first.locator('main').getByRole('link', { name: t('edit'), exact: true }).click();
    await first.waitForURL(/\/edit$/);
    await second.goto(`${customerPath}/edit`);
    await j.check(second, 'edit form');

    // The first saves.
    const theirs = `Ensimmäinen tallensi ${Date.now()}.`;
    await first.getByLabel(t('label-notes')).fill(theirs);
    await first.getByRole('button', { name: t('save'), exact: true }).click();
    await first.waitForURL(/\?notice=saved$/);

    // The second, who typed meanwhile, saves on top of an older version.
    const mine = `Toinen kirjoitti samaan aikaan ${Date.now()}.`;
    const newName = `${name} (muutettu)`;
    await second.getByLabel(new RegExp(`^${t('label-name')}`)).fill(newName);
    await second.getByLabel(t('label-notes')).fill(mine);
    const [response] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.getByRole('button', { name: t('save'), exact: true }).click(),
    ]);
    await second.waitForLoadState();
    j.expect(response.status() === 409, second, `the stale save answered ${response.status()}`);
    const alert = second.getByRole('alert');
    const alertText = await alert.innerText();
    j.expect(alertText.includes(t('conflict-title')) && alertText.includes(t('conflict-body')), second, `no conflict message: ${alertText}`);
    j.expect((await second.getByLabel(t('label-notes')).inputValue()) === mine, second, 'the notes typed were lost');
    j.expect((await second.getByLabel(new RegExp(`^${t('label-name')}`)).inputValue()) === newName, second, 'the name typed was lost');
    const current = second.getByRole('region', { name: t('conflict-current') });
    j.expect((await current.innerText()).includes(theirs), second, 'the current saved details are not shown');
    await j.check(second, 'edit form with conflict');
    if (lang === 'en') await j.screenshot(second, 'customer-conflict');

    // Having seen the current details, save anyway.
    await second.getByRole('button', { name: t('save-anyway') }).click();
    await second.waitForURL(/\?notice=saved$/);
    j.expect((await second.getByRole('heading', { level: 1 }).innerText()) === newName, second, 'the name was not saved');
    j.expect((await second.locator('main dl.facts').innerText()).includes(mine), second, 'the notes were not saved');

    // Put the name back for the other journeys.
    await second.locator('main').getByRole('link', { name: t('edit'), exact: true }).click();
    await second.getByLabel(new RegExp(`^${t('label-name')}`)).fill(name);
    await second.getByRole('button', { name: t('save'), exact: true }).click();
    await second.waitForURL(/\?notice=saved$/);
  });
});
