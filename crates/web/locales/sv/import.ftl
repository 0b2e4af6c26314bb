# Data import from CSV.
nav-import = Import
import-title = Import från CSV
import-intro = Läs in kunder, kontaktpersoner eller aktiviteter från en CSV-fil (UTF-8, kommaseparerad, en rubrikrad först). Rader med fel listas med radnummer och hoppas över; rader som redan importerats (samma external_id) lämnas som de är, så samma fil kan importeras igen utan risk.
import-failed = Filen kunde inte importeras
import-no-file = Välj en fil att ladda upp.
import-report = Importen är klar
import-file = Fil
import-rows = Lästa rader
import-created = Skapade
import-unchanged = Redan importerade (oförändrade)
import-rejected = Avvisade
import-segments-created = Nya segment
import-rejected-rows = Avvisade rader
import-line = Rad
import-column = Kolumn
import-reason = Orsak
import-upload = Ladda upp en fil
import-kind = Filen innehåller
import-kind-customers = Kunder
import-kind-contacts = Kontaktpersoner
import-kind-activities = Aktiviteter
import-file-label = CSV-fil
import-submit = Importera
import-columns = Kolumner
import-columns-intro = Kolumnerna känns igen på namnen i rubrikraden, i valfri ordning; andra kolumner ignoreras. Kunder och aktiviteter anger personer med användarnamn; kontaktpersoner och aktiviteter anger sin kund med dess external_id. Ett segment som inte finns skapas.
import-required = obligatorisk
error-import-missing-column = Filens rubrikrad har ingen kolumn med detta namn.
error-import-not-csv = Filen är inte en CSV-fil med rubrikrad.
error-import-bad-row = Raden kan inte läsas (trasiga citattecken eller inte UTF-8-text).
error-import-duplicate = Samma external_id finns redan tidigare i filen.
activities-title = Senaste aktiviteter
activities-none = Inga aktiviteter har registrerats.
activities-count = { $count ->
    [one] { $count } aktivitet totalt
   *[other] { $count } aktiviteter totalt
}
activities-older = Äldre aktiviteter
activity-date = Datum
activity-kind = Typ
activity-title = Ämne
activity-owner = Av
activity-kind-meeting = Möte
activity-kind-call = Samtal
activity-kind-email = E-post
activity-kind-task = Uppgift
activity-kind-other = Annat
