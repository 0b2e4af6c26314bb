#!/usr/bin/env python3
"""Turn the peer's CSV export (export_dataset.py: users, organisations,
contacts, activities) into Kumppani's import layout (README, "Importing").

    python3 bench/creme_to_kumppani.py /tmp/peer/dataset OUTDIR

Writes OUTDIR/{users,customers,contacts,activities}.csv. Users become
partnership managers (created with `kumppani user add`); organisations become
customers whose segment is the peer's sector; activity types map to kinds.
"""
import csv
import os
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def rows(name):
    with open(os.path.join(src, f'{name}.csv'), newline='') as fh:
        yield from csv.DictReader(fh)


def write(name, header, records):
    with open(os.path.join(out, f'{name}.csv'), 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(header)
        n = 0
        for r in records:
            w.writerow(r)
            n += 1
    print(f'{name}: {n} rows')


users = {r['id']: r for r in rows('users')}
username = {uid: u['username'] for uid, u in users.items()}
write('users', ['username', 'name', 'email'],
      ([u['username'], f"{u['first_name']} {u['last_name']}".strip() or u['username'], u['email']]
       for u in users.values()))


def notes(*parts):
    return '\n'.join(p for p in parts if p)


write('customers', ['external_id', 'name', 'org_type', 'segment', 'manager', 'notes'],
      ([f"org-{o['id']}", o['name'], 'limited_company', o['sector'] or 'Other', username.get(o['owner_id'], ''),
        notes(o['description'], ' · '.join(x for x in (o['phone'], o['email'], o['url_site']) if x))]
       for o in rows('organisations')))
write('contacts', ['external_id', 'customer', 'name', 'email', 'phone'],
      ([f"contact-{c['id']}", f"org-{c['organisation_id']}", f"{c['first_name']} {c['last_name']}".strip(),
        c['email'], c['phone']] for c in rows('contacts')))
KINDS = {'meeting': 'meeting', 'phone call': 'call', 'task': 'task', 'email': 'email'}
write('activities', ['external_id', 'customer', 'date', 'kind', 'title', 'owner', 'notes'],
      ([f"activity-{a['id']}", f"org-{a['organisation_id']}", a['start'], KINDS.get(a['type'].lower(), 'other'),
        a['title'], username.get(a['owner_id'], ''), ' · '.join(x for x in (a['sub_type'], a['status']) if x)]
       for a in rows('activities')))
