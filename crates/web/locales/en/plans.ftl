# Account plans: templates, sections, events, reviews, exports, calendars.
