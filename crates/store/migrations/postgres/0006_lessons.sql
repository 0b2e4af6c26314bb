-- Stakeholders and communication plans, the lessons log with its full-text
-- index, the PRINCE2 glossary, and what the project register needs for them
-- (a project type, and an external id that makes re-imports idempotent).
ALTER TABLE projects ADD COLUMN project_type TEXT;
-- The id a project server gave the project (MSPDI GUID, CSV id column).
ALTER TABLE projects ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX projects_external_id ON projects(external_id);
CREATE INDEX projects_type ON projects(project_type);

CREATE TABLE stakeholders (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT NOT NULL REFERENCES projects(id),
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    side          TEXT NOT NULL CHECK (side IN ('customer', 'supplier', 'centre')),
    interest      TEXT CHECK (interest IN ('low', 'medium', 'high')),
    influence     TEXT CHECK (influence IN ('low', 'medium', 'high')),
    note          TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX stakeholders_project ON stakeholders(project_id, id);

-- Communication is the board's responsibility (SPEC §4): the responsible
-- member stays on the line even when the work is delegated.
CREATE TABLE communication_lines (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        BIGINT NOT NULL REFERENCES projects(id),
    stakeholder_id    BIGINT NOT NULL REFERENCES stakeholders(id),
    responsible_id    BIGINT NOT NULL REFERENCES users(id),
    responsible_role  TEXT NOT NULL,
    delegated_to_id   BIGINT REFERENCES users(id),
    channel           TEXT NOT NULL,
    frequency         TEXT NOT NULL,
    content           TEXT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX communication_lines_project ON communication_lines(project_id, id);
CREATE INDEX communication_lines_stakeholder ON communication_lines(stakeholder_id);

CREATE TABLE lessons (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      BIGINT NOT NULL REFERENCES projects(id),
    title           TEXT NOT NULL,
    happened        TEXT NOT NULL,
    advice          TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('repeat', 'avoid')),
    category        TEXT NOT NULL,
    logged_by_id    BIGINT REFERENCES users(id),
    logged_by_name  TEXT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- Full text: Finnish stemming plus the unstemmed words (for prefix
    -- matches and words the stemmer does not know), title weighted higher.
    search          TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('finnish', title), 'A') || setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('finnish', happened || ' ' || advice), 'B') ||
        setweight(to_tsvector('simple', happened || ' ' || advice), 'B')
    ) STORED
);
CREATE INDEX lessons_project ON lessons(project_id, id);
CREATE INDEX lessons_category ON lessons(category);
CREATE INDEX lessons_search ON lessons USING GIN (search);

CREATE TABLE glossary_terms (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- stable key the code refers to (board roles: executive, senior_user …)
    term_key        TEXT NOT NULL UNIQUE,
    term_en         TEXT NOT NULL,
    term_fi         TEXT NOT NULL,
    term_sv         TEXT NOT NULL,
    definition_en   TEXT NOT NULL DEFAULT '',
    definition_fi   TEXT NOT NULL DEFAULT '',
    definition_sv   TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- The PRINCE2 glossary with the organisation's agreed wording (SPEC §4).
-- The board roles' rows are the labels the pages use for those roles.
INSERT INTO glossary_terms (term_key, term_en, term_fi, term_sv, definition_en, definition_fi, definition_sv, created_at, updated_at) VALUES
('executive', 'Executive', 'Omistaja', 'Projektägare',
 'Owns the business case and chairs the project board; answers for the project as a whole.',
 'Vastaa liiketoimintaperusteesta ja johtaa ohjausryhmää; vastaa projektista kokonaisuutena.',
 'Äger den affärsmässiga motiveringen och leder styrgruppen; ansvarar för projektet som helhet.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('senior_user', 'Senior User', 'Käyttäjien edustaja', 'Användarrepresentant',
 'Speaks for those who will use the result; makes sure it meets their needs and communicates towards the customer organisation.',
 'Edustaa lopputuloksen käyttäjiä; varmistaa, että tulos vastaa tarpeita, ja viestii asiakasorganisaation suuntaan.',
 'Företräder dem som ska använda resultatet; ser till att det motsvarar behoven och kommunicerar mot kundorganisationen.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('senior_supplier', 'Senior Supplier', 'Toimittajan edustaja', 'Leverantörsrepresentant',
 'Speaks for those who design and build the result; commits the supplier''s resources and communicates towards the supplier.',
 'Edustaa lopputuloksen suunnittelijoita ja tekijöitä; sitoo toimittajan resurssit ja viestii toimittajan suuntaan.',
 'Företräder dem som utformar och bygger resultatet; binder leverantörens resurser och kommunicerar mot leverantören.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('project_assurance', 'Project Assurance', 'Projektin laadunvarmistus', 'Projektkvalitetssäkring',
 'Checks on behalf of the board, independently of the project manager, that the project stays on course.',
 'Varmistaa ohjausryhmän puolesta ja projektipäälliköstä riippumatta, että projekti pysyy suunnitellussa.',
 'Kontrollerar för styrgruppens räkning, oberoende av projektledaren, att projektet håller kursen.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('project_support', 'Project Support', 'Projektin tuki', 'Projektstöd',
 'Administrative help for the project manager: plans, records, configuration management.',
 'Projektipäällikön hallinnollinen tuki: suunnitelmat, kirjaukset ja versionhallinta.',
 'Administrativt stöd åt projektledaren: planer, register och konfigurationsstyrning.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('change_authority', 'Change Authority', 'Muutosvaltuutettu', 'Ändringsansvarig',
 'Decides on requests for change within limits the board delegated.',
 'Päättää muutospyynnöistä ohjausryhmän delegoimissa rajoissa.',
 'Beslutar om ändringsbegäranden inom de gränser styrgruppen delegerat.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('project_manager', 'Project Manager', 'Projektipäällikkö', 'Projektledare',
 'Runs the project day to day within the tolerances the board set; attends the board.',
 'Johtaa projektia päivittäin ohjausryhmän asettamien toleranssien sisällä; osallistuu ohjausryhmään.',
 'Leder projektet dagligen inom de toleranser styrgruppen satt; deltar i styrgruppen.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('project_board', 'Project Board', 'Ohjausryhmä', 'Styrgrupp',
 'Executive, senior user and senior supplier together: decides on progress, scope, budget and schedule.',
 'Omistaja, käyttäjien edustaja ja toimittajan edustaja yhdessä: päättää etenemisestä, laajuudesta, budjetista ja aikataulusta.',
 'Projektägare, användar- och leverantörsrepresentant tillsammans: beslutar om framsteg, omfattning, budget och tidplan.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('stage', 'Management stage', 'Vaihe', 'Etapp',
 'A section of the project that the board authorises one at a time.',
 'Projektin osa, jonka ohjausryhmä hyväksyy käynnistettäväksi yksi kerrallaan.',
 'En del av projektet som styrgruppen godkänner en i taget.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('highlight_report', 'Highlight Report', 'Tilanneraportti', 'Lägesrapport',
 'The project manager''s regular report to the board on the stage''s progress.',
 'Projektipäällikön säännöllinen raportti ohjausryhmälle vaiheen etenemisestä.',
 'Projektledarens regelbundna rapport till styrgruppen om etappens framsteg.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('tolerances', 'Tolerances', 'Toleranssit', 'Toleranser',
 'The permitted deviation in time, cost and scope before the board must be told.',
 'Sallittu poikkeama ajassa, kustannuksissa ja laajuudessa ennen kuin asia on vietävä ohjausryhmälle.',
 'Tillåten avvikelse i tid, kostnad och omfattning innan styrgruppen måste informeras.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('exception', 'Exception', 'Poikkeama', 'Avvikelse',
 'A forecast that a tolerance will be exceeded; the board decides what follows.',
 'Ennuste siitä, että toleranssi ylittyy; ohjausryhmä päättää jatkosta.',
 'En prognos om att en tolerans kommer att överskridas; styrgruppen beslutar om fortsättningen.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('exception_report', 'Exception Report', 'Poikkeamaraportti', 'Avvikelserapport',
 'Tells the board of an exception and the options for dealing with it.',
 'Kertoo ohjausryhmälle poikkeamasta ja sen käsittelyvaihtoehdoista.',
 'Informerar styrgruppen om en avvikelse och alternativen för att hantera den.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('lessons_log', 'Lessons Log', 'Oppimispäiväkirja', 'Erfarenhetslogg',
 'What went well or badly, recorded so that later projects can repeat or avoid it.',
 'Mikä onnistui tai epäonnistui, kirjattuna jotta myöhemmät projektit voivat toistaa tai välttää sen.',
 'Vad som gick bra eller dåligt, antecknat så att senare projekt kan upprepa eller undvika det.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('business_case', 'Business Case', 'Liiketoimintaperuste', 'Affärsmässig motivering',
 'Why the project is worth doing: benefits, costs, risks; reviewed at every stage boundary.',
 'Miksi projekti kannattaa tehdä: hyödyt, kustannukset ja riskit; tarkistetaan jokaisen vaiheen lopussa.',
 'Varför projektet är värt att genomföra: nyttor, kostnader och risker; ses över vid varje etappgräns.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('end_stage_report', 'End Stage Report', 'Vaiheen päätösraportti', 'Etappslutrapport',
 'The project manager''s account of a stage at its end, on which the board decides the next.',
 'Projektipäällikön selvitys vaiheesta sen päättyessä; ohjausryhmä päättää sen perusteella seuraavasta.',
 'Projektledarens redogörelse för en etapp när den slutar; styrgruppen beslutar om nästa utifrån den.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('project_initiation_documentation', 'Project Initiation Documentation', 'Projektisuunnitelma', 'Projektplan',
 'The plans and approaches agreed at initiation: the basis on which the board authorises the project.',
 'Käynnistysvaiheessa sovitut suunnitelmat ja toimintatavat: peruste, jolla ohjausryhmä hyväksyy projektin.',
 'De planer och arbetssätt som avtalats vid initieringen: grunden för styrgruppens godkännande.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('stakeholder', 'Stakeholder', 'Sidosryhmä', 'Intressent',
 'Anyone affected by or with influence over the project, in the customer, the supplier or the centre.',
 'Kuka tahansa, johon projekti vaikuttaa tai jolla on vaikutusvaltaa siihen: asiakkaalla, toimittajalla tai keskuksessa.',
 'Alla som påverkas av eller har inflytande över projektet, hos kunden, leverantören eller centret.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('communication_plan', 'Communication Management Approach', 'Viestintäsuunnitelma', 'Kommunikationsplan',
 'Who tells whom what, how and how often; each board member answers for their own side.',
 'Kuka viestii kenelle mitä, miten ja kuinka usein; kukin ohjausryhmän jäsen vastaa omasta puolestaan.',
 'Vem berättar vad för vem, hur och hur ofta; varje styrgruppsmedlem ansvarar för sin egen sida.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00'),
('risk_register', 'Risk Register', 'Riskirekisteri', 'Riskregister',
 'The project''s risks with their owners, likelihood, impact and responses.',
 'Projektin riskit omistajineen, todennäköisyyksineen, vaikutuksineen ja toimenpiteineen.',
 'Projektets risker med ägare, sannolikhet, konsekvens och åtgärder.', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00');
