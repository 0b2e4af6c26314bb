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
login-throttled = Too many failed sign-ins. Please try again in 15 minutes.
password-title = Change password
password-help = Changing your password signs you out on all devices. Then sign in with your new password.

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

## Access: tokens and absences
nav-absences = Absences
nav-tokens = API tokens
nav-password = Password
tokens-title = API tokens
tokens-intro = An API token lets your own scripts use the Kumppani API with your rights. Send it in the header Authorization: Bearer. Revoke a token as soon as it is no longer needed.
tokens-none = You have no API tokens.
token-created = Your new token is below. Copy it now: it will not be shown again.
token-created-at = Created
token-last-used = Last used
token-revoked = Revoked
token-revoke = Revoke
token-new = New API token
label-token_name = What it is for
absences-title = Absences
absences-intro = While a partnership manager is away, the deputies of their customers can edit those customers.
absences-none = No upcoming absences.
absence-new = New absence
label-starts_on = Starts
label-ends_on = Ends
label-note = Note
error-own-customers-only = As a partnership manager you can only create customers for yourself. The unit head assigns customers.
error-assign-forbidden = Only the unit head can change a customer's partnership manager or deputy.
