# Data import from CSV.
nav-import = Tuonti
import-title = Tuonti CSV-tiedostosta
import-intro = Tuo asiakkaita, yhteyshenkilöitä tai tapahtumia CSV-tiedostosta (UTF-8, pilkuin eroteltu, ensimmäisenä otsikkorivi). Virheelliset rivit luetellaan rivinumeroineen ja ohitetaan; jo tuodut rivit (sama external_id) jätetään ennalleen, joten saman tiedoston voi tuoda turvallisesti uudelleen.
import-failed = Tiedostoa ei voitu tuoda
import-no-file = Valitse ladattava tiedosto.
import-report = Tuonti valmis
import-file = Tiedosto
import-rows = Luettuja rivejä
import-created = Luotu
import-unchanged = Jo tuotu (ennallaan)
import-rejected = Hylätty
import-segments-created = Uusia segmenttejä
import-rejected-rows = Hylätyt rivit
import-line = Rivi
import-column = Sarake
import-reason = Syy
import-upload = Lataa tiedosto
import-kind = Tiedosto sisältää
import-kind-customers = Asiakkaat
import-kind-contacts = Yhteyshenkilöt
import-kind-activities = Tapahtumat
import-file-label = CSV-tiedosto
import-submit = Tuo
import-columns = Sarakkeet
import-columns-intro = Sarakkeet tunnistetaan otsikkorivin nimistä, missä järjestyksessä tahansa; muut sarakkeet ohitetaan. Asiakkaat ja tapahtumat nimeävät henkilöt käyttäjätunnuksella; yhteyshenkilöt ja tapahtumat nimeävät asiakkaansa sen external_id:llä. Puuttuva segmentti luodaan.
import-required = pakollinen
error-import-missing-column = Tiedoston otsikkorivillä ei ole tämännimistä saraketta.
error-import-not-csv = Tiedosto ei ole CSV-tiedosto, jossa on otsikkorivi.
error-import-bad-row = Riviä ei voi lukea (rikkinäiset lainausmerkit tai muuta kuin UTF-8-tekstiä).
error-import-duplicate = Sama external_id on jo aiemmin tiedostossa.
activities-title = Viimeisimmät tapahtumat
activities-none = Tapahtumia ei ole kirjattu.
activities-count = { $count ->
    [one] { $count } tapahtuma yhteensä
   *[other] { $count } tapahtumaa yhteensä
}
activities-older = Vanhemmat tapahtumat
activity-date = Päivä
activity-kind = Laji
activity-title = Aihe
activity-owner = Kirjaaja
activity-kind-meeting = Tapaaminen
activity-kind-call = Puhelu
activity-kind-email = Sähköposti
activity-kind-task = Tehtävä
activity-kind-other = Muu
