"""Privacy: the audit log (who read or changed whose data) and a patient's rights to
their data (export every row of theirs, erase every row of theirs)."""
