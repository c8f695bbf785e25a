"""Benchmarks for ictrules: ``python -m benchmarks`` (or ``make bench``).

Modules: :mod:`benchmarks.synthetic` (the seeded framework and schools), :mod:`benchmarks.
competitors` (the floor and the peers, generated from the same criteria data),
:mod:`benchmarks.cases` (what is measured), :mod:`benchmarks.timing`, :mod:`benchmarks.memory`
(peak memory in a fresh process) and :mod:`benchmarks.report` (table and docs page).
"""
