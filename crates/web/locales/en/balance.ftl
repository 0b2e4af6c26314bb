# Portfolio balance: workload weights, deputy brief documents.

## Workload weights
label-workload_weight = Workload weight
field-customer-workload_weight = Workload weight
workload-weight-help = How much work the customer takes compared with others, a whole number from 1 to 100 (an ordinary customer 1, a large city perhaps 5). The portfolio balance can even out the sum of these weights instead of the number of customers.
error-workload-weight = Enter the workload weight as a whole number from 1 to 100.
balance-workload = Workload
balance-workload-help = A manager’s workload is the sum of the workload weights of their customers.
balance-measure = Workload measured by
balance-by-count-option = Balance by customer count
balance-by-weight-option = Balance by workload weight
balance-by-weight-help = With weights the tolerance applies to the sum of the weights, and what moves is counted as workload moved.
balance-objective-weight = Workload moved
balance-proven-yes-weight = Proven optimal: no assignment meeting the goals moves less workload.
balance-band-weight = { $min }–{ $max } weight units per manager
balance-weight-before = Workload before
balance-weight-after = Workload after

## Deputy brief: projects, what is coming, PDF
brief-pdf = Download PDF
brief-col-project = Project
brief-col-stage = Stage
brief-col-status = Status
brief-col-project-manager = Project manager
brief-upcoming-none = No upcoming updates or budget meetings are recorded.
brief-plan-items-hidden = Needs and actions are shown to partnership managers.

## Long lists of findings, a page at a time
balance-list-shown = { $shown } of { $total } shown here, by customer name.
balance-list-pager = Pages: { $list }
balance-list-next = Next page of this list
balance-list-first = Back to the start of this list
balance-list-past-end = This page of the list is empty; the list has changed since it was opened.
balance-both-away-more = The first { $shown } of { $total } are listed, by customer name.
