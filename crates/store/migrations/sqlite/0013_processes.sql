-- Customer-interface processes as data (SPEC §5): templates of ordered
-- steps the unit head edits, and runs that follow one customer contact
-- through them. A run's steps land on the contact's timeline
-- (request_events 'process', 'step', 'project').

CREATE TABLE process_templates (
    id            INTEGER PRIMARY KEY,
    template_key  TEXT NOT NULL UNIQUE,
    name_fi       TEXT NOT NULL,
    name_sv       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- `outcomes` is a newline-separated list (done, approved, rejected);
-- `action` what Kumppani does when the step is done.
CREATE TABLE process_steps (
    id           INTEGER PRIMARY KEY,
    template_id  BIGINT NOT NULL REFERENCES process_templates(id),
    position     BIGINT NOT NULL,
    step_key     TEXT NOT NULL,
    lane         TEXT NOT NULL CHECK (lane IN ('customer', 'partnership_manager', 'service_desk', 'service_owner',
                                               'project')),
    days         BIGINT NOT NULL CHECK (days BETWEEN 0 AND 365),
    title_fi     TEXT NOT NULL,
    title_sv     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    tell_fi      TEXT NOT NULL DEFAULT '',
    tell_sv      TEXT NOT NULL DEFAULT '',
    tell_en      TEXT NOT NULL DEFAULT '',
    outcomes     TEXT NOT NULL,
    action       TEXT NOT NULL DEFAULT 'none' CHECK (action IN ('none', 'create_project')),
    version      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (template_id, step_key)
);
CREATE INDEX process_steps_template ON process_steps(template_id, position);

-- One run per contact. `position` is the step it is at (1-based) while
-- running; `step_started_at` when that step began (what "overdue" counts
-- from). `status` running, finished (accepted) or rejected.
CREATE TABLE process_runs (
    id               INTEGER PRIMARY KEY,
    request_id       BIGINT NOT NULL UNIQUE REFERENCES customer_requests(id),
    template_id      BIGINT NOT NULL REFERENCES process_templates(id),
    position         BIGINT NOT NULL,
    step_started_at  TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('running', 'finished', 'rejected')),
    project_id       BIGINT REFERENCES projects(id),
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX process_runs_status ON process_runs(status, template_id);

-- The two processes the seed names.
INSERT INTO process_templates (template_key, name_fi, name_sv, name_en, created_at, updated_at) VALUES
    ('development_project', 'Kehittämisprojektin käynnistäminen', 'Start av ett utvecklingsprojekt', 'Launching a development project', '2026-12-06T00:00:00+00:00', '2026-12-06T00:00:00+00:00');
INSERT INTO process_templates (template_key, name_fi, name_sv, name_en, created_at, updated_at) VALUES
    ('service_development', 'Olemassa olevan palvelun kehittäminen', 'Utveckling av en befintlig tjänst', 'Developing an existing service', '2026-12-06T00:00:00+00:00', '2026-12-06T00:00:00+00:00');
INSERT INTO process_steps (template_id, position, step_key, lane, days, title_fi, title_sv, title_en,
                           tell_fi, tell_sv, tell_en, outcomes, action) VALUES
    ((SELECT id FROM process_templates WHERE template_key = 'development_project'), 1, 'received', 'partnership_manager', 2, 'Tarve vastaanotettu', 'Behovet mottaget', 'Need received',
     'Kiitos, kehittämistarpeenne on kirjattu. Kumppanuuspäällikkönne ottaa yhteyttä.', 'Tack, ert utvecklingsbehov är registrerat. Er partnerskapschef kontaktar er.',
     'Thank you, your development need is recorded. Your partnership manager will be in touch.', 'done', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'development_project'), 2, 'clarified', 'customer', 10, 'Tarve tarkennettu asiakkaan kanssa', 'Behovet preciserat med kunden', 'Need clarified with the customer',
     'Tarkennamme kanssanne, mitä tarvitsette ja mihin mennessä.', 'Vi preciserar med er vad ni behöver och när.',
     'We are clarifying with you what you need and by when.', 'done
rejected', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'development_project'), 3, 'assessed', 'partnership_manager', 10, 'Arvioitu: työmäärä ja sopivuus asiakkuussuunnitelmaan', 'Bedömt: arbetsmängd och passform med kundplanen', 'Assessed: effort and fit with the account plan',
     'Arvioimme työmäärän ja sen, miten tarve sopii asiakkuussuunnitelmaanne.', 'Vi bedömer arbetsmängden och hur behovet passar er kundplan.',
     'We are assessing the effort and how the need fits your account plan.', 'done
rejected', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'development_project'), 4, 'decided', 'customer', 20, 'Ehdotus ja päätös', 'Förslag och beslut', 'Proposal and decision',
     'Saatte ehdotuksen päätettäväksi.', 'Ni får ett förslag att besluta om.',
     'You receive a proposal to decide on.', 'approved
rejected', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'development_project'), 5, 'project_started', 'project', 10, 'Projekti käynnistetty, ohjausryhmä muodostettu ja ohjeistus lähetetty', 'Projektet startat, styrgruppen bildad och anvisningen skickad', 'Project started, board formed and guidance sent',
     'Projekti on käynnistetty; ohjausryhmän jäsenet saavat ohjeistuksen.', 'Projektet har startat; styrgruppens medlemmar får anvisningen.',
     'The project has started; the board members receive their guidance.', 'done', 'create_project');
INSERT INTO process_steps (template_id, position, step_key, lane, days, title_fi, title_sv, title_en,
                           tell_fi, tell_sv, tell_en, outcomes, action) VALUES
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 1, 'received', 'partnership_manager', 2, 'Tarve vastaanotettu', 'Behovet mottaget', 'Need received',
     'Kiitos, palvelun kehittämistarve on kirjattu.', 'Tack, behovet att utveckla tjänsten är registrerat.',
     'Thank you, the need to develop the service is recorded.', 'done', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 2, 'impact_assessed', 'service_owner', 10, 'Vaikutukset arvioitu palvelun omistajan kanssa', 'Konsekvenserna bedömda med tjänsteägaren', 'Impact assessed with the service owner',
     'Arvioimme muutoksen vaikutukset palvelun omistajan kanssa.', 'Vi bedömer ändringens konsekvenser med tjänsteägaren.',
     'We are assessing the impact with the service owner.', 'done
rejected', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 3, 'decided', 'partnership_manager', 10, 'Päätös', 'Beslut', 'Decision',
     'Kerromme päätöksestä ja sen perusteista.', 'Vi berättar om beslutet och grunderna för det.',
     'We tell you the decision and why.', 'approved
rejected', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 4, 'change_scheduled', 'service_owner', 5, 'Muutos aikataulutettu', 'Ändringen schemalagd', 'Change scheduled',
     'Muutoksen ajankohta näkyy asiakkuussuunnitelmassanne.', 'Tidpunkten för ändringen syns i er kundplan.',
     'The date of the change shows in your account plan.', 'done', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 5, 'delivered', 'service_desk', 30, 'Toimitettu', 'Levererat', 'Delivered',
     'Muutos on otettu käyttöön.', 'Ändringen har tagits i bruk.',
     'The change is in use.', 'done', 'none'),
    ((SELECT id FROM process_templates WHERE template_key = 'service_development'), 6, 'confirmed', 'customer', 10, 'Asiakas vahvistaa', 'Kunden bekräftar', 'Customer confirms',
     'Vahvistakaa, että muutos vastaa tarvettanne.', 'Bekräfta att ändringen motsvarar ert behov.',
     'Please confirm the change meets your need.', 'done', 'none');
