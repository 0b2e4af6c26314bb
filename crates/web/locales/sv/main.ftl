# Kumppani — svenska

## Sidram
skip-to-content = Hoppa till innehållet
nav-label = Huvudmeny
nav-customers = Kunder
nav-segments = Segment
nav-services = Tjänster
nav-users = Användare
language-label = Språk
sign-in = Logga in
sign-out = Logga ut
error-title = Något gick fel
back-to-customers = Tillbaka till kunderna

## Allmänt
save = Spara
save-anyway = Spara mina ändringar ändå
cancel = Avbryt
create = Skapa
edit = Redigera
remove = Ta bort
actions = Åtgärder
required = obligatorisk
choose = – välj –
none = inte utsedd
yes = Ja
no = Nej
search = Sök
filter-all = Alla

## Inloggning och lösenord
login-title = Inloggning
login-failed = Användarnamnet eller lösenordet är fel. Kontrollera dem och försök igen.
login-throttled = För många misslyckade inloggningar. Vänta en stund och försök igen (högst 15 minuter).
password-title = Byte av lösenord
password-help = När du byter lösenord loggas du ut på alla enheter och dina API-nycklar återkallas. Logga sedan in med det nya lösenordet och skapa nya nycklar vid behov.

## Kunder
customers-title = Kunder
customer-title = Kund
customer-new = Ny kund
customer-new-title = Ny kund
customer-edit-title = Redigera kunduppgifter
customer-basic = Grunduppgifter
customers-count = { $count ->
    [one] 1 kund
   *[other] { $count } kunder
}
customers-none = Inga kunder motsvarade sökvillkoren.
search-label = Sök med namn eller FO-nummer
search-help = Början av ordet räcker, t.ex. ”tamp” eller ”0211675”.
pager-label = Sidnavigering
pager-prev = Föregående sida
pager-next = Nästa sida
notice-saved = Ändringarna har sparats.
notice-conflict = Någon annan hade ändrat uppgifterna under tiden. Sidan visar nu de aktuella uppgifterna; gör din ändring på nytt.

## Kontaktpersoner och tjänster
contacts-title = Kontaktpersoner
contacts-none = Inga kontaktpersoner har lagts till ännu.
contact-new = Lägg till kontaktperson
contact-new-title = Ny kontaktperson
contact-edit-title = Redigera kontaktperson
customer-services-title = Köpta tjänster
customer-services-none = Inga tjänster har registrerats för kunden.
service-add-label = Lägg till tjänst
service-add = Lägg till
critical-yes = Kritisk
critical-no = Inte kritisk
mark-critical = Märk som kritisk
mark-not-critical = Ta bort märkningen som kritisk

## Historik
history-title = Ändringshistorik
history-none = Inga ändringar.
history-customer-create = skapade kunden
history-customer-update = ändrade kunduppgifterna
history-customer-delete = tog bort kunden
history-contact-create = lade till en kontaktperson
history-contact-update = ändrade en kontaktperson
history-contact-delete = tog bort en kontaktperson
history-customer-service-create = lade till en tjänst
history-customer-service-update = ändrade tjänstens uppgifter
history-customer-service-delete = tog bort en tjänst
field-customer-name = Namn
field-customer-business_id = FO-nummer
field-customer-org_type = Organisationsform
field-customer-segment = Segment
field-customer-manager = Partnerskapschef
field-customer-deputy = Ersättare
field-customer-notes = Anteckningar
field-contact-name = Namn
field-contact-title = Befattning
field-contact-email = E-post
field-contact-phone = Telefon
field-customer_service-service = Tjänst
field-customer_service-critical = Kritisk

## Formulärfält
label-name = Namn
label-business_id = FO-nummer
label-org_type = Organisationsform
label-segment_id = Segment (verksamhetsmodell)
label-manager_id = Partnerskapschef
label-deputy_id = Ersättare
label-notes = Anteckningar
label-title = Befattning
label-email = E-post
label-phone = Telefon
label-service_id = Tjänst
label-critical = Kritisk för kunden
label-description = Beskrivning
label-customer_count = Kunder
label-username = Användarnamn
label-display_name = Namn
label-role = Roll
label-active = Aktiv
label-password = Lösenord
label-current_password = Nuvarande lösenord
label-new_password = Nytt lösenord

## Organisationsformer
org-type-municipality = Kommun
org-type-joint_authority = Samkommun
org-type-agency = Ämbetsverk eller inrättning
org-type-limited_company = Aktiebolag
org-type-foundation = Stiftelse
org-type-association = Förening
org-type-service_centre = Servicecentral
org-type-other = Annan

## Roller
role-administrator = Huvudanvändare
role-unit-head = Enhetschef
role-partnership-manager = Partnerskapschef
role-project-manager = Projektchef
role-staff = Personal
role-external-board-member = Extern medlem i styrgruppen

## Segment och tjänster
segments-title = Segment
segments-edit-title = Redigera segment
segments-intro = Kunderna segmenteras enligt verksamhetsmodell: kunder som fungerar på samma sätt betjänas på samma sätt.
segments-new = Nytt segment
services-title = Tjänster
services-edit-title = Redigera tjänst
services-intro = Servicecentralens tjänsteförteckning och hur många kunder som köper varje tjänst.
services-new = Ny tjänst

## Användare
users-title = Användare
user-new = Ny användare
user-new-title = Ny användare
user-edit-title = Redigera användare
user-password-help = Utan lösenord kan användaren inte logga in ännu.

## Fel i formulär
form-has-errors = Rätta följande punkter
conflict-title = Någon annan ändrade de här uppgifterna
conflict-body = Uppgifterna ändrades medan du redigerade dem. Dina ändringar finns kvar nedan. Jämför dem med de nuvarande uppgifterna och spara på nytt om du vill ersätta dem.
conflict-current = Nuvarande sparade uppgifter
error-required = Uppgiften är obligatorisk – fyll i den.
error-too-long = Texten är för lång. Förkorta den.
error-control-chars = Texten innehåller otillåtna tecken (t.ex. styrtecken). Ta bort dem eller skriv texten på nytt.
error-business-id-format = Ange FO-numret i formatet 1234567-8.
error-business-id-checksum = FO-numrets kontrolltecken stämmer inte. Kontrollera numret.
error-business-id-taken = Det finns redan en kund med det här FO-numret. Kontrollera numret eller sök upp den befintliga kunden.
error-email = E-postadressen är inte giltig. Kontrollera den (t.ex. namn@exempel.fi).
error-phone = Telefonnumret är inte giltigt. Ange 5–15 siffror, t.ex. +358 40 123 4567.
error-choice = Välj ett av alternativen.
error-deputy-is-manager = Ersättaren kan inte vara samma person som partnerskapschefen. Välj en annan ersättare.
error-not-found = Det valda alternativet finns inte längre. Ladda om sidan och välj på nytt.
error-not-a-manager = Den valda personen kan inte ansvara för kunder. Välj en aktiv partnerskapschef eller enhetschef.
error-duplicate = Samma uppgift finns redan. Ange ett annat värde.
error-name-taken = Namnet används redan. Välj ett annat namn.
error-username = Användarnamnet ska ha 2–64 tecken och får bara innehålla a–z, 0–9, punkt, bindestreck och understreck.
error-username-taken = Användarnamnet är redan upptaget. Välj ett annat.
error-password-short = Lösenordet ska ha minst 10 tecken.
error-password-wrong = Det nuvarande lösenordet är fel. Försök igen.
error-already-subscribed = Kunden köper redan den här tjänsten. Välj en annan tjänst.
error-date = Ange datumet som 24.12.2026 eller 2026-12-24.
error-date-range = Året måste vara mellan 1900 och 2999.
error-ends-before-start = Slutdatumet kan inte vara före startdatumet.

## Fel i gränssnittet (API)
problem-validation = Begäran innehåller felaktiga uppgifter. Rätta de angivna fälten och försök igen.
problem-not-found = Det du söker finns inte. Kontrollera adressen.
problem-stale = Uppgifterna har ändrats sedan du läste dem. Hämta de aktuella uppgifterna och försök igen.
problem-if-match-required = Ändringen kräver ett If-Match-huvud med ETag för den version du läste.
problem-forbidden = Du har inte behörighet till den här åtgärden. Kontakta huvudanvändaren om du behöver den.
problem-unavailable = Databasen svarar inte just nu. Försök igen om en stund.
problem-internal = Ett oväntat fel inträffade. Felets ID: { $id }. Om felet upprepas, kontakta supporten och uppge ID:t.
problem-json-required = Innehållet i begäran måste vara JSON (Content-Type: application/json).
problem-malformed-body = Innehållet i begäran är ogiltigt: { $detail }
problem-bad-query = Sökparametrarna är ogiltiga: { $detail }
problem-too-large = Begäran är för stor.

## Access: tokens and absences
nav-absences = Frånvaro
nav-tokens = API-nycklar
nav-password = Lösenord
tokens-title = API-nycklar
tokens-intro = Med en API-nyckel kan dina egna skript använda Kumppanis gränssnitt med dina rättigheter. Skicka nyckeln i rubriken Authorization: Bearer. Nyckeln slutar fungera när giltighetstiden går ut, när du återkallar den och när ditt lösenord byts. Återkalla nyckeln så snart den inte längre behövs.
tokens-none = Du har inga API-nycklar.
token-created = Den nya nyckeln finns nedan. Kopiera den nu: den visas inte igen.
token-created-at = Skapad
token-last-used = Senast använd
token-revoked = Återkallad
token-revoke = Återkalla
token-new = Ny API-nyckel
label-token_name = Användning
token-expires = Giltig till
token-expired = Utgången
label-expires_in_days = Giltighetstid
token-lifetime-days = { $days } dagar
error-token-expiry = Välj en giltighetstid på 1–365 dagar.
absences-title = Frånvaro
absences-intro = Under en partnerskapschefs frånvaro kan kundernas ersättare redigera hens kunder.
absences-none = Ingen kommande frånvaro.
absence-new = Ny frånvaro
label-starts_on = Börjar
label-ends_on = Slutar
label-note = Tilläggsuppgift
error-own-customers-only = Som partnerskapschef kan du bara skapa kunder åt dig själv. Enhetschefen fördelar kundrelationerna.
error-assign-forbidden = Endast enhetschefen kan byta kundens partnerskapschef eller ersättare.

## Portföljbalans (issue 6)
nav-balance = Portföljbalans
balance-title = Portföljbalans
balance-intro = Varje partnerskapschef bör ha kunder i varje segment, så att alla känner till varje verksamhetsmodell och kan vikariera för en kollega, och varje kund behöver en namngiven ersättare. Den här sidan visar hur väl det gäller nu.
balance-matrix-title = Kunder per chef och segment
balance-matrix-help = Varje cell anger hur många kunder en chef har i ett segment. En nolla med utropstecken betyder att chefen inte har någon kund i segmentet.
balance-total = Totalt
balance-deputy-for = Ersättare för
balance-inactive = inaktiv
balance-lacks-segment = (har ingen kund i detta segment)
balance-single-holder-short = endast en chef
balance-unassigned = Kunder utan partnerskapschef: { $count }
balance-lacking-title = Chefer som saknar ett segment
balance-lacking-none = Varje chef har kunder i varje segment.
balance-single-title = Segment som endast en chef har
balance-single-none = Varje segment har minst två chefer.
balance-without-deputy-title = Kunder utan ersättare
balance-without-deputy-none = Varje kund har en ersättare.
balance-unfamiliar-title = Ersättare som inte känner segmentet
balance-unfamiliar-help = Ersättaren har ingen kund i kundens segment och känner därför kanske inte till verksamhetsmodellen.
balance-unfamiliar-none = Varje ersättare har kunder i det segment där hen är ersättare.
balance-both-away-title = Chef och ersättare borta samtidigt
balance-both-away-help = Ingen vikarierar för dessa kunder under de visade perioderna. Ordna en annan ersättare eller ändra frånvaron.
balance-both-away-none = Ingen kund har sin chef och ersättare borta samtidigt.
balance-rebalance = Balansera
balance-rebalance-title = Balansera portföljen
balance-rebalance-intro = Ange målen. Kumppani föreslår den fördelning som uppfyller dem och flyttar så få kunder som möjligt. Inget ändras förrän enhetschefen tillämpar förslaget.
balance-goals = Mål
label-every_segment = Varje chef har varje segment
balance-every-segment-help = Gäller segment som har minst lika många kunder som det finns chefer.
label-tolerance_percent = Tolerans för arbetsbelastning (%)
balance-tolerance-help = Varje chefs antal kunder håller sig inom denna procentsats från den jämna andelen (kunder ÷ chefer), avrundat utåt till hela kunder.
balance-by-count = Arbetsbelastningen mäts i antal kunder.
label-deputies = Föreslå också en ersättare för varje kund
label-pinned = Kunder som inte får flyttas
balance-pinned-help = Kundnummer eller FO-nummer (Y-tunnus), åtskilda med mellanslag eller kommatecken.
label-leaving = Chefer som slutar
label-joining = Chefer som börjar
balance-no-managers = Ingen har kunder ännu.
balance-no-joiners = Alla som kan ha kunder har redan kunder.
balance-propose = Föreslå
balance-proposal-title = Förslag till balansering
balance-summary = Sammanfattning
balance-method = Metod
balance-method-min-cost-flow = Minimikostnadsflöde (exakt)
balance-method-weight-classes = Minimikostnadsflöden per viktklass med grena och begränsa
balance-proven = Optimalitet
balance-proven-yes = Bevisat optimalt: ingen fördelning som uppfyller målen flyttar färre kunder.
balance-not-proven = Inte bevisat optimalt: ingen fördelning flyttar färre än { $bound }.
balance-objective = Kunder som flyttas
balance-moved = { $count } (varav oundvikliga: { $unavoidable })
balance-band-label = Intervall för arbetsbelastning
balance-band = { $min }–{ $max } kunder per chef
balance-edit-goals = Ändra målen
balance-moves-title = Kunder som byter chef
balance-moves-none = Ingen kund behöver flyttas: målen är redan uppfyllda.
balance-from = Från
balance-to = Till
balance-why = Varför
balance-keep = Behåll hos nuvarande chef
balance-keep-help = Markera de kunder som ska stanna där de är och räkna om.
balance-recalculate = Räkna om med de markerade kunderna kvar
balance-clears-deputy = Den nya chefen är kundens nuvarande ersättare: kunden behöver en ny ersättare.
balance-reason-manager-leaving = Chefen slutar.
balance-reason-unassigned = Kunden hade ingen chef.
balance-reason-segment-coverage = Den nya chefen hade ingen kund i detta segment.
balance-reason-workload = För att få arbetsbelastningen inom intervallet.
balance-deputies-title = Nya ersättare
balance-deputies-none = Varje kund har redan en lämplig ersättare.
balance-deputy-missing = Kunden hade ingen ersättare.
balance-deputy-same-as-manager = Ersättaren var kundens egen chef.
balance-deputy-unavailable = Ersättaren har inte längre kunder.
balance-deputy-balance = För att jämna ut hur många kunder var och en är ersättare för.
balance-without-candidate = Kunder som ingen kan vara ersättare för (deras chef är den enda):
balance-loads-title = Arbetsbelastning före och efter
balance-before = Kunder före
balance-after = Kunder efter
balance-change = Ändring
balance-deputy-before = Ersättare för, före
balance-deputy-after = Ersättare för, efter
balance-leaving-short = slutar
balance-apply-title = Tillämpa förslaget
balance-apply-help = Alla ändringar sparas på en gång och förs in i varje kunds ändringshistorik. Om någon ändrar en av dessa kunder först sparas ingenting och du får ett nytt förslag.
balance-apply = Tillämpa ändringarna
balance-apply-unit-head = Endast enhetschefen eller en administratör kan tillämpa ett förslag.
balance-applied = Ändringarna har tillämpats. Ändrade kunder: { $count }. Kunder som blev utan ersättare: { $cleared }.
balance-stale = Några av dessa kunder ändrades efter att förslaget gjordes, så ingenting sparades. Här är ett nytt förslag utifrån aktuella uppgifter.
balance-infeasible-title = Dessa mål kan inte uppfyllas
balance-infeasible-no-managers = Ingen chef skulle ha kunder. Behåll minst en chef eller lägg till en som börjar.
balance-infeasible-pinned-to-absent = Kunden { $customer } får inte flyttas, men dess chef ({ $manager }) kommer inte att ha kunder. Lås upp kunden eller behåll chefen.
balance-infeasible-pinned-capacity = { $manager } har { $pinned } kunder som inte får flyttas, fler än maximum { $max }. Lås upp några av dem eller höj toleransen.
balance-infeasible-pinned-segment = { $manager } har { $pinned } kunder i segmentet { $segment } som inte får flyttas, fler än maximum { $max }.
balance-infeasible-segment-coverage = Segmentet { $segment } har bara { $movable } kunder som får flyttas, men { $needed } behövs för att varje chef ska få en. Lås upp kunder i segmentet eller avstå från målet om varje segment.
balance-infeasible-tolerance = Ingen fördelning håller varje arbetsbelastning mellan { $min } och { $max } kunder ({ $total } kunder, { $managers } chefer). Höj toleransen.
balance-infeasible-coverage-workload = Varje chef kan få varje segment, men inte med arbetsbelastningar mellan { $min } och { $max } kunder. Höj toleransen eller avstå från målet om varje segment.
balance-infeasible-undecided = Sökningen avbröts efter { $nodes } steg utan att hitta en fördelning. Lätta på målen.
balance-nearest = De närmaste målen som kan uppfyllas: tolerans { $tolerance } %, varje chef har varje segment: { $every }.
balance-nearest-none = Att höja toleransen hjälper inte: endast att låsa upp kunder eller lägga till chefer hjälper.
balance-use-nearest = Föreslå med dessa mål
balance-error-tolerance = Ange toleransen som ett heltal i procent mellan 0 och 1000.
balance-error-unknown-customer = Ingen kund har detta nummer eller FO-nummer. Kontrollera det.
balance-error-joining-and-leaving = Samma person kan inte både sluta och börja. Avmarkera det ena.
balance-error-duplicate = Samma kund förekommer två gånger i ändringarna. Gör ett nytt förslag.
cli-assign-dry-run = Ingenting ändrades (provkörning). Kör igen med --apply för att tillämpa förslaget.
brief-link = Sammanfattning för ersättaren
brief-title = Sammanfattning för ersättaren
brief-heading = Sammanfattning för ersättaren: { $name }
brief-generated = Sammanställd ur aktuella uppgifter { $date }.
brief-operating-model = Verksamhetsmodell och dess praxis
brief-no-description = Segmentet har ännu ingen beskrivning.
brief-people = Partnerskapschef och ersättare
brief-no-deputy = Ingen ersättare
brief-no-absences = Ingen kommande frånvaro.
brief-absent = Borta
brief-projects = Pågående utvecklingsprojekt
brief-projects-none = Inga öppna utvecklingsprojekt.
brief-critical = Kommande kritiska tjänster
brief-critical-none = Inga tjänster har markerats som kritiska för kunden.
brief-critical-help = Kommande uppdateringar och budgetmöten
brief-needs = Öppna behov och åtgärder
brief-needs-none = Inga öppna behov eller åtgärder.
brief-contacts = Viktigaste kontaktpersoner

## Deputising
deputising-title = Kunder du ersätter nu
deputising-help = Partnerskapschefen för dessa kunder är frånvarande. Som ersättare kan du redigera dem under frånvaron.
deputising-brief = ersättarens översikt

## Projekt (ärende 5, första delen: register och statushistorik)
nav-projects = Projekt
projects-title = Projektportfölj
projects-count = { $count ->
    [one] Ett projekt
   *[other] { $count } projekt
}
projects-none = Inga projekt motsvarar sökningen.
project-new = Nytt projekt
project-new-title = Nytt projekt
project-edit-title = Redigera projekt
project-title = Projekt
project-basic = Projektets uppgifter
project-internal = Internt projekt
project-status-title = Statushistorik
project-status-none = Inga statusuppdateringar ännu.
project-status-add = Lägg till statusuppdatering
notice-status-added = Statusuppdateringen lades till i historiken.
label-customer_id = Kund
label-executive_id = Ägare (Executive)
label-project_manager_id = Projektledare
label-stage = Skede
label-stage_number = Genomförandeskedets nummer
label-tolerance_time = Tidstolerans
label-tolerance_cost = Kostnadstolerans
label-tolerance_scope = Omfattningstolerans
label-rag = Status
label-highlight = Lägesrapport
stage-starting_up = Uppstart
stage-initiating = Initiering
stage-delivery = Genomförande
stage-delivery-n = Genomförande, skede { $number }
stage-closing = Avslutning
stage-closed = Avslutat
rag-red = Röd
rag-amber = Gul
rag-green = Grön
rag-none = Ingen status ännu
error-stage-number = Ange ett skedesnummer från 1 till 99.
error-stage-number-not-delivery = Endast ett genomförandeskede har ett nummer.
error-not-staff = Välj en aktiv medarbetare vid servicecentret.
error-own-projects-only = Du kan skapa endast projekt som du själv leder eller äger.
projects-filter-capped = Filtret erbjuder bara de { $count } första kunderna (efter namn) som har projekt.
