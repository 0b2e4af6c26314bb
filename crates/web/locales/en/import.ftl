# Data import from CSV.
nav-import = Import
import-title = Import from CSV
import-intro = Load customers, contacts or activities from a CSV file (UTF-8, comma-separated, a header row first). Rows with an error are listed with their line number and skipped; rows already imported (same external_id) are left as they are, so the same file can be imported again safely.
import-failed = The file could not be imported
import-no-file = Choose a file to upload.
import-report = Import finished
import-file = File
import-rows = Rows read
import-created = Created
import-unchanged = Already imported (unchanged)
import-rejected = Rejected
import-segments-created = New segments
import-rejected-rows = Rejected rows
import-line = Line
import-column = Column
import-reason = Reason
import-upload = Upload a file
import-kind = The file contains
import-kind-customers = Customers
import-kind-contacts = Contacts
import-kind-activities = Activities
import-file-label = CSV file
import-submit = Import
import-columns = Columns
import-columns-intro = The columns are found by the names in the header row, in any order; other columns are ignored. Customers and activities name people by username; contacts and activities name their customer by its external_id. A segment that does not exist yet is created.
import-required = required
error-import-missing-column = The file has no column with this name in its header row.
error-import-not-csv = The file is not a CSV file with a header row.
error-import-bad-row = The row cannot be read (broken quotes or not UTF-8 text).
error-import-duplicate = The same external_id appears earlier in the file.
activities-title = Recent activities
activities-none = No activities recorded.
activities-count = { $count ->
    [one] { $count } activity in all
   *[other] { $count } activities in all
}
activities-older = Older activities
activity-date = Date
activity-kind = Kind
activity-title = Subject
activity-owner = By
activity-kind-meeting = Meeting
activity-kind-call = Call
activity-kind-email = E-mail
activity-kind-task = Task
activity-kind-other = Other
