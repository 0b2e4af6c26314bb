# Kumppani — suomi (oletuskieli)

## Kehys
skip-to-content = Siirry sisältöön
nav-label = Päävalikko
nav-customers = Asiakkaat
nav-segments = Segmentit
nav-services = Palvelut
nav-users = Käyttäjät
language-label = Kieli
sign-in = Kirjaudu sisään
sign-out = Kirjaudu ulos
error-title = Jokin meni vikaan
back-to-customers = Takaisin asiakkaisiin

## Yleiset
save = Tallenna
save-anyway = Tallenna silti omat muutokseni
cancel = Peruuta
create = Luo
edit = Muokkaa
remove = Poista
actions = Toiminnot
required = pakollinen
choose = – valitse –
none = ei nimetty
yes = Kyllä
no = Ei
search = Hae
filter-all = Kaikki

## Kirjautuminen ja salasana
login-title = Kirjautuminen
login-failed = Käyttäjätunnus tai salasana on väärin.
login-throttled = Liian monta epäonnistunutta kirjautumista. Odota hetki ja yritä uudelleen (enintään 15 minuuttia).
password-title = Salasanan vaihto
password-help = Salasanan vaihto kirjaa sinut ulos kaikilta laitteilta ja mitätöi API-avaimesi. Kirjaudu sen jälkeen uudella salasanalla ja luo tarvittaessa uudet avaimet.

## Asiakkaat
customers-title = Asiakkaat
customer-title = Asiakas
customer-new = Uusi asiakas
customer-new-title = Uusi asiakas
customer-edit-title = Asiakkaan tietojen muokkaus
customer-basic = Perustiedot
customers-count = { $count ->
    [one] 1 asiakas
   *[other] { $count } asiakasta
}
customers-none = Hakuehdoilla ei löytynyt asiakkaita.
search-label = Hae nimellä tai Y-tunnuksella
search-help = Sanan alku riittää, esim. "tamp" tai "0211675".
pager-label = Sivutus
pager-prev = Edellinen sivu
pager-next = Seuraava sivu
notice-saved = Muutokset tallennettiin.
notice-conflict = Joku muu oli muuttanut tietoja sillä välin. Sivulla näkyvät nyt ajantasaiset tiedot; tee muutos uudelleen.

## Yhteyshenkilöt ja palvelut
contacts-title = Yhteyshenkilöt
contacts-none = Yhteyshenkilöitä ei ole vielä lisätty.
contact-new = Lisää yhteyshenkilö
contact-new-title = Uusi yhteyshenkilö
contact-edit-title = Yhteyshenkilön muokkaus
customer-services-title = Ostetut palvelut
customer-services-none = Asiakkaalle ei ole kirjattu palveluita.
service-add-label = Lisää palvelu
service-add = Lisää
critical-yes = Kriittinen
critical-no = Ei kriittinen
mark-critical = Merkitse kriittiseksi
mark-not-critical = Poista kriittisyys

## Historia
history-title = Muutoshistoria
history-none = Ei muutoksia.
history-customer-create = loi asiakkaan
history-customer-update = muutti asiakkaan tietoja
history-customer-delete = poisti asiakkaan
history-contact-create = lisäsi yhteyshenkilön
history-contact-update = muutti yhteyshenkilöä
history-contact-delete = poisti yhteyshenkilön
history-customer-service-create = lisäsi palvelun
history-customer-service-update = muutti palvelun tietoja
history-customer-service-delete = poisti palvelun
field-customer-name = Nimi
field-customer-business_id = Y-tunnus
field-customer-org_type = Organisaatiomuoto
field-customer-segment = Segmentti
field-customer-manager = Kumppanuuspäällikkö
field-customer-deputy = Sijainen
field-customer-notes = Muistiinpanot
field-contact-name = Nimi
field-contact-title = Tehtävänimike
field-contact-email = Sähköposti
field-contact-phone = Puhelin
field-customer_service-service = Palvelu
field-customer_service-critical = Kriittinen

## Lomakkeiden kentät
label-name = Nimi
label-business_id = Y-tunnus
label-org_type = Organisaatiomuoto
label-segment_id = Segmentti (toimintamuoto)
label-manager_id = Kumppanuuspäällikkö
label-deputy_id = Sijainen
label-notes = Muistiinpanot
label-title = Tehtävänimike
label-email = Sähköposti
label-phone = Puhelin
label-service_id = Palvelu
label-critical = Kriittinen asiakkaalle
label-description = Kuvaus
label-customer_count = Asiakkaita
label-username = Käyttäjätunnus
label-display_name = Nimi
label-role = Rooli
label-active = Käytössä
label-password = Salasana
label-current_password = Nykyinen salasana
label-new_password = Uusi salasana

## Organisaatiomuodot
org-type-municipality = Kunta
org-type-joint_authority = Kuntayhtymä
org-type-agency = Virasto tai laitos
org-type-limited_company = Osakeyhtiö
org-type-foundation = Säätiö
org-type-association = Yhdistys
org-type-service_centre = Palvelukeskus
org-type-other = Muu

## Roolit
role-administrator = Pääkäyttäjä
role-unit-head = Yksikön esimies
role-partnership-manager = Kumppanuuspäällikkö
role-project-manager = Projektipäällikkö
role-staff = Henkilöstö
role-external-board-member = Ulkoinen ohjausryhmän jäsen

## Segmentit ja palvelut
segments-title = Segmentit
segments-edit-title = Segmentin muokkaus
segments-intro = Asiakkaat segmentoidaan toimintamuodon mukaan: samalla tavalla toimivia asiakkaita palvellaan samalla tavalla.
segments-new = Uusi segmentti
services-title = Palvelut
services-edit-title = Palvelun muokkaus
services-intro = Palvelukeskuksen palveluluettelo ja kuinka moni asiakas ostaa kutakin palvelua.
services-new = Uusi palvelu

## Käyttäjät
users-title = Käyttäjät
user-new = Uusi käyttäjä
user-new-title = Uusi käyttäjä
user-edit-title = Käyttäjän muokkaus
user-password-help = Ilman salasanaa käyttäjä ei voi vielä kirjautua.

## Lomakkeen virheet
form-has-errors = Korjaa seuraavat kohdat
conflict-title = Joku muu muutti näitä tietoja
conflict-body = Tietoja muutettiin sillä aikaa, kun muokkasit niitä. Kirjoittamasi muutokset ovat alla tallessa. Vertaa niitä nykyisiin tietoihin ja tallenna uudelleen, jos haluat korvata ne.
conflict-current = Nykyiset tallennetut tiedot
error-required = Tieto on pakollinen.
error-too-long = Teksti on liian pitkä. Lyhennä sitä.
error-control-chars = Tekstissä on merkkejä, joita ei voi tallentaa (esim. ohjausmerkkejä). Poista ne tai kirjoita teksti uudelleen.
error-business-id-format = Y-tunnuksen muoto on 1234567-8.
error-business-id-checksum = Y-tunnuksen tarkistusmerkki ei täsmää.
error-business-id-taken = Tällä Y-tunnuksella on jo asiakas.
error-email = Sähköpostiosoite ei ole kelvollinen.
error-phone = Puhelinnumero ei ole kelvollinen (5–15 numeroa, esim. +358 40 123 4567).
error-choice = Valitse jokin vaihtoehdoista.
error-deputy-is-manager = Sijainen ei voi olla sama henkilö kuin kumppanuuspäällikkö.
error-not-found = Valittua kohdetta ei enää ole. Lataa sivu uudelleen ja valitse uudestaan.
error-not-a-manager = Valittu henkilö ei voi vastata asiakkuuksista. Valitse käytössä oleva kumppanuuspäällikkö tai yksikön esimies.
error-duplicate = Sama tieto on jo olemassa.
error-name-taken = Tällä nimellä on jo kohde.
error-username = Käyttäjätunnuksessa saa olla 2–64 merkkiä: a–z, 0–9, piste, viiva ja alaviiva.
error-username-taken = Käyttäjätunnus on jo käytössä.
error-password-short = Salasanan on oltava vähintään 10 merkkiä.
error-password-wrong = Nykyinen salasana on väärin.
error-already-subscribed = Asiakas ostaa jo tämän palvelun.
error-date = Anna päivämäärä muodossa 24.12.2026 tai 2026-12-24.
error-date-range = Vuoden on oltava väliltä 1900–2999.
error-ends-before-start = Loppupäivä ei voi olla ennen alkupäivää.

## Rajapinnan virheet
problem-validation = Pyynnössä on virheellisiä tietoja.
problem-not-found = Hakemaasi kohdetta ei löydy.
problem-stale = Tietoja on muutettu sen jälkeen, kun luit ne. Hae ajantasaiset tiedot ja yritä uudelleen.
problem-if-match-required = Muutos vaatii If-Match-otsakkeen, jossa on luetun version ETag.
problem-forbidden = Sinulla ei ole oikeutta tähän toimintoon. Pyydä oikeutta pääkäyttäjältä, jos tarvitset sitä.
problem-unavailable = Tietokanta ei juuri nyt vastaa. Yritä hetken kuluttua uudelleen.
problem-internal = Odottamaton virhe. Virheen tunniste: { $id }. Jos ongelma toistuu, ota yhteys tukeen ja kerro tunniste.
problem-json-required = Pyynnön sisällön on oltava JSON-muotoa (Content-Type: application/json).
problem-malformed-body = Pyynnön sisältö ei kelpaa: { $detail }
problem-bad-query = Hakuparametrit eivät kelpaa: { $detail }
problem-too-large = Pyyntö on liian suuri.

## Access: tokens and absences
nav-absences = Poissaolot
nav-tokens = API-avaimet
nav-password = Salasana
tokens-title = API-avaimet
tokens-intro = API-avaimella omat skriptisi voivat käyttää Kumppanin rajapintaa sinun oikeuksillasi. Lähetä avain otsakkeessa Authorization: Bearer. Avain lakkaa toimimasta voimassaolon päättyessä, kun mitätöit sen ja kun salasanasi vaihtuu. Mitätöi avain heti, kun sitä ei enää tarvita.
tokens-none = Sinulla ei ole API-avaimia.
token-created = Uusi avain on alla. Kopioi se nyt: sitä ei näytetä uudelleen.
token-created-at = Luotu
token-last-used = Viimeksi käytetty
token-revoked = Mitätöity
token-revoke = Mitätöi
token-new = Uusi API-avain
label-token_name = Käyttötarkoitus
token-expires = Voimassa asti
token-expired = Vanhentunut
label-expires_in_days = Voimassaoloaika
token-lifetime-days = { $days } päivää
error-token-expiry = Valitse voimassaoloajaksi 1–365 päivää.
absences-title = Poissaolot
absences-intro = Kumppanuuspäällikön poissaolon aikana asiakkaiden sijaiset voivat muokata hänen asiakkaitaan.
absences-none = Ei tulevia poissaoloja.
absence-new = Uusi poissaolo
label-starts_on = Alkaa
label-ends_on = Päättyy
label-note = Lisätieto
error-own-customers-only = Kumppanuuspäällikkönä voit luoda asiakkaan vain itsellesi. Yksikön esimies jakaa asiakkuudet.
error-assign-forbidden = Vain yksikön esimies voi vaihtaa asiakkaan kumppanuuspäällikön tai sijaisen.

## Salkun tasapaino (issue 6)
nav-balance = Salkun tasapaino
balance-title = Salkun tasapaino
balance-intro = Jokaisella kumppanuuspäälliköllä pitäisi olla asiakkaita jokaisesta segmentistä, jotta jokainen tuntee kaikki toimintamallit ja voi toimia kollegan sijaisena, ja jokaisella asiakkaalla pitää olla nimetty sijainen. Tämä sivu näyttää, miten hyvin tämä toteutuu nyt.
balance-matrix-title = Asiakkaat päälliköittäin ja segmenteittäin
balance-matrix-help = Kukin solu kertoo, montako asiakasta päälliköllä on segmentissä. Huutomerkillä merkitty nolla tarkoittaa, ettei päälliköllä ole yhtään asiakasta tästä segmentistä.
balance-total = Yhteensä
balance-deputy-for = Sijaisena
balance-inactive = ei käytössä
balance-lacks-segment = (ei yhtään asiakasta tästä segmentistä)
balance-single-holder-short = vain yhdellä päälliköllä
balance-unassigned = Asiakkaita ilman kumppanuuspäällikköä: { $count }
balance-lacking-title = Päälliköt, joilta puuttuu segmentti
balance-lacking-none = Jokaisella päälliköllä on asiakkaita jokaisesta segmentistä.
balance-single-title = Segmentit, joita hoitaa vain yksi päällikkö
balance-single-none = Jokaista segmenttiä hoitaa vähintään kaksi päällikköä.
balance-without-deputy-title = Asiakkaat ilman sijaista
balance-without-deputy-none = Jokaisella asiakkaalla on sijainen.
balance-unfamiliar-title = Sijaiset, jotka eivät tunne segmenttiä
balance-unfamiliar-help = Sijaisella ei ole yhtään asiakasta asiakkaan segmentistä, joten toimintamalli voi olla hänelle vieras.
balance-unfamiliar-none = Jokaisella sijaisella on asiakkaita siitä segmentistä, jossa hän toimii sijaisena.
balance-both-away-title = Päällikkö ja sijainen poissa yhtä aikaa
balance-both-away-help = Näillä asiakkailla ei ole ketään sijaisena näytettyinä aikoina. Järjestä toinen sijainen tai muuta poissaoloja.
balance-both-away-none = Yhdenkään asiakkaan päällikkö ja sijainen eivät ole poissa yhtä aikaa.
balance-rebalance = Tasapainota
balance-rebalance-title = Tasapainota salkku
balance-rebalance-intro = Aseta tavoitteet. Kumppani ehdottaa jakoa, joka täyttää ne ja siirtää mahdollisimman vähän asiakkaita. Mikään ei muutu, ennen kuin yksikön esimies ottaa ehdotuksen käyttöön.
balance-goals = Tavoitteet
label-every_segment = Jokaisella päälliköllä on jokainen segmentti
balance-every-segment-help = Koskee segmenttejä, joissa on vähintään yhtä monta asiakasta kuin päälliköitä.
label-tolerance_percent = Työkuorman toleranssi (%)
balance-tolerance-help = Kunkin päällikön asiakasmäärä pysyy tämän prosentin päässä tasaosuudesta (asiakkaat ÷ päälliköt) kokonaisiksi asiakkaiksi pyöristettynä.
balance-by-count = Työkuorma lasketaan asiakkaiden lukumääränä.
label-deputies = Ehdota myös sijainen jokaiselle asiakkaalle
label-pinned = Asiakkaat, jotka eivät saa siirtyä
balance-pinned-help = Asiakasnumerot tai Y-tunnukset välilyönnein tai pilkuin erotettuina.
label-leaving = Lähtevät päälliköt
label-joining = Aloittavat päälliköt
balance-no-managers = Kenelläkään ei ole vielä asiakkaita.
balance-no-joiners = Kaikilla, jotka voivat hoitaa asiakkaita, on jo asiakkaita.
balance-propose = Tee ehdotus
balance-proposal-title = Tasapainotusehdotus
balance-summary = Yhteenveto
balance-method = Menetelmä
balance-method-min-cost-flow = Pienimmän kustannuksen virtaus (tarkka)
balance-method-weight-classes = Pienimmän kustannuksen virtaukset painoluokittain, haarautumis- ja rajoitusmenetelmä
balance-proven = Optimaalisuus
balance-proven-yes = Todistetusti optimaalinen: mikään tavoitteet täyttävä jako ei siirrä vähempää asiakkaita.
balance-not-proven = Ei todistetusti optimaalinen: mikään jako ei siirrä vähempää kuin { $bound }.
balance-objective = Siirtyvät asiakkaat
balance-moved = { $count } (joista väistämättömiä: { $unavoidable })
balance-band-label = Työkuorman vaihteluväli
balance-band = { $min }–{ $max } asiakasta päällikköä kohden
balance-edit-goals = Muuta tavoitteita
balance-moves-title = Asiakkaat, joiden päällikkö vaihtuu
balance-moves-none = Yhdenkään asiakkaan ei tarvitse siirtyä: tavoitteet täyttyvät jo.
balance-from = Keneltä
balance-to = Kenelle
balance-why = Miksi
balance-keep = Pidä nykyisellä päälliköllä
balance-keep-help = Valitse asiakkaat, joiden pitää pysyä paikallaan, ja laske uudelleen.
balance-recalculate = Laske uudelleen valitut asiakkaat paikallaan pitäen
balance-clears-deputy = Uusi päällikkö on asiakkaan nykyinen sijainen: asiakas tarvitsee uuden sijaisen.
balance-reason-manager-leaving = Päällikkö lähtee.
balance-reason-unassigned = Asiakkaalla ei ollut päällikköä.
balance-reason-segment-coverage = Uudella päälliköllä ei ollut yhtään asiakasta tästä segmentistä.
balance-reason-workload = Työkuormat saadaan vaihteluvälin sisään.
balance-deputies-title = Uudet sijaiset
balance-deputies-none = Jokaisella asiakkaalla on jo sopiva sijainen.
balance-deputy-missing = Asiakkaalla ei ollut sijaista.
balance-deputy-same-as-manager = Sijainen oli asiakkaan oma päällikkö.
balance-deputy-unavailable = Sijainen ei enää hoida asiakkaita.
balance-deputy-balance = Sijaisuudet jakautuvat tasaisemmin.
balance-without-candidate = Asiakkaat, joille ei löydy sijaista (heidän päällikkönsä on ainoa):
balance-loads-title = Työkuorma ennen ja jälkeen
balance-before = Asiakkaita ennen
balance-after = Asiakkaita jälkeen
balance-change = Muutos
balance-deputy-before = Sijaisena ennen
balance-deputy-after = Sijaisena jälkeen
balance-leaving-short = lähtee
balance-apply-title = Ota ehdotus käyttöön
balance-apply-help = Kaikki muutokset tallennetaan kerralla ja kirjataan kunkin asiakkaan muutoshistoriaan. Jos joku muuttaa jotakin näistä asiakkaista ensin, mitään ei tallenneta ja saat uuden ehdotuksen.
balance-apply = Ota muutokset käyttöön
balance-apply-unit-head = Vain yksikön esimies tai ylläpitäjä voi ottaa ehdotuksen käyttöön.
balance-applied = Muutokset on otettu käyttöön. Muuttuneita asiakkaita: { $count }. Ilman sijaista jääneitä asiakkaita: { $cleared }.
balance-stale = Osaa näistä asiakkaista muutettiin ehdotuksen tekemisen jälkeen, joten mitään ei tallennettu. Tässä on uusi ehdotus nykyisten tietojen pohjalta.
balance-infeasible-title = Näitä tavoitteita ei voi täyttää
balance-infeasible-no-managers = Yhdellekään päällikölle ei jäisi asiakkaita. Jätä vähintään yksi päällikkö paikalleen tai lisää aloittava päällikkö.
balance-infeasible-pinned-to-absent = Asiakas { $customer } ei saa siirtyä, mutta sen päällikölle ({ $manager }) ei jää asiakkaita. Vapauta asiakas tai pidä päällikkö.
balance-infeasible-pinned-capacity = Päälliköllä { $manager } on { $pinned } asiakasta, jotka eivät saa siirtyä, enemmän kuin enimmäismäärä { $max }. Vapauta osa niistä tai kasvata toleranssia.
balance-infeasible-pinned-segment = Päälliköllä { $manager } on segmentissä { $segment } { $pinned } asiakasta, jotka eivät saa siirtyä, enemmän kuin enimmäismäärä { $max }.
balance-infeasible-segment-coverage = Segmentissä { $segment } on vain { $movable } siirrettävää asiakasta, mutta { $needed } tarvittaisiin, jotta jokaisella päälliköllä olisi yksi. Vapauta tämän segmentin asiakkaita tai luovu jokaisen segmentin tavoitteesta.
balance-infeasible-tolerance = Mikään jako ei pidä jokaisen työkuormaa välillä { $min }–{ $max } asiakasta ({ $total } asiakasta, { $managers } päällikköä). Kasvata toleranssia.
balance-infeasible-coverage-workload = Jokaiselle päällikölle voi antaa jokaisen segmentin, mutta ei niin, että työkuormat pysyvät välillä { $min }–{ $max } asiakasta. Kasvata toleranssia tai luovu jokaisen segmentin tavoitteesta.
balance-infeasible-undecided = Haku pysähtyi { $nodes } askeleen jälkeen löytämättä jakoa. Löysennä tavoitteita.
balance-nearest = Lähimmät täytettävissä olevat tavoitteet: toleranssi { $tolerance } %, jokaisella päälliköllä jokainen segmentti: { $every }.
balance-nearest-none = Toleranssin löysentäminen ei auta: vain asiakkaiden vapauttaminen tai päälliköiden lisääminen auttaa.
balance-use-nearest = Tee ehdotus näillä tavoitteilla
balance-error-tolerance = Anna toleranssi kokonaislukuna prosentteina väliltä 0–1000.
balance-error-unknown-customer = Tällä numerolla tai Y-tunnuksella ei löydy asiakasta. Tarkista se.
balance-error-joining-and-leaving = Sama henkilö ei voi sekä lähteä että aloittaa. Poista toinen valinnoista.
balance-error-duplicate = Sama asiakas on muutoksissa kahdesti. Tee uusi ehdotus.
cli-assign-dry-run = Mitään ei muutettu (kokeiluajo). Aja uudelleen valitsimella --apply ottaaksesi ehdotuksen käyttöön.
brief-link = Sijaisen tiivistelmä
brief-title = Sijaisen tiivistelmä
brief-heading = Sijaisen tiivistelmä: { $name }
brief-generated = Koottu ajantasaisista tiedoista { $date }.
brief-operating-model = Toimintamalli ja sen käytännöt
brief-no-description = Segmentillä ei ole vielä kuvausta.
brief-people = Kumppanuuspäällikkö ja sijainen
brief-no-deputy = Ei sijaista
brief-no-absences = Ei tulevia poissaoloja.
brief-absent = Poissa
brief-projects = Avoimet kehittämishankkeet
brief-projects-none = Ei avoimia kehittämishankkeita.
brief-critical = Tulevat kriittiset palvelut
brief-critical-none = Asiakkaalle ei ole merkitty kriittisiä palveluita.
brief-critical-help = Tulevat päivitykset ja budjettitapaamiset
brief-needs = Avoimet tarpeet ja toimenpiteet
brief-needs-none = Ei avoimia tarpeita tai toimenpiteitä.
brief-contacts = Tärkeimmät yhteyshenkilöt

## Deputising
deputising-title = Sijaistettavat asiakkaat nyt
deputising-help = Näiden asiakkaiden kumppanuuspäällikkö on poissa. Sijaisena voit muokata niitä poissaolon ajan.
deputising-brief = sijaisen tietopaketti

## Projektit (tiketti 5, ensimmäinen osa: rekisteri ja tilahistoria)
nav-projects = Projektit
projects-title = Projektisalkku
projects-count = { $count ->
    [one] Yksi projekti
   *[other] { $count } projektia
}
projects-none = Ei hakuehtoja vastaavia projekteja.
project-new = Uusi projekti
project-new-title = Uusi projekti
project-edit-title = Muokkaa projektia
project-title = Projekti
project-basic = Projektin tiedot
project-internal = Sisäinen projekti
project-status-title = Tilahistoria
project-status-none = Tilapäivityksiä ei vielä ole.
project-status-add = Lisää tilapäivitys
notice-status-added = Tilapäivitys lisättiin historiaan.
label-customer_id = Asiakas
label-executive_id = Omistaja (Executive)
label-project_manager_id = Projektipäällikkö
label-stage = Vaihe
label-stage_number = Toteutusvaiheen numero
label-tolerance_time = Aikatoleranssi
label-tolerance_cost = Kustannustoleranssi
label-tolerance_scope = Laajuustoleranssi
label-rag = Tila
label-highlight = Tilannekatsaus
stage-starting_up = Käynnistys
stage-initiating = Valmistelu
stage-delivery = Toteutus
stage-delivery-n = Toteutus, vaihe { $number }
stage-closing = Päättäminen
stage-closed = Päättynyt
rag-red = Punainen
rag-amber = Keltainen
rag-green = Vihreä
rag-none = Ei vielä tilaa
error-stage-number = Anna vaiheen numero väliltä 1–99.
error-stage-number-not-delivery = Vain toteutusvaiheella on numero.
error-not-staff = Valitse palvelukeskuksen aktiivinen työntekijä.
error-own-projects-only = Voit luoda vain projekteja, joita itse johdat tai omistat.
projects-filter-capped = Suodatin tarjoaa vain { $count } ensimmäistä asiakasta (nimen mukaan), joilla on projekteja.
