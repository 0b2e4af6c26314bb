# Portfolio balance: workload weights, deputy brief documents.

## Workload weights
label-workload_weight = Työmäärän paino
field-customer-workload_weight = Työmäärän paino
workload-weight-help = Kuinka paljon työtä asiakas teettää suhteessa muihin, kokonaisluku 1–100 (tavallinen asiakas 1, suuri kaupunki esimerkiksi 5). Salkun tasapainotus voi tasata painojen summaa asiakasmäärän sijaan.
error-workload-weight = Anna työmäärän paino kokonaislukuna väliltä 1–100.
balance-workload = Työmäärä
balance-workload-help = Työmäärä on päällikön asiakkaiden työmäärän painojen summa.
balance-measure = Työmäärän mittari
balance-by-count-option = Tasataan asiakkaiden lukumäärä
balance-by-weight-option = Tasataan työmäärän painojen summa
balance-by-weight-help = Painoilla toleranssi koskee painojen summaa, ja siirtojen määrä lasketaan siirtyvänä työmääränä.
balance-objective-weight = Siirtyvä työmäärä
balance-proven-yes-weight = Todistetusti optimaalinen: mikään tavoitteet täyttävä jako ei siirrä vähempää työmäärää.
balance-band-weight = { $min }–{ $max } painoyksikköä päällikköä kohden
balance-weight-before = Työmäärä ennen
balance-weight-after = Työmäärä jälkeen

## Sijaisen perehdytys: projektit, tulevat asiat, PDF
brief-pdf = Lataa PDF
brief-col-project = Projekti
brief-col-stage = Vaihe
brief-col-status = Tila
brief-col-project-manager = Projektipäällikkö
brief-upcoming-none = Tulevia päivityksiä tai budjettitapaamisia ei ole kirjattu.
brief-plan-items-hidden = Tarpeet ja toimenpiteet näkyvät kumppanuuspäälliköille.

## Long lists of findings, a page at a time
balance-list-shown = Tässä { $shown }/{ $total }, asiakkaan nimen mukaan.
balance-list-pager = Sivut: { $list }
balance-list-next = Listan seuraava sivu
balance-list-first = Listan alkuun
balance-list-past-end = Listan tämä sivu on tyhjä; lista on muuttunut sen avaamisen jälkeen.
balance-both-away-more = Luettelossa ensimmäiset { $shown }/{ $total }, asiakkaan nimen mukaan.
