"""Import jobs: a directory file of up to 100,000 rows, validated whole before anything is written."""
