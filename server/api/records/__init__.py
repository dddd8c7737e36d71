"""The routes over one patient's records: the therapist's patient list and sign-in links
(patients), the programme (therapist), session reports, recorded clips and their jobs
(uploads), the intake, and the patient's privacy: their audit log, export and erasure
(privacy, export). Access is the session's: the patient, or their therapist."""
