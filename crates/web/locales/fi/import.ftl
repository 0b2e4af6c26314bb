# Data import from CSV.
