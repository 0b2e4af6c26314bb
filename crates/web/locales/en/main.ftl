# Kumppani — English

## Page frame
skip-to-content = Skip to content
nav-label = Main menu
nav-customers = Customers
nav-segments = Segments
nav-services = Services
nav-users = Users
language-label = Language
sign-in = Sign in
sign-out = Sign out
error-title = Something went wrong
back-to-customers = Back to customers

## General
save = Save
save-anyway = Save my changes anyway
cancel = Cancel
create = Create
edit = Edit
remove = Remove
actions = Actions
required = required
choose = – select –
none = not assigned
yes = Yes
no = No
search = Search
filter-all = All

## Sign-in and password
login-title = Sign in
login-failed = The username or password is incorrect. Please check them and try again.
login-throttled = Too many failed sign-ins. Please wait a moment and try again (at most 15 minutes).
password-title = Change password
password-help = Changing your password signs you out on all devices and revokes your API tokens. Then sign in with your new password and create new tokens if you need them.

## Customers
customers-title = Customers
customer-title = Customer
customer-new = New customer
customer-new-title = New customer
customer-edit-title = Edit customer details
customer-basic = Basic details
customers-count = { $count ->
    [one] 1 customer
   *[other] { $count } customers
}
customers-none = No customers match your search.
search-label = Search by name or business ID (Y-tunnus)
search-help = The start of a word is enough, e.g. ‘tamp’ or ‘0211675’.
pager-label = Pagination
pager-prev = Previous page
pager-next = Next page
notice-saved = Your changes have been saved.
notice-conflict = Someone else changed the details in the meantime. The page now shows the current details; please make your change again.

## Contacts and services
contacts-title = Contacts
contacts-none = No contacts have been added yet.
contact-new = Add contact
contact-new-title = New contact
contact-edit-title = Edit contact
customer-services-title = Purchased services
customer-services-none = No services have been recorded for this customer.
service-add-label = Add a service
service-add = Add
critical-yes = Critical
critical-no = Not critical
mark-critical = Mark as critical
mark-not-critical = Mark as not critical

## History
history-title = Change history
history-none = No changes.
history-customer-create = created the customer
history-customer-update = changed the customer details
history-customer-delete = deleted the customer
history-contact-create = added a contact
history-contact-update = changed a contact
history-contact-delete = removed a contact
history-customer-service-create = added a service
history-customer-service-update = changed the service details
history-customer-service-delete = removed a service
field-customer-name = Name
field-customer-business_id = Business ID (Y-tunnus)
field-customer-org_type = Organisation type
field-customer-segment = Segment
field-customer-manager = Partnership manager
field-customer-deputy = Deputy
field-customer-notes = Notes
field-contact-name = Name
field-contact-title = Job title
field-contact-email = Email
field-contact-phone = Phone
field-customer_service-service = Service
field-customer_service-critical = Critical

## Form fields
label-name = Name
label-business_id = Business ID (Y-tunnus)
label-org_type = Organisation type
label-segment_id = Segment (operating model)
label-manager_id = Partnership manager
label-deputy_id = Deputy
label-notes = Notes
label-title = Job title
label-email = Email
label-phone = Phone
label-service_id = Service
label-critical = Critical for the customer
label-description = Description
label-customer_count = Customers
label-username = Username
label-display_name = Name
label-role = Role
label-active = Active
label-password = Password
label-current_password = Current password
label-new_password = New password

## Organisation types
org-type-municipality = Municipality
org-type-joint_authority = Joint municipal authority
org-type-agency = Government agency or institution
org-type-limited_company = Limited company
org-type-foundation = Foundation
org-type-association = Association
org-type-service_centre = Service centre
org-type-other = Other

## Roles
role-administrator = Administrator
role-unit-head = Unit head
role-partnership-manager = Partnership manager
role-project-manager = Project manager
role-staff = Staff
role-external-board-member = External steering group member

## Segments and services
segments-title = Segments
segments-edit-title = Edit segment
segments-intro = Customers are segmented by operating model: customers that work in the same way are served in the same way.
segments-new = New segment
services-title = Services
services-edit-title = Edit service
services-intro = The service centre’s service catalogue and how many customers buy each service.
services-new = New service

## Users
users-title = Users
user-new = New user
user-new-title = New user
user-edit-title = Edit user
user-password-help = Without a password, the user cannot sign in yet.

## Form errors
form-has-errors = Please correct the following
conflict-title = Someone else changed these details
conflict-body = The details were changed while you were editing them. Your changes are kept below. Compare them with the current details and save again if you want to replace them.
conflict-current = Current saved details
error-required = This field is required – please fill it in.
error-too-long = The text is too long. Please shorten it.
error-control-chars = The text contains characters that are not allowed (such as control characters). Please remove them or retype the text.
error-business-id-format = Enter the business ID in the format 1234567-8.
error-business-id-checksum = The check digit of the business ID does not match. Please check the number.
error-business-id-taken = A customer with this business ID already exists. Please check the number or look up the existing customer.
error-email = The email address is not valid. Please check it (e.g. name@example.fi).
error-phone = The phone number is not valid. Enter 5–15 digits, e.g. +358 40 123 4567.
error-choice = Please choose one of the options.
error-deputy-is-manager = The deputy cannot be the same person as the partnership manager. Please choose a different deputy.
error-not-found = The selected option no longer exists. Please reload the page and choose again.
error-not-a-manager = The selected person cannot be responsible for customers. Please choose an active partnership manager or unit head.
error-duplicate = This already exists. Please enter a different value.
error-name-taken = This name is already in use. Please choose a different name.
error-username = The username must be 2–64 characters long and may only contain a–z, 0–9, full stops, hyphens and underscores.
error-username-taken = This username is already taken. Please choose another one.
error-password-short = The password must be at least 10 characters long.
error-password-wrong = The current password is incorrect. Please try again.
error-already-subscribed = The customer already buys this service. Please choose a different service.
error-date = Enter the date as 24.12.2026 or 2026-12-24.
error-date-range = The year must be between 1900 and 2999.
error-ends-before-start = The end date cannot be before the start date.

## API errors
problem-validation = The request contains invalid data. Please correct the fields listed and try again.
problem-not-found = What you are looking for could not be found. Please check the address.
problem-stale = The data has changed since you read it. Fetch the current version and try again.
problem-if-match-required = Changes require an If-Match header containing the ETag of the version you read.
problem-forbidden = You do not have permission for this action. Please contact an administrator if you need it.
problem-unavailable = The database is not responding right now. Please try again in a moment.
problem-internal = An unexpected error occurred. Error ID: { $id }. If the problem persists, please contact support and quote this ID.
problem-json-required = The request body must be JSON (Content-Type: application/json).
problem-malformed-body = The request body is invalid: { $detail }
problem-bad-query = The query parameters are invalid: { $detail }
problem-too-large = The request is too large.

## Access: tokens and absences
nav-absences = Absences
nav-tokens = API tokens
nav-password = Password
tokens-title = API tokens
tokens-intro = An API token lets your own scripts use the Kumppani API with your rights. Send it in the header Authorization: Bearer. A token stops working on its expiry date, when you revoke it, and when your password changes. Revoke a token as soon as it is no longer needed.
tokens-none = You have no API tokens.
token-created = Your new token is below. Copy it now: it will not be shown again.
token-created-at = Created
token-last-used = Last used
token-revoked = Revoked
token-revoke = Revoke
token-new = New API token
label-token_name = What it is for
token-expires = Expires
token-expired = Expired
label-expires_in_days = Valid for
token-lifetime-days = { $days } days
error-token-expiry = Choose a validity of 1 to 365 days.
absences-title = Absences
absences-intro = While a partnership manager is away, the deputies of their customers can edit those customers.
absences-none = No upcoming absences.
absence-new = New absence
label-starts_on = Starts
label-ends_on = Ends
label-note = Note
error-own-customers-only = As a partnership manager you can only create customers for yourself. The unit head assigns customers.
error-assign-forbidden = Only the unit head can change a customer's partnership manager or deputy.

## Portfolio balance (issue 6)
nav-balance = Portfolio balance
balance-title = Portfolio balance
balance-intro = Every partnership manager should hold customers of every segment, so that each knows every operating model and can stand in for a colleague, and every customer needs a named deputy. This page shows how far that holds now.
balance-matrix-title = Customers per manager and segment
balance-matrix-help = Each cell is the number of customers a manager holds in a segment. A zero marked with an exclamation mark means the manager holds no customer of that segment.
balance-total = Total
balance-deputy-for = Deputy for
balance-inactive = inactive
balance-lacks-segment = (holds no customer of this segment)
balance-single-holder-short = one manager only
balance-unassigned = Customers without a partnership manager: { $count }
balance-lacking-title = Managers lacking a segment
balance-lacking-none = Every manager holds customers of every segment.
balance-single-title = Segments held by one manager only
balance-single-none = Every segment is held by at least two managers.
balance-without-deputy-title = Customers without a deputy
balance-without-deputy-none = Every customer has a deputy.
balance-unfamiliar-title = Deputies unfamiliar with the segment
balance-unfamiliar-help = The deputy holds no customer of the customer’s segment, so they may not know its operating model.
balance-unfamiliar-none = Every deputy holds customers of the segment they deputise in.
balance-both-away-title = Manager and deputy away at the same time
balance-both-away-help = Nobody stands in for these customers during the periods shown. Please arrange another deputy or change the absences.
balance-both-away-none = No customer has its manager and deputy away at the same time.
balance-rebalance = Rebalance
balance-rebalance-title = Rebalance the portfolio
balance-rebalance-intro = Set the goals. Kumppani proposes the assignment that meets them while moving as few customers as possible. Nothing changes until the unit head applies the proposal.
balance-goals = Goals
label-every_segment = Every manager holds every segment
balance-every-segment-help = Applies to segments that have at least as many customers as there are managers.
label-tolerance_percent = Workload tolerance (%)
balance-tolerance-help = Each manager’s number of customers stays within this percentage of the fair share (customers ÷ managers), rounded outwards to whole customers.
balance-by-count = Workload is measured by the number of customers.
label-deputies = Also propose a deputy for every customer
label-pinned = Customers that must not move
balance-pinned-help = Customer numbers or business IDs (Y-tunnus), separated by spaces or commas.
label-leaving = Managers leaving
label-joining = Managers joining
balance-no-managers = No one holds customers yet.
balance-no-joiners = Everyone who can hold customers already holds some.
balance-propose = Propose
balance-proposal-title = Rebalance proposal
balance-summary = Summary
balance-method = Method
balance-method-min-cost-flow = Minimum-cost flow (exact)
balance-method-weight-classes = Minimum-cost flows over weight classes with branch and bound
balance-proven = Optimal
balance-proven-yes = Proven optimal: no assignment meeting the goals moves fewer customers.
balance-not-proven = Not proven optimal: no assignment moves fewer than { $bound }.
balance-objective = Customers moved
balance-moved = { $count } (of which unavoidable: { $unavoidable })
balance-band-label = Workload band
balance-band = { $min }–{ $max } customers per manager
balance-edit-goals = Change the goals
balance-moves-title = Customers changing manager
balance-moves-none = No customer needs to move: the goals are met already.
balance-from = From
balance-to = To
balance-why = Why
balance-keep = Keep with current manager
balance-keep-help = Tick the customers that should stay where they are and recalculate.
balance-recalculate = Recalculate with the ticked customers kept
balance-clears-deputy = The new manager is the current deputy: the customer will need a new deputy.
balance-reason-manager-leaving = The manager is leaving.
balance-reason-unassigned = The customer had no manager.
balance-reason-segment-coverage = The new manager held no customer of this segment.
balance-reason-workload = To bring workloads within the band.
balance-deputies-title = New deputies
balance-deputies-none = Every customer already has a suitable deputy.
balance-deputy-missing = The customer had no deputy.
balance-deputy-same-as-manager = The deputy was the customer’s own manager.
balance-deputy-unavailable = The deputy no longer holds customers.
balance-deputy-balance = To even out how many customers each person deputises for.
balance-without-candidate = Customers nobody can deputise for (their manager is the only one):
balance-loads-title = Workload before and after
balance-before = Customers before
balance-after = Customers after
balance-change = Change
balance-deputy-before = Deputy for, before
balance-deputy-after = Deputy for, after
balance-leaving-short = leaving
balance-apply-title = Apply the proposal
balance-apply-help = All changes are saved at once and recorded in each customer’s history. If someone changes one of these customers first, nothing is saved and you get a fresh proposal.
balance-apply = Apply these changes
balance-apply-unit-head = Only the unit head or an administrator can apply a proposal.
balance-applied = The changes have been applied. Customers changed: { $count }. Customers left without a deputy: { $cleared }.
balance-stale = Some of these customers were changed after the proposal was made, so nothing was saved. Here is a new proposal based on the current data.
balance-infeasible-title = These goals cannot be met
balance-infeasible-no-managers = No manager would hold customers. Please leave at least one manager in place or add one who joins.
balance-infeasible-pinned-to-absent = Customer { $customer } must not move, but its manager ({ $manager }) will not hold customers. Please unpin the customer or keep the manager.
balance-infeasible-pinned-capacity = { $manager } has { $pinned } customers that must not move, more than the maximum of { $max }. Please unpin some of them or raise the tolerance.
balance-infeasible-pinned-segment = { $manager } has { $pinned } customers in segment { $segment } that must not move, more than the maximum of { $max }.
balance-infeasible-segment-coverage = Segment { $segment } has only { $movable } customers that may move, but { $needed } are needed to give every manager one. Please unpin customers of this segment or drop the every-segment goal.
balance-infeasible-tolerance = No assignment keeps every workload between { $min } and { $max } customers ({ $total } customers, { $managers } managers). Please raise the tolerance.
balance-infeasible-coverage-workload = Every manager can hold every segment, but not with workloads between { $min } and { $max } customers. Please raise the tolerance or drop the every-segment goal.
balance-infeasible-undecided = The search stopped after { $nodes } steps without finding an assignment. Please loosen the goals.
balance-nearest = The nearest goals that can be met: tolerance { $tolerance } %, every manager holds every segment: { $every }.
balance-nearest-none = Loosening the tolerance does not help: only unpinning customers or adding managers can.
balance-use-nearest = Propose with these goals
balance-error-tolerance = Enter the tolerance as a whole number of per cent between 0 and 1000.
balance-error-unknown-customer = No customer has this number or business ID. Please check it.
balance-error-joining-and-leaving = The same person cannot both leave and join. Please untick one of them.
balance-error-duplicate = The same customer appears twice in the changes. Please make a new proposal.
cli-assign-dry-run = Nothing was changed (dry run). Run again with --apply to apply this proposal.
brief-link = Deputy brief
brief-title = Deputy brief
brief-heading = Deputy brief: { $name }
brief-generated = Generated from current data on { $date }.
brief-operating-model = Operating model and its practices
brief-no-description = The segment has no description yet.
brief-people = Partnership manager and deputy
brief-no-deputy = No deputy
brief-no-absences = No upcoming absences.
brief-absent = Away
brief-projects = Open development projects
brief-projects-none = No open development projects.
brief-critical = Upcoming critical services
brief-critical-none = No services are marked as critical for this customer.
brief-critical-help = Upcoming updates and budget meetings
brief-needs = Open needs and actions
brief-needs-none = No open needs or actions.
brief-contacts = Key contacts

## Deputising
deputising-title = Customers you stand in for now
deputising-help = The partnership manager of these customers is away. As their deputy you can edit them during the absence.
deputising-brief = deputy brief

## Projects (issue 5, first slice: register and status history)
nav-projects = Projects
projects-title = Project portfolio
projects-count = { $count ->
    [one] One project
   *[other] { $count } projects
}
projects-none = No projects match.
project-new = New project
project-new-title = New project
project-edit-title = Edit project
project-title = Project
project-basic = Project details
project-internal = Internal project
project-status-title = Status history
project-status-none = No status updates yet.
project-status-add = Add status update
notice-status-added = The status update was added to the history.
label-customer_id = Customer
label-executive_id = Executive (owner)
label-project_manager_id = Project manager
label-stage = Stage
label-stage_number = Delivery stage number
label-tolerance_time = Time tolerance
label-tolerance_cost = Cost tolerance
label-tolerance_scope = Scope tolerance
label-rag = Status
label-highlight = Highlight
stage-starting_up = Starting up
stage-initiating = Initiating
stage-delivery = Delivery
stage-delivery-n = Delivery, stage { $number }
stage-closing = Closing
stage-closed = Closed
rag-red = Red
rag-amber = Amber
rag-green = Green
rag-none = No status yet
error-stage-number = Give a stage number from 1 to 99.
error-stage-number-not-delivery = Only a delivery stage has a number.
error-not-staff = Choose an active member of the service centre's staff.
error-own-projects-only = You can create only projects that you manage or own.
projects-filter-capped = The filter offers only the first { $count } customers (by name) that have projects.
