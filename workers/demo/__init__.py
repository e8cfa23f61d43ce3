"""Demo data: the jurisdiction tree, the records built from the seed notices, and a
deterministic synthetic population, all as plain dicts and lists of primitives.

- `workers.demo.geography`  — `jurisdictions(scale)`: Xinjiang's administrative tree.
- `workers.demo.seeded`     — the Korla 2022 Q2 table, the Changji 2025 special units and
  officers' list (people invented), the Ili 2026 Q2 groups (people invented).
- `workers.demo.synthetic`  — `population(scale, seed)`: everything above plus a synthetic,
  reproducible population (default ≈ 3,000 units / 100 officers; province 100,000 / 2,000).

Every person, certificate number and credit code here is invented. Company names in
`seeded` are the ones printed in the public notices; their addresses, industries and
codes are made up.
"""
