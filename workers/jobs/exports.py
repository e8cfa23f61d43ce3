"""Export jobs: the province's quarterly tables and a ledger bundle, written under var/jobs/."""
