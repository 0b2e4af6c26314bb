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
login-throttled = Liian monta epäonnistunutta kirjautumista. Yritä uudelleen 15 minuutin kuluttua.
password-title = Salasanan vaihto
password-help = Salasanan vaihto kirjaa sinut ulos kaikilta laitteilta. Kirjaudu sen jälkeen uudella salasanalla.

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

## Access: tokens and absences
nav-absences = Poissaolot
nav-tokens = API-avaimet
nav-password = Salasana
tokens-title = API-avaimet
tokens-intro = API-avaimella omat skriptisi voivat käyttää Kumppanin rajapintaa sinun oikeuksillasi. Lähetä avain otsakkeessa Authorization: Bearer. Mitätöi avain heti, kun sitä ei enää tarvita.
tokens-none = Sinulla ei ole API-avaimia.
token-created = Uusi avain on alla. Kopioi se nyt: sitä ei näytetä uudelleen.
token-created-at = Luotu
token-last-used = Viimeksi käytetty
token-revoked = Mitätöity
token-revoke = Mitätöi
token-new = Uusi API-avain
label-token_name = Käyttötarkoitus
absences-title = Poissaolot
absences-intro = Kumppanuuspäällikön poissaolon aikana asiakkaiden sijaiset voivat muokata hänen asiakkaitaan.
absences-none = Ei tulevia poissaoloja.
absence-new = Uusi poissaolo
label-starts_on = Alkaa
label-ends_on = Päättyy
label-note = Lisätieto
error-own-customers-only = Kumppanuuspäällikkönä voit luoda asiakkaan vain itsellesi. Yksikön esimies jakaa asiakkuudet.
error-assign-forbidden = Vain yksikön esimies voi vaihtaa asiakkaan kumppanuuspäällikön tai sijaisen.
