# Portfolio balance: workload weights, deputy brief documents.

## Workload weights
label-workload_weight = Arbetsbelastningsvikt
field-customer-workload_weight = Arbetsbelastningsvikt
workload-weight-help = Hur mycket arbete kunden kräver jämfört med andra, ett heltal 1–100 (en vanlig kund 1, en stor stad till exempel 5). Portföljbalanseringen kan jämna ut summan av vikterna i stället för antalet kunder.
error-workload-weight = Ange arbetsbelastningsvikten som ett heltal mellan 1 och 100.
balance-workload = Arbetsbelastning
balance-workload-help = Arbetsbelastningen är summan av arbetsbelastningsvikterna för chefens kunder.
balance-measure = Mått på arbetsbelastning
balance-by-count-option = Jämna ut antalet kunder
balance-by-weight-option = Jämna ut summan av arbetsbelastningsvikterna
balance-by-weight-help = Med vikter gäller toleransen summan av vikterna, och förflyttningarna räknas som arbetsbelastning som flyttas.
balance-objective-weight = Arbetsbelastning som flyttas
balance-proven-yes-weight = Bevisat optimalt: ingen fördelning som uppfyller målen flyttar mindre arbetsbelastning.
balance-band-weight = { $min }–{ $max } viktenheter per chef
balance-weight-before = Arbetsbelastning före
balance-weight-after = Arbetsbelastning efter

## Ställföreträdarens genomgång: projekt, kommande, PDF
brief-pdf = Ladda ner PDF
brief-col-project = Projekt
brief-col-stage = Fas
brief-col-status = Status
brief-col-project-manager = Projektledare
brief-upcoming-none = Inga kommande uppdateringar eller budgetmöten är registrerade.
brief-plan-items-hidden = Behov och åtgärder visas för partnerskapscheferna.

## Long lists of findings, a page at a time
balance-list-shown = Här visas { $shown } av { $total }, efter kundens namn.
balance-list-pager = Sidor: { $list }
balance-list-next = Listans nästa sida
balance-list-first = Till början av listan
balance-list-past-end = Den här sidan av listan är tom; listan har ändrats sedan den öppnades.
balance-both-away-more = De första { $shown } av { $total } visas, efter kundens namn.
