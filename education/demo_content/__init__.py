"""Demo content for the education app, written in plain language (grade 8 or below)."""
