# Stakeholders, communication plan, lessons log, glossary, project import.
