"""`formcheck bench`: how fast the app is, per stage, live, offline, and per machine.

A module per measure (stages, latency, capacity, memory, offline); `run` puts them
together into one JSON document and a table. Timings on a shared machine are noisy:
every figure is the median of several runs, and the run records the machine's load.
"""
